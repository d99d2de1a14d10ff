//! The steps that bring an older database up to this build's schema, in
//! order. Each step is idempotent: a step interrupted (power cut) before the
//! schema version was raised runs again and must not change twice what it
//! changed once.

use super::StoreError;
use serde_json::Value;

/// Version 2: money moved from decimal numbers (yuan as `f64`) to integer
/// minor units (分) in the firm's settings and in work orders' quotes.
/// Contracts already kept cents.
pub fn v2_money_in_minor_units(db: &sled::Db) -> Result<(), StoreError> {
    let settings = db.open_tree("settings")?;
    let work_orders = db.open_tree("work_orders")?;
    let mut changed: Vec<(&sled::Tree, sled::IVec, Vec<u8>)> = Vec::new();
    for (tree, fields) in [
        (
            &settings,
            &["hourly_rate", "travel_fee", "contract_link_threshold"][..],
        ),
        (
            &work_orders,
            &[
                "quote.hourly_rate",
                "quote.travel_fee",
                "quote.parts_amount",
                "quote.total",
            ][..],
        ),
    ] {
        for item in tree.iter() {
            let (key, bytes) = item?;
            let mut record: Value = serde_json::from_slice(&bytes)
                .map_err(|e| StoreError::Corrupt(format!("migration to v2: {e}")))?;
            let mut touched = false;
            for path in fields {
                touched |= to_minor_units(&mut record, path);
            }
            if touched {
                let bytes = serde_json::to_vec(&record)
                    .map_err(|e| StoreError::Corrupt(format!("migration to v2: {e}")))?;
                changed.push((tree, key, bytes));
            }
        }
    }
    // One batch per tree, then a flush: the values are either all old
    // (decimals, converted again on the next start) or all new (integers,
    // left alone), never a value converted twice.
    for tree in [&settings, &work_orders] {
        let mut batch = sled::Batch::default();
        for (t, key, bytes) in &changed {
            if std::ptr::eq(*t, tree) {
                batch.insert(key.clone(), bytes.clone());
            }
        }
        tree.apply_batch(batch)?;
    }
    db.flush()?;
    Ok(())
}

/// Version 3: the KPIs' daily sums (`kpi_days`) and the
/// `requests.by_closed` index, built from the request records. Idempotent:
/// the rebuild clears both first.
pub fn v3_kpi_sums(db: &sled::Db) -> Result<(), StoreError> {
    super::kpi::rebuild(db).map(|_| ())
}

/// Turns the decimal amount at `path` (dotted) into minor units. Amounts
/// already in minor units are JSON integers and stay as they are; the old
/// code wrote every amount as a float (`300.0`).
fn to_minor_units(record: &mut Value, path: &str) -> bool {
    let mut at = record;
    for part in path.split('.') {
        match at.get_mut(part) {
            Some(v) => at = v,
            None => return false,
        }
    }
    match at.as_number() {
        Some(n) if n.is_f64() => {
            let minor = (n.as_f64().unwrap_or(0.0) * 100.0).round() as i64;
            *at = Value::from(minor);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SettingsRecord, Store, StoreOptions, WorkOrderRecord, SCHEMA};
    use servicebook_shared::Money;

    /// Records exactly as the version 1 code stored them (JSON of its
    /// `SettingsRecord` and `WorkOrderRecord`, amounts as floats).
    fn v1_settings() -> String {
        let hours =
            serde_json::to_string(&servicebook_shared::sla::BusinessHours::default()).unwrap();
        format!(
            r#"{{"id":1,"version":3,"created_at":"2026-11-01T08:00:00Z","updated_at":"2026-11-20T08:00:00Z","firm_name":"华信科技","hourly_rate":350.5,"travel_fee":100.0,"contract_link_threshold":50000.0,"business_hours":{hours}}}"#
        )
    }
    const V1_WORK_ORDER: &str = r#"{"id":7,"version":4,"created_at":"2026-11-02T08:00:00Z","updated_at":"2026-11-02T09:00:00Z","number":"WO-2026-000001","request_id":5,"customer_id":2,"device_id":null,"urgency":"normal","kind":"field","state":"dispatched","description":"打印机卡纸","assignees":[3],"contract_id":null,"chargeable":true,"quote":{"hours":1.5,"hourly_rate":350.5,"travel_fee":100.0,"parts_amount":49.99,"parts_note":"搓纸轮","total":675.74,"approved":null},"extension":null,"steps":[],"history":[],"report_ids":[],"level":1,"escalated_from":null,"context":""}"#;

    #[test]
    fn a_version_1_database_opens_with_money_in_minor_units() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = sled::open(dir.path().join("db")).unwrap();
            db.open_tree(crate::store::schema::META)
                .unwrap()
                .insert(crate::store::keys::META_SCHEMA_VERSION, &1u32.to_be_bytes())
                .unwrap();
            db.open_tree("settings")
                .unwrap()
                .insert(crate::store::keys::id(1), v1_settings().as_bytes())
                .unwrap();
            db.open_tree("work_orders")
                .unwrap()
                .insert(crate::store::keys::id(7), V1_WORK_ORDER.as_bytes())
                .unwrap();
            db.flush().unwrap();
        }
        let store = Store::open_with(dir.path(), &StoreOptions::default(), &SCHEMA).unwrap();
        assert_eq!(store.schema_version(), SCHEMA.version);
        let s: SettingsRecord = store.get(1).unwrap().unwrap();
        assert_eq!(s.hourly_rate, Money(35_050));
        assert_eq!(s.travel_fee, Money(10_000));
        assert_eq!(s.contract_link_threshold, Money(5_000_000));
        assert_eq!(s.firm_name, "华信科技");
        let wo: WorkOrderRecord = store.get(7).unwrap().unwrap();
        let q = wo.quote.unwrap();
        assert_eq!(
            (q.hourly_rate, q.travel_fee, q.parts_amount, q.total),
            (Money(35_050), Money(10_000), Money(4_999), Money(67_574))
        );
        assert_eq!(q.hours, 1.5, "hours are not money");
    }

    #[test]
    fn running_the_step_twice_changes_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path().join("db")).unwrap();
        db.open_tree("settings")
            .unwrap()
            .insert(crate::store::keys::id(1), v1_settings().as_bytes())
            .unwrap();
        v2_money_in_minor_units(&db).unwrap();
        v2_money_in_minor_units(&db).unwrap();
        let bytes = db
            .open_tree("settings")
            .unwrap()
            .get(crate::store::keys::id(1))
            .unwrap()
            .unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["hourly_rate"], 35_050);
        assert_eq!(v["contract_link_threshold"], 5_000_000);
    }
}
