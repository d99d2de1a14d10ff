//! Store behaviour, on a throwaway table so the mechanics are tested apart
//! from any one record type.

use super::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Widget {
    #[serde(flatten)]
    meta: RecordMeta,
    code: String,
    owner: String,
}

pub static BY_CODE: IndexDef = IndexDef {
    name: "by_code",
    unique: true,
    field: "code",
};
pub static BY_OWNER: IndexDef = IndexDef {
    name: "by_owner",
    unique: false,
    field: "owner",
};

static WIDGETS: TableDef = TableDef {
    name: "widgets",
    indexes: &[&BY_CODE, &BY_OWNER],
};

impl Record for Widget {
    const TABLE: &'static TableDef = &WIDGETS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![
            IndexKey {
                index: &BY_CODE,
                key: keys::text(&self.code),
            },
            IndexKey {
                index: &BY_OWNER,
                key: keys::text(&self.owner),
            },
        ]
    }
}

fn widget(code: &str, owner: &str) -> Widget {
    Widget {
        meta: RecordMeta::new(),
        code: code.into(),
        owner: owner.into(),
    }
}

static V1: Schema = Schema {
    version: 1,
    tables: &[&WIDGETS],
    migrations: &[],
};

fn open(dir: &Path) -> Store {
    Store::open_with(dir, &StoreOptions::default(), &V1).expect("open store")
}

fn insert(store: &Store, w: Widget) -> Result<Widget, StoreError> {
    store.write_blocking(move |tx| tx.insert(w.clone()))
}

fn update(store: &Store, w: Widget, expected: u64) -> Result<Widget, StoreError> {
    store.write_blocking(move |tx| tx.update(w.clone(), expected))
}

#[test]
fn a_record_round_trips_with_id_version_and_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let saved = insert(&store, widget("W-1", "alice")).unwrap();
    assert!(saved.meta.id >= 1);
    assert_eq!(saved.meta.version, 1);
    assert_eq!(saved.meta.created_at, saved.meta.updated_at);
    assert_eq!(
        store.get::<Widget>(saved.meta.id).unwrap(),
        Some(saved.clone())
    );

    // And it is still there after the store is closed and opened again.
    store.close();
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.get::<Widget>(saved.meta.id).unwrap(), Some(saved));
}

#[test]
fn indexes_follow_their_record_through_updates() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let w = insert(&store, widget("W-1", "Alice")).unwrap();
    let id = w.meta.id;
    assert_eq!(
        store
            .ids_by_index::<Widget>(&BY_OWNER, &keys::text("alice"))
            .unwrap(),
        vec![id]
    );
    assert_eq!(
        store
            .find_unique::<Widget>(&BY_CODE, &keys::text("w-1"))
            .unwrap()
            .map(|w| w.meta.id),
        Some(id)
    );

    let mut changed = w.clone();
    changed.owner = "Bob".into();
    changed.code = "W-2".into();
    let changed = update(&store, changed, 1).unwrap();
    assert_eq!(changed.meta.version, 2);
    assert!(store
        .ids_by_index::<Widget>(&BY_OWNER, &keys::text("alice"))
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .ids_by_index::<Widget>(&BY_OWNER, &keys::text("bob"))
            .unwrap(),
        vec![id]
    );
    assert!(store
        .find_unique::<Widget>(&BY_CODE, &keys::text("w-1"))
        .unwrap()
        .is_none());
    // The freed code can be taken by another record.
    insert(&store, widget("W-1", "carol")).unwrap();
}

#[test]
fn a_duplicate_unique_key_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let first = insert(&store, widget("SN-1", "alice")).unwrap();
    let err = insert(&store, widget("sn-1", "bob")).unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate { field: "code", existing, .. } if existing == first.meta.id)
    );
    assert_eq!(store.count::<Widget>().unwrap(), 1);
    assert!(store
        .ids_by_index::<Widget>(&BY_OWNER, &keys::text("bob"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_stale_version_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let w = insert(&store, widget("W-1", "alice")).unwrap();
    let mut first_edit = w.clone();
    first_edit.owner = "bob".into();
    update(&store, first_edit, 1).unwrap();

    let mut late_edit = w.clone();
    late_edit.owner = "carol".into();
    let err = update(&store, late_edit, 1).unwrap_err();
    assert!(matches!(
        err,
        StoreError::StaleVersion {
            expected: 1,
            actual: 2,
            ..
        }
    ));
    let now = store.get::<Widget>(w.meta.id).unwrap().unwrap();
    assert_eq!((now.owner.as_str(), now.meta.version), ("bob", 2));
    assert!(store
        .ids_by_index::<Widget>(&BY_OWNER, &keys::text("carol"))
        .unwrap()
        .is_empty());
}

#[test]
fn an_aborted_write_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let err = store
        .write_blocking(|tx| {
            tx.insert(widget("W-9", "alice"))?;
            abort::<()>(StoreError::Rejected(Rejection {
                status: 422,
                code: servicebook_shared::ProblemCode::Invalid,
                message: "changed my mind".into(),
                fields: Default::default(),
            }))
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Rejected(_)));
    assert_eq!(store.count::<Widget>().unwrap(), 0);
    assert!(store
        .find_unique::<Widget>(&BY_CODE, &keys::text("w-9"))
        .unwrap()
        .is_none());
}

#[test]
fn lists_page_through_records_in_id_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    for i in 0..7 {
        insert(&store, widget(&format!("W-{i}"), "alice")).unwrap();
    }
    let (page1, next) = store.list::<Widget>(None, 3).unwrap();
    let (page2, next2) = store.list::<Widget>(next, 3).unwrap();
    let (page3, next3) = store.list::<Widget>(next2, 3).unwrap();
    let codes: Vec<_> = page1
        .iter()
        .chain(&page2)
        .chain(&page3)
        .map(|w| w.code.clone())
        .collect();
    assert_eq!(codes, (0..7).map(|i| format!("W-{i}")).collect::<Vec<_>>());
    assert!(next.is_some() && next2.is_some());
    assert_eq!(next3, None);
    // An exact multiple of the page size ends without an empty extra page.
    let (all, end) = store.list::<Widget>(None, 7).unwrap();
    assert_eq!((all.len(), end), (7, None));
}

