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
    pub install_date: Option<NaiveDate>,
    pub warranty_end: Option<NaiveDate>,
    /// The free warranty months `warranty_end` was worked out from; `None`
    /// when someone set the date by hand (a covering sale contract then
    /// leaves it alone).
    #[serde(default)]
    pub warranty_months: Option<u32>,
    pub notes: String,
}

pub static DEVICES: TableDef = TableDef {
    name: "devices",
    indexes: &[
        IndexDef {
            name: "by_product_serial",
            unique: true,
            field: "serial_number",
        },
        IndexDef {
            name: "by_serial",
            unique: false,
            field: "serial_number",
        },
        IndexDef {
            name: "by_customer",
            unique: false,
            field: "customer_id",
        },
    ],
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
                index: "by_product_serial",
                key: product_serial(&self.product, &self.serial_number),
            },
            IndexKey {
                index: "by_serial",
                key: self.serial_number.as_bytes().to_vec(),
            },
            IndexKey {
                index: "by_customer",
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
            created_at: self.meta.created_at.to_rfc3339(),
            updated_at: self.meta.updated_at.to_rfc3339(),
            customer_id: self.customer_id,
            site: self.site.clone(),
            product: self.product.clone(),
            brand: self.brand.clone(),
            model: self.model.clone(),
            serial_number: self.serial_number.clone(),
            asset_tag: self.asset_tag.clone(),
            install_date: self.install_date,
            warranty_end: self.warranty_end,
            notes: self.notes.clone(),
        }
    }
}

impl Store {
    /// Devices with this (normalised) serial number, in any product line.
    pub fn devices_by_serial(&self, serial: &str) -> Result<Vec<DeviceRecord>, StoreError> {
        self.records_by_index("by_serial", serial.as_bytes())
    }

    /// The device holding this serial in this product line, if any.
    pub fn device_by_product_serial(
        &self,
        product: &str,
        serial: &str,
    ) -> Result<Option<DeviceRecord>, StoreError> {
        self.find_unique("by_product_serial", &product_serial(product, serial))
    }

    pub fn devices_of_customer(&self, customer_id: u64) -> Result<Vec<DeviceRecord>, StoreError> {
        self.records_by_index("by_customer", &keys::id(customer_id))
    }
}
