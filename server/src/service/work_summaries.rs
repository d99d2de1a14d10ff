//! The weekly record (周工作记录) and the monthly project summary
//! (月项目汇总表), computed from the work records at each read: for the
//! firm, one customer, or one contract. Reads only; a small firm's tables
//! are walked once per report.

use super::work_logs::{each, Names};
use super::ServiceResult;
use crate::store::reports::ReportRecord;
use crate::store::{
    DeviceRecord, RequestRecord, Store, StoreError, UserRecord, VisitRecord, WorkOrderRecord,
};
use servicebook_shared::coverage::firm_today as local_date;
use servicebook_shared::inspections::plans::VisitState;
use servicebook_shared::requests::device_name;
use servicebook_shared::sla::SlaEvent;
use servicebook_shared::work_log::{MonthId, WeekId};
use servicebook_shared::work_orders::StepKind;
use servicebook_shared::work_summaries::{
    add_into, within, MonthlyRow, MonthlySummary, RecordKind, WeeklyRecord, WeeklyRecordRow,
};
use std::collections::BTreeMap;

/// Which part of the firm a summary covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    pub customer_id: Option<u64>,
    pub contract_id: Option<u64>,
}

impl Scope {
    fn keeps(&self, customer: u64, contract: Option<u64>) -> bool {
        self.customer_id.is_none_or(|c| c == customer)
            && self.contract_id.is_none_or(|c| contract == Some(c))
    }
}

fn user_names(store: &Store, ids: &[u64]) -> Result<String, StoreError> {
    let mut names = Vec::new();
    for id in ids {
        if let Some(u) = store.get::<UserRecord>(*id)? {
            names.push(u.display_name);
        }
    }
    Ok(names.join(", "))
}

fn device_of(store: &Store, id: Option<u64>) -> Result<String, StoreError> {
    Ok(match id {
        Some(d) => store
            .get::<DeviceRecord>(d)?
            .map(|d| device_name(&d.brand, &d.product, &d.model, &d.serial_number))
            .unwrap_or_default(),
        None => String::new(),
    })
}

/// One row per work order worked, report signed and inspection visit done
/// within `week`, in date order.
pub fn weekly_record(store: &Store, week: WeekId, scope: Scope) -> ServiceResult<WeeklyRecord> {
    let offset = store.settings()?.business_hours.utc_offset_minutes;
    let bounds = week.bounds(offset);
    let mut names = Names::default();
    let mut rows = Vec::new();
    each::<WorkOrderRecord>(store, |wo| {
        if !scope.keeps(wo.customer_id, wo.contract_id) {
            return Ok(());
        }
        let steps: Vec<_> = wo.steps.iter().filter(|s| within(s.at, bounds)).collect();
        let reports: Vec<ReportRecord> = wo
            .report_ids
            .iter()
            .filter_map(|id| store.get::<ReportRecord>(*id).transpose())
            .collect::<Result<_, _>>()?;
        let signed: Vec<&ReportRecord> = reports
            .iter()
            .filter(|r| {
                r.signature
                    .as_ref()
                    .is_some_and(|s| within(s.signed_at, bounds))
            })
            .collect();
        if steps.is_empty() && signed.is_empty() {
            return Ok(());
        }
        let customer = names.customer(store, wo.customer_id)?;
        let contract = match wo.contract_id {
            Some(c) => names.contract(store, c)?,
            None => String::new(),
        };
        let device = device_of(store, wo.device_id)?;
        let engineers = user_names(store, &wo.assignees)?;
        let row = |date, kind, work: String, hours| WeeklyRecordRow {
            date,
            kind,
            number: wo.number.clone(),
            customer_id: wo.customer_id,
            customer: customer.clone(),
            contract_id: wo.contract_id,
            contract: contract.clone(),
            device: device.clone(),
            work,
            engineers: engineers.clone(),
            hours,
        };
        if let Some(first) = steps.first() {
            let mut work: Vec<String> = vec![wo.description.clone()];
            work.extend(
                steps
                    .iter()
                    .filter(|s| !s.note.trim().is_empty())
                    .map(|s| s.note.trim().to_owned()),
            );
            work.retain(|w| !w.is_empty());
            rows.push(row(
                local_date(first.at, offset),
                RecordKind::WorkOrder,
                work.join("; "),
                0.0,
            ));
        }
        for r in signed {
            let at = r
                .signature
                .as_ref()
                .map(|s| s.signed_at)
                .unwrap_or(bounds.0);
            let work = [r.actions.trim(), r.findings.trim()]
                .into_iter()
                .find(|w| !w.is_empty())
                .unwrap_or_default()
                .to_owned();
            rows.push(row(
                local_date(at, offset),
                RecordKind::Report,
                work,
                r.hours_worked,
            ));
        }
        Ok(())
    })?;
    each::<VisitRecord>(store, |v| {
        let Some(done_at) = v.done_at.filter(|t| within(*t, bounds)) else {
            return Ok(());
        };
        if !scope.keeps(v.customer_id, Some(v.contract_id)) {
            return Ok(());
        }
        let engineers = match v.work_order_id {
            Some(w) => match store.get::<WorkOrderRecord>(w)? {
                Some(wo) => user_names(store, &wo.assignees)?,
                None => String::new(),
            },
            None => String::new(),
        };
        let contract = names.contract(store, v.contract_id)?;
        rows.push(WeeklyRecordRow {
            date: local_date(done_at, offset),
            kind: RecordKind::Inspection,
            number: contract.clone(),
            customer_id: v.customer_id,
            customer: names.customer(store, v.customer_id)?,
            contract_id: Some(v.contract_id),
            contract,
            device: format!("{}", v.device_ids.len()),
            work: format!(
                "巡检 {} 台设备 / inspected {} devices",
                v.device_ids.len(),
                v.device_ids.len()
            ),
            engineers,
            hours: 0.0,
        });
        Ok(())
    })?;
    rows.sort_by(|a, b| (a.date, &a.customer, &a.number).cmp(&(b.date, &b.customer, &b.number)));
    let total_hours = (rows.iter().map(|r| r.hours).sum::<f64>() * 100.0).round() / 100.0;
    Ok(WeeklyRecord {
        week: week.to_string(),
        from: week.monday(),
        to: week.monday() + chrono::Duration::days(6),
        rows,
        total_hours,
    })
}

