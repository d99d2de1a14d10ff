//! The audit trail on disk: one record per write, in the write's own
//! transaction, so there is no acknowledged write without its entry.

use super::tx::{Tx, TxResult};
use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::audit::{AuditEntry, FieldChange};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub actor_id: Option<u64>,
    pub actor: String,
    pub action: String,
    pub record_type: String,
    pub record_id: u64,
    pub changes: Vec<FieldChange>,
}

pub static BY_RECORD: IndexDef = IndexDef {
    name: "by_record",
    unique: false,
    field: "record",
};
pub static BY_ACTOR: IndexDef = IndexDef {
    name: "by_actor",
    unique: false,
    field: "actor_id",
};

pub static AUDIT: TableDef = TableDef {
    name: "audit",
    indexes: &[&BY_RECORD, &BY_ACTOR],
};

impl Record for AuditRecord {
    const TABLE: &'static TableDef = &AUDIT;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut k = vec![IndexKey {
            index: &BY_RECORD,
            key: record_key(&self.record_type, self.record_id),
        }];
        if let Some(actor) = self.actor_id {
            k.push(IndexKey {
                index: &BY_ACTOR,
                key: keys::id(actor).to_vec(),
            });
        }
        k
    }
}

fn record_key(record_type: &str, id: u64) -> Vec<u8> {
    let mut k = keys::text(record_type);
    k.push(0xff); // never inside UTF-8, so "user" and "users" cannot collide
    k.extend_from_slice(&keys::id(id));
    k
}

impl AuditRecord {
    pub fn to_wire(&self) -> AuditEntry {
        AuditEntry {
            id: self.meta.id,
            at: self.meta.created_at,
            actor_id: self.actor_id,
            actor: self.actor.clone(),
            action: self.action.clone(),
            record_type: self.record_type.clone(),
            record_id: self.record_id,
            changes: self.changes.clone(),
        }
    }
}

/// Who is writing: a signed-in user, the command line, or the server itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<u64>,
    pub name: String,
}

impl Actor {
    pub fn user(id: u64, username: &str) -> Actor {
        Actor {
            id: Some(id),
            name: username.to_owned(),
        }
    }
    pub fn cli() -> Actor {
        Actor {
            id: None,
            name: "cli".into(),
        }
    }
    pub fn system() -> Actor {
        Actor {
            id: None,
            name: "system".into(),
        }
    }
}

/// Bookkeeping fields every record has: their changes are not news.
const META_FIELDS: &[&str] = &["id", "version", "created_at", "updated_at"];

/// Field-by-field changes between two versions of a record (`None` for
/// "did not exist"), leaving out bookkeeping and `hidden` fields.
///
/// `hidden` holds dotted paths (`signature.svg`); a path through a list
/// applies to each of its items. Nested objects are compared field by field
/// (`business_hours.start`), and a list that only grew at its end is
/// recorded as the items added, so an entry's size follows the change, not
/// the record's history.
pub fn diff<T: Serialize>(
    before: Option<&T>,
    after: Option<&T>,
    hidden: &[&str],
) -> Vec<FieldChange> {
    let as_map = |v: Option<&T>| match v.map(serde_json::to_value) {
        Some(Ok(serde_json::Value::Object(mut m))) => {
            for f in META_FIELDS {
                m.remove(*f);
            }
            for path in hidden {
                let parts: Vec<&str> = path.split('.').collect();
                remove_path(&mut m, &parts);
            }
            m
        }
        _ => serde_json::Map::new(),
    };
    let (b, a) = (as_map(before), as_map(after));
    let mut out = Vec::new();
    if before.is_none() {
        // A creation lists every field against null, whole.
        for (f, v) in a {
            if !v.is_null() {
                out.push(FieldChange::set(f, serde_json::Value::Null, v));
            }
        }
        return out;
    }
    diff_maps("", &b, &a, &mut out);
    out
}

fn remove_path(map: &mut serde_json::Map<String, serde_json::Value>, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.remove(*first);
        return;
    }
    match map.get_mut(*first) {
        Some(serde_json::Value::Object(inner)) => remove_path(inner, rest),
        Some(serde_json::Value::Array(items)) => {
            for item in items {
                if let serde_json::Value::Object(inner) = item {
                    remove_path(inner, rest);
                }
            }
        }
        _ => {}
    }
}

fn diff_maps(
    prefix: &str,
    b: &serde_json::Map<String, serde_json::Value>,
    a: &serde_json::Map<String, serde_json::Value>,
    out: &mut Vec<FieldChange>,
) {
    use serde_json::Value;
    let mut fields: Vec<&String> = b.keys().chain(a.keys()).collect();
    fields.sort();
    fields.dedup();
    for f in fields {
        let name = if prefix.is_empty() {
            f.clone()
        } else {
            format!("{prefix}.{f}")
        };
        let (old, new) = (
            b.get(f).cloned().unwrap_or_default(),
            a.get(f).cloned().unwrap_or_default(),
        );
        if old == new {
            continue;
        }
        match (&old, &new) {
            (Value::Object(bo), Value::Object(ao)) => diff_maps(&name, bo, ao, out),
            (Value::Array(bl), Value::Array(al))
                if al.len() > bl.len() && al[..bl.len()] == bl[..] =>
            {
                out.push(FieldChange::added(name, al[bl.len()..].to_vec()));
            }
            _ => out.push(FieldChange::set(name, old, new)),
        }
    }
}

