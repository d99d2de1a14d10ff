//! Stock balances and serial numbers on disk: what the movements add up
//! to, kept in the same write as each movement (so they are never behind)
//! and recomputable from the movements (`service::stock::check`). One
//! balance per (part, location); one serial record per (part, serial),
//! naming where that unit is now.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::stock::Balance;
use std::collections::HashMap;

fn group(pairs: impl Iterator<Item = (u64, String)>) -> HashMap<u64, Vec<String>> {
    let mut out: HashMap<u64, Vec<String>> = HashMap::new();
    for (k, s) in pairs {
        out.entry(k).or_default().push(s);
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub part_id: u64,
    pub location_id: u64,
    pub on_hand: u32,
    /// Reservations: (work order id, units), no zero entries.
    pub reserved_for: Vec<(u64, u32)>,
}

pub static BAL_BY_PART_LOCATION: IndexDef = IndexDef {
    name: "by_part_location",
    unique: true,
    field: "location_id",
};
pub static BAL_BY_PART: IndexDef = IndexDef {
    name: "by_part",
    unique: false,
    field: "part_id",
};
pub static BAL_BY_LOCATION: IndexDef = IndexDef {
    name: "by_location",
    unique: false,
    field: "location_id",
};

pub static BALANCES: TableDef = TableDef {
    name: "stock_balances",
    indexes: &[&BAL_BY_PART_LOCATION, &BAL_BY_PART, &BAL_BY_LOCATION],
};

/// The key of one (part, location).
pub fn pair(part: u64, location: u64) -> Vec<u8> {
    let mut k = keys::id(part).to_vec();
    k.extend_from_slice(&keys::id(location));
    k
}

impl Record for BalanceRecord {
    const TABLE: &'static TableDef = &BALANCES;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BAL_BY_PART_LOCATION,
                key: pair(self.part_id, self.location_id),
            },
            IndexKey {
                index: &BAL_BY_PART,
                key: keys::id(self.part_id).to_vec(),
            },
            IndexKey {
                index: &BAL_BY_LOCATION,
                key: keys::id(self.location_id).to_vec(),
            },
        ]
    }
}

impl BalanceRecord {
    pub fn empty(part_id: u64, location_id: u64) -> BalanceRecord {
        BalanceRecord {
            meta: RecordMeta::new(),
            part_id,
            location_id,
            on_hand: 0,
            reserved_for: Vec::new(),
        }
    }

    pub fn reserved(&self) -> u32 {
        self.reserved_for.iter().map(|(_, q)| q).sum()
    }

    pub fn available(&self) -> u32 {
        self.on_hand.saturating_sub(self.reserved())
    }

    pub fn reserved_by(&self, work_order: u64) -> u32 {
        self.reserved_for
            .iter()
            .find(|(w, _)| *w == work_order)
            .map_or(0, |(_, q)| *q)
    }

    pub fn to_wire(&self, serials: Vec<String>) -> Balance {
        Balance {
            part_id: self.part_id,
            location_id: self.location_id,
            on_hand: self.on_hand,
            reserved: self.reserved(),
            available: self.available(),
            reserved_for: self
                .reserved_for
                .iter()
                .map(
                    |&(work_order_id, quantity)| servicebook_shared::stock::Reservation {
                        work_order_id,
                        quantity,
                    },
                )
                .collect(),
            serials,
        }
    }
}

/// One unit of a serial-tracked part: where it is now (`None`: consumed on
/// a work order or sent to the vendor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SerialRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub part_id: u64,
    /// Normalised (trimmed, upper case).
    pub serial: String,
    pub location_id: Option<u64>,
    /// The movement that put it where it is.
    pub last_movement_id: u64,
}

pub static SERIAL_BY_PART_SERIAL: IndexDef = IndexDef {
    name: "by_part_serial",
    unique: true,
    field: "serials",
};
pub static SERIAL_BY_PART_LOCATION: IndexDef = IndexDef {
    name: "by_part_location",
    unique: false,
    field: "location_id",
};

/// Every serial at one location (whatever the part): one scan per listing.
pub static SERIAL_BY_LOCATION: IndexDef = IndexDef {
    name: "by_location",
    unique: false,
    field: "location_id",
};

pub static SERIALS: TableDef = TableDef {
    name: "stock_serials",
    indexes: &[
        &SERIAL_BY_PART_SERIAL,
        &SERIAL_BY_PART_LOCATION,
        &SERIAL_BY_LOCATION,
    ],
};

pub fn part_serial(part: u64, serial: &str) -> Vec<u8> {
    let mut k = keys::id(part).to_vec();
    k.extend_from_slice(serial.as_bytes());
    k
}

impl Record for SerialRecord {
    const TABLE: &'static TableDef = &SERIALS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![IndexKey {
            index: &SERIAL_BY_PART_SERIAL,
            key: part_serial(self.part_id, &self.serial),
        }];
        if let Some(loc) = self.location_id {
            k.push(IndexKey {
                index: &SERIAL_BY_PART_LOCATION,
                key: pair(self.part_id, loc),
            });
            k.push(IndexKey {
                index: &SERIAL_BY_LOCATION,
                key: keys::id(loc).to_vec(),
            });
        }
        k
    }
}

impl Store {
    pub fn balance(&self, part: u64, location: u64) -> Result<Option<BalanceRecord>, StoreError> {
        self.find_unique::<BalanceRecord>(&BAL_BY_PART_LOCATION, &pair(part, location))
    }

    pub fn balances_of_part(&self, part: u64) -> Result<Vec<BalanceRecord>, StoreError> {
        self.records_by_index(&BAL_BY_PART, &keys::id(part))
    }

    pub fn balances_at(&self, location: u64) -> Result<Vec<BalanceRecord>, StoreError> {
        self.records_by_index(&BAL_BY_LOCATION, &keys::id(location))
    }

    /// Every balance, in id order.
    pub fn all_balances(&self) -> Result<Vec<BalanceRecord>, StoreError> {
        Ok(self.list::<BalanceRecord>(None, usize::MAX - 1)?.0)
    }

    /// The serials now at `location`, by part, sorted.
    pub fn serials_by_part_at(
        &self,
        location: u64,
    ) -> Result<HashMap<u64, Vec<String>>, StoreError> {
        let records =
            self.records_by_index::<SerialRecord>(&SERIAL_BY_LOCATION, &keys::id(location))?;
        Ok(group(records.into_iter().map(|r| (r.part_id, r.serial))))
    }

    /// The serials of `part` in stock, by location, sorted.
    pub fn serials_of_part(&self, part: u64) -> Result<HashMap<u64, Vec<String>>, StoreError> {
        let ids =
            self.ids_by_index_prefix::<SerialRecord>(&SERIAL_BY_PART_LOCATION, &keys::id(part))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = self.get::<SerialRecord>(id)? {
                if let Some(loc) = r.location_id {
                    out.push((loc, r.serial));
                }
            }
        }
        Ok(group(out.into_iter()))
    }

    /// The serials of `part` now at `location`, sorted.
    pub fn serials_at(&self, part: u64, location: u64) -> Result<Vec<String>, StoreError> {
        let mut s: Vec<String> = self
            .records_by_index::<SerialRecord>(&SERIAL_BY_PART_LOCATION, &pair(part, location))?
            .into_iter()
            .map(|r| r.serial)
            .collect();
        s.sort();
        Ok(s)
    }
}