type Lines = BTreeMap<(u64, Option<u64>), MonthlyRow>;

fn row(rows: &mut Lines, customer: u64, contract: Option<u64>) -> &mut MonthlyRow {
    rows.entry((customer, contract))
        .or_insert_with(|| MonthlyRow {
            customer_id: customer,
            contract_id: contract,
            ..Default::default()
        })
}

/// One row per contract (and per customer for work outside contracts)
/// with anything in `month`, then the totals.
pub fn monthly_summary(
    store: &Store,
    month: MonthId,
    scope: Scope,
) -> ServiceResult<MonthlySummary> {
    let offset = store.settings()?.business_hours.utc_offset_minutes;
    let bounds = month.bounds(offset);
    let (first, next) = (month.first_day(), month.next_first_day());
    let mut rows: Lines = BTreeMap::new();
    each::<RequestRecord>(store, |r| {
        let contract = r.coverage.contract_id;
        if !scope.keeps(r.customer_id, contract) {
            return Ok(());
        }
        let received = within(r.received_at, bounds);
        let closed = r.closed
            && r.events
                .iter()
                .rev()
                .find(|e| matches!(e.event, SlaEvent::Closed))
                .is_some_and(|e| within(e.at, bounds));
        if received || closed {
            let line = row(&mut rows, r.customer_id, contract);
            line.requests_received += received as u32;
            line.requests_closed += closed as u32;
        }
        Ok(())
    })?;
    each::<WorkOrderRecord>(store, |wo| {
        if !scope.keeps(wo.customer_id, wo.contract_id) {
            return Ok(());
        }
        let steps = wo.steps.iter().filter(|s| within(s.at, bounds));
        let (mut onsite, mut remote) = (0, 0);
        for s in steps {
            match s.kind {
                StepKind::Arrived => onsite += 1,
                StepKind::Remote => remote += 1,
                _ => {}
            }
        }
        let mut signed = Vec::new();
        for id in &wo.report_ids {
            if let Some(r) = store.get::<ReportRecord>(*id)? {
                if r.signature
                    .as_ref()
                    .is_some_and(|s| within(s.signed_at, bounds))
                {
                    signed.push(r);
                }
            }
        }
        if onsite + remote == 0 && signed.is_empty() {
            return Ok(());
        }
        let line = row(&mut rows, wo.customer_id, wo.contract_id);
        line.onsite_visits += onsite;
        line.remote += remote;
        for r in signed {
            line.reports_signed += 1;
            line.hours = ((line.hours + r.hours_worked) * 100.0).round() / 100.0;
            line.travel_minutes += (r.travel_hours.max(0.0) * 60.0).round() as u32;
            for p in &r.parts {
                line.parts_cost = line.parts_cost.plus(p.unit_price.times(p.quantity as f64));
            }
        }
        Ok(())
    })?;
    each::<VisitRecord>(store, |v| {
        if !scope.keeps(v.customer_id, Some(v.contract_id)) || v.state == VisitState::Cancelled {
            return Ok(());
        }
        let due = first <= v.due_date && v.due_date < next;
        let done = v.done_at.is_some_and(|t| within(t, bounds));
        if due || done {
            let line = row(&mut rows, v.customer_id, Some(v.contract_id));
            line.inspections_due += due as u32;
            line.inspections_done += done as u32;
        }
        Ok(())
    })?;
    let mut names = Names::default();
    let mut out = Vec::with_capacity(rows.len());
    let mut totals = MonthlyRow::default();
    for (_, mut line) in rows {
        line.customer = names.customer(store, line.customer_id)?;
        if let Some(c) = line.contract_id {
            line.contract = names.contract(store, c)?;
        }
        add_into(&mut totals, &line);
        out.push(line);
    }
    out.sort_by(|a, b| (&a.customer, &a.contract).cmp(&(&b.customer, &b.contract)));
    Ok(MonthlySummary {
        month: month.to_string(),
        rows: out,
        totals,
    })
}
