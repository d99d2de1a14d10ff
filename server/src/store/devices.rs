//! Devices on disk. A serial number is unique within its product line; a
//! lookup by serial alone may find devices of several product lines.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use servicebook_shared::devices::Device;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub customer_id: u64,
    pub site: String,
    pub product: String,
    pub brand: String,
    pub model: String,
    /// Normalised (trimmed, upper case).
    pub serial_number: String,
    pub asset_tag: String,
    /// Added with the firm's categories: older devices have none.
    #[serde(default)]
    pub category: String,
    pub install_date: Option<NaiveDate>,
    pub warranty_end: Option<NaiveDate>,
    /// The free warranty months `warranty_end` was worked out from; `None`
    /// when someone set the date by hand (a covering sale contract then
    /// leaves it alone).
    #[serde(default)]
    pub warranty_months: Option<u32>,
    pub notes: String,
}

pub static BY_PRODUCT_SERIAL: IndexDef = IndexDef {
    name: "by_product_serial",
    unique: true,
    field: "serial_number",
};
pub static BY_SERIAL: IndexDef = IndexDef {
    name: "by_serial",
    unique: false,
    field: "serial_number",
};
pub static BY_CUSTOMER: IndexDef = IndexDef {
    name: "by_customer",
    unique: false,
    field: "customer_id",
};

pub static DEVICES: TableDef = TableDef {
    name: "devices",
    indexes: &[&BY_PRODUCT_SERIAL, &BY_SERIAL, &BY_CUSTOMER],
};

fn product_serial(product: &str, serial: &str) -> Vec<u8> {
    let mut k = keys::text(product);
    k.push(0x1f); // unit separator: never part of trimmed text
    k.extend_from_slice(serial.as_bytes());
    k
}

impl Record for DeviceRecord {
    const TABLE: &'static TableDef = &DEVICES;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_PRODUCT_SERIAL,
                key: product_serial(&self.product, &self.serial_number),
            },
            IndexKey {
                index: &BY_SERIAL,
                key: self.serial_number.as_bytes().to_vec(),
            },
            IndexKey {
                index: &BY_CUSTOMER,
                key: keys::id(self.customer_id).to_vec(),
            },
        ]
    }
}

impl DeviceRecord {
    pub fn to_wire(&self) -> Device {
        Device {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            customer_id: self.customer_id,
            site: self.site.clone(),
            product: self.product.clone(),
            brand: self.brand.clone(),
            model: self.model.clone(),
            serial_number: self.serial_number.clone(),
            asset_tag: self.asset_tag.clone(),
            category: self.category.clone(),
            install_date: self.install_date,
            warranty_end: self.warranty_end,
            notes: self.notes.clone(),
        }
    }
}

impl Store {
    /// Devices with this (normalised) serial number, in any product line.
    pub fn devices_by_serial(&self, serial: &str) -> Result<Vec<DeviceRecord>, StoreError> {
        self.records_by_index(&BY_SERIAL, serial.as_bytes())
    }

    /// The device holding this serial in this product line, if any.
    pub fn device_by_product_serial(
        &self,
        product: &str,
        serial: &str,
    ) -> Result<Option<DeviceRecord>, StoreError> {
        self.find_unique(&BY_PRODUCT_SERIAL, &product_serial(product, serial))
    }

    pub fn devices_of_customer(&self, customer_id: u64) -> Result<Vec<DeviceRecord>, StoreError> {
        self.records_by_index(&BY_CUSTOMER, &keys::id(customer_id))
    }
}
