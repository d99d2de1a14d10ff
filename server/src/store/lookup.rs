//! Finding records by what people call them (a number, a serial, a name)
//! rather than by id: the audit page's record search.

use super::{
    contracts, keys, requests, work_orders, ContractRecord, CustomerRecord, RequestRecord, Store,
    StoreError, WorkOrderRecord,
};
use servicebook_shared::audit::AuditTarget;

/// The most records one search proposes.
pub const MAX_TARGETS: usize = 20;

impl Store {
    /// Records whose number, serial, username or name is `text` (names:
    /// customers whose name contains it), numbers first.
    pub fn records_named(&self, text: &str) -> Result<Vec<AuditTarget>, StoreError> {
        let t = text.trim();
        let mut out = Vec::new();
        if t.is_empty() {
            return Ok(out);
        }
        let target = |kind: &str, id: u64, label: String| AuditTarget {
            record_type: kind.to_owned(),
            record_id: id,
            label,
        };
        let upper = t.to_uppercase();
        for number in [t, upper.as_str()] {
            let key = keys::text(number);
            if let Some(r) = self.find_unique::<RequestRecord>(&requests::BY_NUMBER, &key)? {
                out.push(target("requests", r.meta.id, r.number));
            }
            if let Some(w) = self.find_unique::<WorkOrderRecord>(&work_orders::BY_NUMBER, &key)? {
                out.push(target("work_orders", w.meta.id, w.number));
            }
            if let Some(c) = self.find_unique::<ContractRecord>(&contracts::BY_NUMBER, &key)? {
                out.push(target("contracts", c.meta.id, c.number));
            }
            if let Some(p) = self.part_by_number(number)? {
                out.push(target(
                    "parts",
                    p.meta.id,
                    format!("{} {}", p.part_number, p.name_zh),
                ));
            }
        }
        for d in self.devices_by_serial(t)? {
            out.push(target(
                "devices",
                d.meta.id,
                format!("{} {} · {}", d.brand, d.model, d.serial_number),
            ));
        }
        if let Some(u) = self.user_by_username(t)? {
            out.push(target(
                "users",
                u.meta.id,
                format!("{} ({})", u.display_name, u.username),
            ));
        }
        let (customers, _) = self.search_customers(t, None, MAX_TARGETS)?;
        out.extend(
            customers
                .iter()
                .map(|c: &CustomerRecord| target("customers", c.meta.id, c.name.clone())),
        );
        out.dedup_by(|a, b| a.record_type == b.record_type && a.record_id == b.record_id);
        out.truncate(MAX_TARGETS);
        Ok(out)
    }
}