#[test]
fn sequences_count_up_per_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let a = store
        .write_blocking(|tx| tx.next_in_sequence("SR-2026"))
        .unwrap();
    let b = store
        .write_blocking(|tx| tx.next_in_sequence("SR-2026"))
        .unwrap();
    let c = store
        .write_blocking(|tx| tx.next_in_sequence("WO-2026"))
        .unwrap();
    assert_eq!((a, b, c), (1, 2, 1));
}

#[test]
fn concurrent_writes_are_all_committed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let writes = (0..200).map(|i| {
            let store = store.clone();
            async move {
                store
                    .write(move |tx| tx.insert(widget(&format!("C-{i}"), "load")))
                    .await
            }
        });
        for r in futures_util::future::join_all(writes).await {
            r.unwrap();
        }
    });
    assert_eq!(store.count::<Widget>().unwrap(), 200);
    assert_eq!(
        store
            .ids_by_index::<Widget>(&BY_OWNER, &keys::text("load"))
            .unwrap()
            .len(),
        200
    );
}

#[test]
fn a_newer_schema_is_refused_without_touching_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let w = insert(&store, widget("W-1", "alice")).unwrap();
    store.close();
    drop(store);

    static V9: Schema = Schema {
        version: 9,
        tables: &[&WIDGETS],
        migrations: &[],
    };
    // Written by a "newer build" at version 9 ...
    {
        let db = sled::open(dir.path().join("db")).unwrap();
        db.open_tree(schema::META)
            .unwrap()
            .insert(keys::META_SCHEMA_VERSION, &9u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    // ... then opened by this one, at version 1.
    let err = Store::open_with(dir.path(), &StoreOptions::default(), &V1)
        .err()
        .expect("refused");
    assert!(
        matches!(
            err,
            OpenError::NewerSchema {
                found: 9,
                supported: 1
            }
        ),
        "{err}"
    );
    let store = Store::open_with(dir.path(), &StoreOptions::default(), &V9).unwrap();
    assert_eq!(store.get::<Widget>(w.meta.id).unwrap().unwrap().code, "W-1");
}

fn add_marker(db: &sled::Db) -> Result<(), StoreError> {
    db.open_tree(schema::META)?
        .insert(b"migrated_to_2", b"yes")?;
    Ok(())
}

#[test]
fn an_older_schema_is_migrated_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    insert(&store, widget("W-1", "alice")).unwrap();
    store.close();
    drop(store);

    static V2: Schema = Schema {
        version: 2,
        tables: &[&WIDGETS],
        migrations: &[Migration {
            to: 2,
            what: "add a marker",
            run: add_marker,
        }],
    };
    let store = Store::open_with(dir.path(), &StoreOptions::default(), &V2).unwrap();
    assert_eq!(store.schema_version(), 2);
    assert_eq!(
        store
            .inner
            .db
            .open_tree(schema::META)
            .unwrap()
            .get(b"migrated_to_2")
            .unwrap()
            .as_deref(),
        Some(&b"yes"[..])
    );
    store.close();
    drop(store);

    static V3: Schema = Schema {
        version: 3,
        tables: &[&WIDGETS],
        migrations: &[],
    };
    let err = Store::open_with(dir.path(), &StoreOptions::default(), &V3)
        .err()
        .expect("refused");
    assert!(
        matches!(err, OpenError::Migration { from: 2, to: 3, .. }),
        "{err}"
    );
}

#[test]
fn a_second_store_on_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _store = open(dir.path());
    let err = Store::open_with(dir.path(), &StoreOptions::default(), &V1)
        .err()
        .expect("refused");
    assert!(matches!(err, OpenError::Locked { .. }), "{err}");
    assert!(err
        .to_string()
        .contains(&format!("pid {}", std::process::id())));
}

#[test]
fn an_unreadable_database_is_refused_and_left_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db_dir = dir.path().join("db");
    std::fs::create_dir_all(&db_dir).unwrap();
    std::fs::write(db_dir.join("conf"), b"\xff\xfe not a sled config").unwrap();
    std::fs::write(db_dir.join("db"), b"garbage").unwrap();
    let err = Store::open_with(dir.path(), &StoreOptions::default(), &V1)
        .err()
        .expect("refused");
    assert!(matches!(err, OpenError::Database { .. }), "{err}");
    assert!(err.to_string().contains("restore"));
    assert_eq!(std::fs::read(db_dir.join("db")).unwrap(), b"garbage");
}

#[test]
fn the_exclusive_job_sees_every_earlier_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let seen = rt.block_on(async {
        let s = store.clone();
        let writes: Vec<_> = (0..20)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    s.write(move |tx| tx.insert(widget(&format!("X-{i}"), "x")))
                        .await
                })
            })
            .collect();
        for w in writes {
            w.await.unwrap().unwrap();
        }
        store
            .exclusive(|db| db.open_tree("widgets").unwrap().len())
            .await
            .unwrap()
    });
    assert_eq!(seen, 20);
}

#[test]
fn full_durability_without_a_file_to_fsync_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-db-file");
    let err = super::fsync_file(&missing, Durability::Full).unwrap_err();
    assert!(err.to_string().contains("--durability"), "{err}");
    assert!(super::fsync_file(&missing, Durability::Flush)
        .unwrap()
        .is_none());
}
