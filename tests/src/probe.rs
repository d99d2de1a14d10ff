//! A throwaway record type for tests and benchmarks of the store itself, so
//! they do not depend on any one business record.

use serde::{Deserialize, Serialize};
use servicebook::store::{keys, IndexDef, IndexKey, Record, RecordMeta, Schema, TableDef};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// Unique per written probe: which writer, which attempt.
    pub tag: String,
    pub writer: u32,
    pub payload: String,
}

pub static BY_TAG: IndexDef = IndexDef {
    name: "by_tag",
    unique: true,
    field: "tag",
};
pub static BY_WRITER: IndexDef = IndexDef {
    name: "by_writer",
    unique: false,
    field: "writer",
};

pub static PROBES: TableDef = TableDef {
    name: "probes",
    indexes: &[&BY_TAG, &BY_WRITER],
};

pub static SCHEMA: Schema = Schema {
    version: 1,
    tables: &[&PROBES],
    migrations: &[],
};

impl Record for Probe {
    const TABLE: &'static TableDef = &PROBES;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_TAG,
                key: keys::text(&self.tag),
            },
            IndexKey {
                index: &BY_WRITER,
                key: self.writer.to_be_bytes().to_vec(),
            },
        ]
    }
}

impl Probe {
    pub fn new(writer: u32, n: u64) -> Probe {
        Probe {
            meta: RecordMeta::new(),
            tag: format!("w{writer}-{n}"),
            writer,
            payload: format!("probe {n} of writer {writer}: 设备巡检 {}", "x".repeat(200)),
        }
    }
}
