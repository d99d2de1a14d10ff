//! Reading records and their indexes: by id, by index value, prefix or
//! range, newest first. Reads go to sled directly (never through the
//! writer), so they see every acknowledged write and never wait for one.

use super::{codec, keys, IndexDef, Record, Store, StoreError};

impl Store {
    pub fn get<R: Record>(&self, id: u64) -> Result<Option<R>, StoreError> {
        match self.tree(R::TABLE.name)?.get(keys::id(id))? {
            Some(bytes) => Ok(Some(codec::decode(R::TABLE.name, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Records in id order after `after`, at most `limit`; the second value
    /// is the id to continue after, if there may be more.
    pub fn list<R: Record>(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> Result<(Vec<R>, Option<u64>), StoreError> {
        let tree = self.tree(R::TABLE.name)?;
        let start = after
            .map(|a| keys::id(a.saturating_add(1)).to_vec())
            .unwrap_or_default();
        let mut items: Vec<R> = Vec::new();
        let mut more = false;
        for entry in tree.range(start..) {
            let (_, bytes) = entry?;
            if items.len() == limit {
                more = true;
                break;
            }
            items.push(codec::decode(R::TABLE.name, &bytes)?);
        }
        let next = if more {
            items.last().map(|r| r.meta().id)
        } else {
            None
        };
        Ok((items, next))
    }

    /// Like [`Store::list`], keeping only records that `keep` accepts.
    pub fn list_where<R: Record>(
        &self,
        after: Option<u64>,
        limit: usize,
        keep: impl Fn(&R) -> bool,
    ) -> Result<(Vec<R>, Option<u64>), StoreError> {
        let tree = self.tree(R::TABLE.name)?;
        let start = after
            .map(|a| keys::id(a.saturating_add(1)).to_vec())
            .unwrap_or_default();
        let mut items: Vec<R> = Vec::new();
        for entry in tree.range(start..) {
            let (_, bytes) = entry?;
            let record: R = codec::decode(R::TABLE.name, &bytes)?;
            if !keep(&record) {
                continue;
            }
            if items.len() == limit {
                let next = items.last().map(|r| r.meta().id);
                return Ok((items, next));
            }
            items.push(record);
        }
        Ok((items, None))
    }

    /// The tree of one of `R`'s indexes; an index of another table is a bug
    /// reported as such, never a silent empty answer.
    pub(super) fn index_tree_of<R: Record>(
        &self,
        index: &'static IndexDef,
    ) -> Result<&sled::Tree, StoreError> {
        let name = R::TABLE.tree_of(index).ok_or_else(|| {
            StoreError::Corrupt(format!("{} has no index {}", R::TABLE.name, index.name))
        })?;
        self.tree(&name)
    }

    /// The records a non-unique index holds for exactly `value`, in id order.
    pub fn records_by_index<R: Record>(
        &self,
        index: &'static IndexDef,
        value: &[u8],
    ) -> Result<Vec<R>, StoreError> {
        let mut out = Vec::new();
        for id in self.ids_by_index::<R>(index, value)? {
            if let Some(r) = self.get::<R>(id)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Ids under one non-unique index value, lazily, in id order, starting
    /// after `after`.
    pub fn index_ids_after<R: Record>(
        &self,
        index: &'static IndexDef,
        value: &[u8],
        after: Option<u64>,
    ) -> Result<impl Iterator<Item = Result<u64, StoreError>>, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        let prefix = keys::non_unique_prefix(value);
        let start = match after {
            Some(a) => keys::non_unique(value, a.saturating_add(1)),
            None => prefix.clone(),
        };
        Ok(tree
            .range(start..)
            .take_while(move |e| e.as_ref().map_or(true, |(k, _)| k.starts_with(&prefix)))
            .map(|e| {
                let (key, _) = e?;
                keys::parse_id(&key)
                    .ok_or_else(|| StoreError::Corrupt("an index key has no id".into()))
            }))
    }

    /// Whether a non-unique index holds `value` for record `id`.
    pub fn index_has<R: Record>(
        &self,
        index: &'static IndexDef,
        value: &[u8],
        id: u64,
    ) -> Result<bool, StoreError> {
        Ok(self
            .index_tree_of::<R>(index)?
            .contains_key(keys::non_unique(value, id))?)
    }

    /// How many records an index value holds, counting no further than `cap`.
    pub fn index_count_capped<R: Record>(
        &self,
        index: &'static IndexDef,
        value: &[u8],
        cap: usize,
    ) -> Result<usize, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        Ok(tree
            .scan_prefix(keys::non_unique_prefix(value))
            .keys()
            .take(cap)
            .count())
    }

    /// Ids under every non-unique index value that starts with `prefix`.
    pub fn ids_by_index_prefix<R: Record>(
        &self,
        index: &'static IndexDef,
        prefix: &[u8],
    ) -> Result<Vec<u64>, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        let mut ids = Vec::new();
        for entry in tree.scan_prefix(prefix) {
            let (key, _) = entry?;
            if let Some(id) = keys::parse_id(&key) {
                ids.push(id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Ids under non-unique index values in `from..=to`, in value order.
    pub fn ids_by_index_range<R: Record>(
        &self,
        index: &'static IndexDef,
        from: &[u8],
        to: &[u8],
    ) -> Result<Vec<u64>, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        let mut ids = Vec::new();
        for entry in tree.range(from.to_vec()..) {
            let (key, _) = entry?;
            let value = &key[..key.len().saturating_sub(9)];
            if value > to {
                break;
            }
            if let Some(id) = keys::parse_id(&key) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Ids of records whose non-unique index `index` holds exactly `value`.
    pub fn ids_by_index<R: Record>(
        &self,
        index: &'static IndexDef,
        value: &[u8],
    ) -> Result<Vec<u64>, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        let mut ids = Vec::new();
        for entry in tree.scan_prefix(keys::non_unique_prefix(value)) {
            let (key, _) = entry?;
            if let Some(id) = keys::parse_id(&key) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The record a unique index holds for `key`.
    pub fn find_unique<R: Record>(
        &self,
        index: &'static IndexDef,
        key: &[u8],
    ) -> Result<Option<R>, StoreError> {
        let tree = self.index_tree_of::<R>(index)?;
        match tree.get(key)?.and_then(|v| keys::parse_id(&v)) {
            Some(id) => self.get(id),
            None => Ok(None),
        }
    }

    /// Record ids in descending order, starting below `before`.
    pub fn ids_desc<R: Record>(
        &self,
        before: Option<u64>,
    ) -> Result<impl Iterator<Item = Result<u64, StoreError>>, StoreError> {
        let tree = self.tree(R::TABLE.name)?;
        let end = keys::id(before.unwrap_or(u64::MAX)).to_vec();
        Ok(tree.range(..end).rev().map(|entry| {
            let (key, _) = entry?;
            keys::parse_id(&key)
                .ok_or_else(|| StoreError::Corrupt("a record key is not an id".into()))
        }))
    }

    /// Entries in the tree named `table`, if the schema has it.
    pub fn table_len(&self, table: &str) -> Option<u64> {
        self.inner.trees.get(table).map(|t| t.len() as u64)
    }

    pub fn count<R: Record>(&self) -> Result<usize, StoreError> {
        Ok(self.tree(R::TABLE.name)?.len())
    }
}
