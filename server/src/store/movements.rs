//! Stock movements on disk: written once, never changed. Indexed by part,
//! by location (both ends) and by work order, each walked newest first.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::stock::{Movement, MovementKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MovementRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub kind: MovementKind,
    pub part_id: u64,
    pub quantity: u32,
    #[serde(default)]
    pub delta: i64,
    pub from_location_id: Option<u64>,
    pub to_location_id: Option<u64>,
    pub work_order_id: Option<u64>,
    #[serde(default)]
    pub serials: Vec<String>,
    #[serde(default)]
    pub supplier: String,
    #[serde(default)]
    pub reference: String,
    pub file_id: Option<u64>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub released_reservation: u32,
    pub by_user_id: Option<u64>,
    pub by_name: String,
}

pub static BY_PART: IndexDef = IndexDef {
    name: "by_part",
    unique: false,
    field: "part_id",
};
pub static BY_LOCATION: IndexDef = IndexDef {
    name: "by_location",
    unique: false,
    field: "location_id",
};
pub static BY_WORK_ORDER: IndexDef = IndexDef {
    name: "by_work_order",
    unique: false,
    field: "work_order_id",
};

pub static MOVEMENTS: TableDef = TableDef {
    name: "stock_movements",
    indexes: &[&BY_PART, &BY_LOCATION, &BY_WORK_ORDER],
};

impl Record for MovementRecord {
    const TABLE: &'static TableDef = &MOVEMENTS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![IndexKey {
            index: &BY_PART,
            key: keys::id(self.part_id).to_vec(),
        }];
        for loc in [self.from_location_id, self.to_location_id]
            .into_iter()
            .flatten()
        {
            k.push(IndexKey {
                index: &BY_LOCATION,
                key: keys::id(loc).to_vec(),
            });
        }
        if let Some(wo) = self.work_order_id {
            k.push(IndexKey {
                index: &BY_WORK_ORDER,
                key: keys::id(wo).to_vec(),
            });
        }
        k
    }
}

impl MovementRecord {
    pub fn to_wire(&self) -> Movement {
        Movement {
            id: self.meta.id,
            created_at: self.meta.created_at,
            kind: self.kind,
            part_id: self.part_id,
            quantity: self.quantity,
            delta: self.delta,
            from_location_id: self.from_location_id,
            to_location_id: self.to_location_id,
            work_order_id: self.work_order_id,
            serials: self.serials.clone(),
            supplier: self.supplier.clone(),
            reference: self.reference.clone(),
            file_id: self.file_id,
            reason: self.reason.clone(),
            released_reservation: self.released_reservation,
            by_user_id: self.by_user_id,
            by_name: self.by_name.clone(),
        }
    }
}

/// Which movements to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct MovementFilter {
    pub part_id: Option<u64>,
    pub location_id: Option<u64>,
    pub work_order_id: Option<u64>,
}

impl MovementFilter {
    fn keeps(&self, m: &MovementRecord) -> bool {
        self.part_id.is_none_or(|p| m.part_id == p)
            && self
                .location_id
                .is_none_or(|l| m.from_location_id == Some(l) || m.to_location_id == Some(l))
            && self
                .work_order_id
                .is_none_or(|w| m.work_order_id == Some(w))
    }
}

impl Store {
    /// Movements newest first, below id `before`, at most `limit`; the
    /// second value continues the listing. Walks the narrowest index the
    /// filter names (work order, then part, then location).
    pub fn movements(
        &self,
        filter: MovementFilter,
        before: Option<u64>,
        limit: usize,
    ) -> Result<(Vec<MovementRecord>, Option<u64>), StoreError> {
        let index = match filter {
            MovementFilter {
                work_order_id: Some(w),
                ..
            } => Some((&BY_WORK_ORDER, w)),
            MovementFilter {
                part_id: Some(p), ..
            } => Some((&BY_PART, p)),
            MovementFilter {
                location_id: Some(l),
                ..
            } => Some((&BY_LOCATION, l)),
            _ => None,
        };
        let ids: Box<dyn Iterator<Item = Result<u64, StoreError>>> = match index {
            Some((def, value)) => {
                let tree = self.index_tree_of::<MovementRecord>(def)?;
                let value = keys::id(value);
                let start = keys::non_unique_prefix(&value);
                let end = keys::non_unique(&value, before.unwrap_or(u64::MAX));
                Box::new(tree.range(start..end).rev().map(|e| {
                    let (k, _) = e?;
                    keys::parse_id(&k)
                        .ok_or_else(|| StoreError::Corrupt("an index key has no id".into()))
                }))
            }
            None => Box::new(self.ids_desc::<MovementRecord>(before)?),
        };
        let mut out = Vec::new();
        for id in ids {
            let Some(m) = self.get::<MovementRecord>(id?)? else {
                continue;
            };
            if !filter.keeps(&m) {
                continue;
            }
            if out.len() == limit {
                let next = out.last().map(|m: &MovementRecord| m.meta.id);
                return Ok((out, next));
            }
            out.push(m);
        }
        Ok((out, None))
    }

    /// Every movement, oldest first, one at a time (for a recomputation).
    pub fn each_movement(
        &self,
        mut f: impl FnMut(MovementRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut after = None;
        loop {
            let (page, next) = self.list::<MovementRecord>(after, 1000)?;
            for m in page {
                f(m)?;
            }
            match next {
                Some(n) => after = Some(n),
                None => return Ok(()),
            }
        }
    }
}