impl Tx<'_> {
    /// Appends an audit entry to this write.
    pub fn audit(
        &self,
        actor: &Actor,
        action: &str,
        record_type: &str,
        record_id: u64,
        changes: Vec<FieldChange>,
    ) -> TxResult<()> {
        self.insert(AuditRecord {
            meta: RecordMeta::new(),
            actor_id: actor.id,
            actor: actor.name.clone(),
            action: action.to_owned(),
            record_type: record_type.to_owned(),
            record_id,
            changes,
        })?;
        Ok(())
    }

    /// Inserts a record and its `create` audit entry (without the fields
    /// the record type hides, [`Record::HIDDEN`]).
    pub fn insert_audited<R: Record>(&self, record: R, actor: &Actor) -> TxResult<R> {
        let saved = self.insert(record)?;
        let changes = diff(None, Some(&saved), R::HIDDEN);
        self.audit(actor, "create", R::TABLE.name, saved.meta().id, changes)?;
        Ok(saved)
    }

    /// Updates a record at `expected_version` and audits what changed.
    pub fn update_audited<R: Record>(
        &self,
        record: R,
        expected_version: u64,
        actor: &Actor,
        action: &str,
    ) -> TxResult<R> {
        let before: R = self.require(record.meta().id)?;
        let saved = self.update(record, expected_version)?;
        let changes = diff(Some(&before), Some(&saved), R::HIDDEN);
        self.audit(actor, action, R::TABLE.name, saved.meta().id, changes)?;
        Ok(saved)
    }
}

/// What to look for in the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub record: Option<(String, u64)>,
    pub actor_id: Option<u64>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// Entries newest first, before the entry `before` (a cursor), at most
    /// `limit`; the second value continues the listing.
    pub fn audit_entries(
        &self,
        filter: &AuditFilter,
        before: Option<u64>,
        limit: usize,
    ) -> Result<(Vec<AuditRecord>, Option<u64>), StoreError> {
        let candidates: Box<dyn Iterator<Item = Result<u64, StoreError>>> =
            if let Some((t, id)) = &filter.record {
                Box::new(
                    self.ids_by_index::<AuditRecord>(&BY_RECORD, &record_key(t, *id))?
                        .into_iter()
                        .rev()
                        .map(Ok),
                )
            } else if let Some(actor) = filter.actor_id {
                Box::new(
                    self.ids_by_index::<AuditRecord>(&BY_ACTOR, &keys::id(actor))?
                        .into_iter()
                        .rev()
                        .map(Ok),
                )
            } else {
                Box::new(self.ids_desc::<AuditRecord>(before)?)
            };
        let mut items = Vec::new();
        for id in candidates {
            let id = id?;
            if before.is_some_and(|b| id >= b) {
                continue;
            }
            let Some(entry) = self.get::<AuditRecord>(id)? else {
                continue;
            };
            let at = entry.meta.created_at;
            if filter.to.is_some_and(|to| at > to)
                || filter.actor_id.is_some_and(|a| entry.actor_id != Some(a))
            {
                continue;
            }
            // Ids grow with time, so older entries than `from` end the search.
            if filter.from.is_some_and(|from| at < from) {
                break;
            }
            if items.len() == limit {
                let next = items.last().map(|e: &AuditRecord| e.meta.id);
                return Ok((items, next));
            }
            items.push(entry);
        }
        Ok((items, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Thing {
        id: u64,
        version: u64,
        name: &'static str,
        secret: &'static str,
        tags: Vec<&'static str>,
    }

    #[test]
    fn diff_names_changed_fields_only_and_hides_secrets() {
        let a = Thing {
            id: 1,
            version: 1,
            name: "old",
            secret: "s1",
            tags: vec!["x"],
        };
        let b = Thing {
            id: 1,
            version: 2,
            name: "new",
            secret: "s2",
            tags: vec!["x"],
        };
        let changes = diff(Some(&a), Some(&b), &["secret"]);
        assert_eq!(
            changes,
            vec![FieldChange::set("name".into(), json!("old"), json!("new"))]
        );
    }

    #[derive(Serialize)]
    struct Signed {
        id: u64,
        events: Vec<u32>,
        signature: Option<Sig>,
        hours: Hours,
    }
    #[derive(Serialize)]
    struct Sig {
        by: &'static str,
        svg: String,
    }
    #[derive(Serialize)]
    struct Hours {
        start: u32,
        end: u32,
    }

    #[test]
    fn appended_items_are_recorded_as_added_and_nested_fields_by_path() {
        let a = Signed {
            id: 1,
            events: (0..200).collect(),
            signature: None,
            hours: Hours { start: 9, end: 18 },
        };
        let b = Signed {
            id: 1,
            events: (0..201).collect(),
            signature: Some(Sig {
                by: "张主任",
                svg: "<svg>…</svg>".repeat(100),
            }),
            hours: Hours { start: 8, end: 18 },
        };
        let changes = diff(Some(&a), Some(&b), &["signature.svg"]);
        assert_eq!(
            changes,
            vec![
                FieldChange::added("events".into(), vec![json!(200)]),
                FieldChange::set("hours.start".into(), json!(9), json!(8)),
                FieldChange::set("signature".into(), json!(null), json!({"by": "张主任"})),
            ]
        );
    }

    #[test]
    fn diff_of_a_creation_lists_every_field_against_null() {
        let b = Thing {
            id: 1,
            version: 1,
            name: "n",
            secret: "s",
            tags: vec![],
        };
        let fields: Vec<_> = diff(None, Some(&b), &["secret"])
            .into_iter()
            .map(|c| (c.field, c.before))
            .collect();
        assert_eq!(
            fields,
            vec![("name".into(), json!(null)), ("tags".into(), json!(null))]
        );
    }
}
