//! CSV import of customers and devices: every row is checked against the
//! archive (a dry run stops there and reports), and a real run writes all
//! rows in one transaction or none.

use super::{allow, not_now, Caller, ServiceResult};
use crate::domain::import::{plan_customers, plan_devices, read_rows, ArchiveView, Plan};
use crate::domain::import_parts::plan_parts;
use crate::store::{
    abort, CustomerRecord, DeviceRecord, PartRecord, Store, StoreError, UserRecord,
};
use servicebook_shared::import::{ImportKind, ImportReport, RowProblem};
use servicebook_shared::permissions;
use std::collections::BTreeSet;

/// What the import asks of the archive, read straight from the store.
struct StoreView<'a>(&'a Store);

impl ArchiveView for StoreView<'_> {
    fn user_id(&self, username: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.0.user_by_username(username)?.map(|u| u.meta.id))
    }
    fn customers_named(&self, name: &str) -> Result<Vec<CustomerRecord>, StoreError> {
        self.0.customers_named(name)
    }
    fn serial_taken(&self, product: &str, serial: &str) -> Result<bool, StoreError> {
        Ok(self.0.device_by_product_serial(product, serial)?.is_some())
    }
}

enum Planned {
    Customers(Plan<CustomerRecord>),
    Devices(Plan<DeviceRecord>),
    Parts(Plan<PartRecord>),
}

impl Planned {
    fn rows(&self) -> usize {
        match self {
            Planned::Customers(p) => p.rows,
            Planned::Devices(p) => p.rows,
            Planned::Parts(p) => p.rows,
        }
    }
    fn problems(&self) -> &[RowProblem] {
        match self {
            Planned::Customers(p) => &p.problems,
            Planned::Devices(p) => &p.problems,
            Planned::Parts(p) => &p.problems,
        }
    }
}

/// Imports the CSV `text` (already decoded) as `kind`. With `dry_run`, or
/// when any row is bad, nothing is written and the report says why; else
/// every row is written in one transaction and `created` counts them.
pub async fn import(
    store: &Store,
    caller: &Caller,
    kind: ImportKind,
    text: String,
    dry_run: bool,
) -> ServiceResult<ImportReport> {
    allow(
        permissions::import(caller.who(), kind),
        &format!("import {}", kind_name(kind)),
    )?;
    let mut report = ImportReport {
        kind,
        dry_run,
        rows: 0,
        created: 0,
        problems: Vec::new(),
    };
    let rows = match read_rows(&text, kind.columns()) {
        Ok((rows, problems)) => {
            report.problems = problems;
            rows
        }
        Err(problems) => {
            report.problems = problems;
            return Ok(report);
        }
    };
    // Reading thousands of rows against the archive is blocking work.
    let reader = store.clone();
    let plan = tokio::task::spawn_blocking(move || -> Result<Planned, StoreError> {
        let view = StoreView(&reader);
        Ok(match kind {
            ImportKind::Customers => Planned::Customers(plan_customers(&rows, &view)?),
            ImportKind::Devices => Planned::Devices(plan_devices(&rows, &view)?),
            ImportKind::Parts => Planned::Parts(plan_parts(&rows, |n| {
                Ok(reader.part_by_number(n)?.is_some())
            })?),
        })
    })
    .await
    .map_err(|e| StoreError::Io(format!("the import was cut off: {e}")))??;
    report.rows = plan.rows();
    report.problems.extend_from_slice(plan.problems());
    report.problems.sort_by_key(|p| p.line);
    if dry_run || !report.problems.is_empty() || report.rows == 0 {
        return Ok(report);
    }
    report.created = match plan {
        Planned::Customers(p) => commit_customers(store, caller, p.records).await?,
        Planned::Devices(p) => commit_devices(store, caller, p.records).await?,
        Planned::Parts(p) => commit_parts(store, caller, p.records).await?,
    };
    Ok(report)
}

fn kind_name(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Customers => "customers",
        ImportKind::Devices => "devices",
        ImportKind::Parts => "parts",
    }
}

/// Writes checked part rows; a part number taken meanwhile refuses the
/// whole file (the catalogue's unique index).
async fn commit_parts(
    store: &Store,
    caller: &Caller,
    records: Vec<PartRecord>,
) -> ServiceResult<usize> {
    let actor = caller.actor();
    store
        .write(move |tx| {
            for r in &records {
                tx.insert_audited(r.clone(), &actor)?;
            }
            Ok(records.len())
        })
        .await
}

/// Writes checked customer rows; the sales owners named must still exist.
async fn commit_customers(
    store: &Store,
    caller: &Caller,
    records: Vec<CustomerRecord>,
) -> ServiceResult<usize> {
    let owners: BTreeSet<u64> = records.iter().filter_map(|c| c.sales_owner_id).collect();
    let actor = caller.actor();
    store
        .write(move |tx| {
            for id in &owners {
                if tx.get::<UserRecord>(*id)?.is_none() {
                    return abort(not_now(format!(
                        "User {id}, named as a sales owner, was removed meanwhile: check the file again."
                    )));
                }
            }
            for r in &records {
                tx.insert_audited(r.clone(), &actor)?;
            }
            Ok(records.len())
        })
        .await
}

/// Writes checked device rows; each customer must still exist and still
/// have the site a row names. Serial numbers are unique in the store's
/// index, so one taken meanwhile refuses the whole file.
async fn commit_devices(
    store: &Store,
    caller: &Caller,
    records: Vec<DeviceRecord>,
) -> ServiceResult<usize> {
    let actor = caller.actor();
    store
        .write(move |tx| {
            let ids: BTreeSet<u64> = records.iter().map(|d| d.customer_id).collect();
            let mut customers = Vec::with_capacity(ids.len());
            for id in ids {
                match tx.get::<CustomerRecord>(id)? {
                    Some(c) => customers.push(c),
                    None => {
                        return abort(not_now(format!(
                            "Customer {id} was removed meanwhile: check the file again."
                        )))
                    }
                }
            }
            for r in &records {
                let site_gone = !r.site.is_empty()
                    && customers
                        .iter()
                        .find(|c| c.meta.id == r.customer_id)
                        .is_some_and(|c| !c.sites.iter().any(|s| s.name == r.site));
                if site_gone {
                    return abort(not_now(format!(
                        "The site {} of customer {} changed meanwhile: check the file again.",
                        r.site, r.customer_id
                    )));
                }
                tx.insert_audited(r.clone(), &actor)?;
            }
            Ok(records.len())
        })
        .await
}
