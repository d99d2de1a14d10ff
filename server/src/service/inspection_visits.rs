//! An inspection visit done: dispatched as a work order of kind inspection
//! (with the service request it belongs to, so the work-order states and
//! SLA clocks apply), recorded device by device against the standard's
//! revision fixed by the first check, failed items opening service
//! requests (linked both ways), and signed by the customer — in person or
//! through a one-time link — which files the request's report. Each is one
//! write with its audit entries.

use super::requests::{
    fresh, log_in, proposed_contracts, refuse, save_request, settings_at, settings_in, At,
    FromInspection, SettingsAt,
};
use super::work_orders::{act_in, create_in, step_in};
use super::{allow, forbidden, invalid, invalid_field, not_now, Caller, ServiceResult};
use crate::domain::reports::customer_signature;
use crate::store::{
    abort, Actor, ContractRecord, CustomerRecord, DeviceRecord, FileRecord, Store, TemplateRecord,
    Tx, TxResult, UserRecord, VisitRecord, WorkOrderRecord,
};
use chrono::{DateTime, NaiveDate, Utc};
use servicebook_shared::coverage::firm_today;
use servicebook_shared::files::AttachedTo;
use servicebook_shared::inspections::plans::VisitState;
use servicebook_shared::inspections::visits::{
    self as rules, CheckInput, Compliance, DeviceCheck, DispatchVisit, Finding, InspectionVisit,
    NewFinding, ReadingSeries, VisitDevice,
};
use servicebook_shared::permissions;
use servicebook_shared::reports::{SignInput, Signature};
use servicebook_shared::requests::{suggested_fault_level, NewRequest, Source, Urgency};
use servicebook_shared::sla::{SlaEvent, TimedEvent};
use servicebook_shared::work_orders::{
    on_site, ActionInput, NewStep, NewWorkOrder, StepKind, Verb, WoState, WorkKind,
};

/// The visit and the work order it is done under, if dispatched.
fn visit_and_work(tx: &Tx, id: u64) -> TxResult<(VisitRecord, Option<WorkOrderRecord>)> {
    let v: VisitRecord = tx.require(id)?;
    let wo = match v.work_order_id {
        Some(w) => tx.get::<WorkOrderRecord>(w)?,
        None => None,
    };
    Ok((v, wo))
}

/// The caller may record this visit: one of its engineers, or a manager.
fn may_record(caller: &Caller, wo: Option<&WorkOrderRecord>, what: &str) -> TxResult<()> {
    let assigned = wo.is_some_and(|w| caller.is_one_of(&w.assignees));
    if permissions::record_inspections(caller.who(), assigned) {
        Ok(())
    } else {
        abort(forbidden(format!(
            "You may not {what}: the engineers it was dispatched to, or a manager, do."
        )))
    }
}

fn open(v: &VisitRecord) -> TxResult<()> {
    rules::open_for_work(v.state).or_else(|why| abort(not_now(why)))
}

/// The standard's newest revision of `family`, found before a write (the
/// write reads it again and refuses if it stopped being the newest).
fn current_revision(store: &Store, family: u64) -> ServiceResult<Option<u64>> {
    Ok(store
        .template_revisions(family)?
        .into_iter()
        .find(|t| t.current)
        .map(|t| t.meta.id))
}

/// Give a planned visit to engineers: one write opens the service request
/// (source inspection, the contract's customer), its work order of kind
/// inspection linked to the visit and the contract, and dispatches it.
pub async fn dispatch(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: DispatchVisit,
    at: At,
) -> ServiceResult<VisitRecord> {
    allow(
        permissions::plan_inspections(caller.who()),
        "dispatch inspections",
    )?;
    let Some(seen) = store.get::<VisitRecord>(id)? else {
        return Err(super::not_found(format!(
            "There is no inspection visit {id}."
        )));
    };
    let proposed = proposed_contracts(store, None, seen.customer_id)?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let mut visit: VisitRecord = tx.require(id)?;
            fresh(&visit, input.version)?;
            if visit.state != VisitState::Planned {
                return abort(not_now(format!(
                    "the visit is {}: only a planned visit is dispatched",
                    visit.state.as_str()
                )));
            }
            if input.assignees.is_empty() {
                return abort(invalid_field("assignees", "choose at least one engineer"));
            }
            let now = at.time(tx);
            let contract: ContractRecord = tx.require(visit.contract_id)?;
            let description = format!(
                "例行巡检 Routine inspection {}: 计划 due {}, {} 台设备 devices",
                contract.number,
                visit.due_date,
                visit.device_ids.len()
            );
            let site = match visit.device_ids.first() {
                Some(d) => tx.get::<DeviceRecord>(*d)?.map(|d| d.site),
                None => None,
            };
            let customer: CustomerRecord = tx.require(visit.customer_id)?;
            let site = servicebook_shared::requests::default_site(&customer.sites, site.as_deref());
            let request = NewRequest {
                source: Source::Inspection,
                customer_id: visit.customer_id,
                contact: String::new(),
                device_id: None,
                site,
                description: description.clone(),
                urgency: Urgency::Normal,
                fault_level: suggested_fault_level(Urgency::Normal),
                received_at: None,
            };
            let from = FromInspection {
                visit_id: id,
                contract: Some(contract.meta.id),
            };
            let mut request = log_in(tx, &caller, &request, &proposed, Some(from), settings, now)?;
            // The schedule is the visit agreed with the customer: nobody
            // calls back to book it.
            for event in [SlaEvent::Called, SlaEvent::VisitBooked] {
                request.events.push(TimedEvent { at: now, event });
            }
            let request = save_request(
                tx,
                request,
                &settings_in(tx, settings)?,
                &caller.actor(),
                "visit-booked",
                now,
            )?;
            let wo = create_in(
                tx,
                &caller,
                &NewWorkOrder {
                    request_id: request.meta.id,
                    kind: WorkKind::Inspection,
                    description,
                    contract_id: Some(contract.meta.id),
                    escalated_from: None,
                    context: String::new(),
                },
                Some(id),
                now,
            )?;
            let wo = act_in(
                tx,
                &caller,
                wo.meta.id,
                Verb::Dispatch,
                &ActionInput {
                    version: wo.meta.version,
                    assignees: input.assignees.clone(),
                    ..Default::default()
                },
                &[],
                settings,
                now,
            )?;
            visit.state = VisitState::Dispatched;
            visit.work_order_id = Some(wo.meta.id);
            visit.request_id = Some(request.meta.id);
            tx.update_audited(visit, input.version, &caller.actor(), "dispatch")
        })
        .await
}

/// Record one device of the visit (again: the new check replaces the
/// earlier one until the customer signs). The first check fixes the
/// standard's revision the visit is done against.
pub async fn record_device(
    store: &Store,
    caller: &Caller,
    id: u64,
    device_id: u64,
    input: CheckInput,
    at: At,
) -> ServiceResult<VisitRecord> {
    let Some(seen) = store.get::<VisitRecord>(id)? else {
        return Err(super::not_found(format!(
            "There is no inspection visit {id}."
        )));
    };
    let newest = current_revision(store, seen.template_family_id)?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let (mut visit, wo) = visit_and_work(tx, id)?;
            may_record(&caller, wo.as_ref(), "record this inspection")?;
            open(&visit)?;
            fresh(&visit, input.version)?;
            if !visit.device_ids.contains(&device_id) {
                return abort(invalid_field(
                    "device_id",
                    format!("device {device_id} is not on this visit"),
                ));
            }
            let template_id = match (visit.template_id, newest) {
                (Some(t), _) => t,
                (None, Some(t)) => t,
                (None, None) => {
                    return abort(not_now("the visit's standard has no revision to use"))
                }
            };
            let template: TemplateRecord = tx.require(template_id)?;
            if visit.template_id.is_none() && !template.current {
                return abort(not_now(
                    "the standard was revised just now: open the visit again",
                ));
            }
            let results = match rules::check_device(&template.items, &input) {
                Ok(r) => r,
                Err(e) => return abort(invalid(e)),
            };
            for file_id in rules::photo_ids(&results) {
                photo_of(tx, id, file_id, &results)?;
            }
            let now = at.time(tx);
            let check = DeviceCheck {
                device_id,
                results,
                not_checkable: input
                    .not_checkable
                    .as_deref()
                    .map(str::trim)
                    .unwrap_or_default()
                    .to_owned(),
                notes: input.notes.trim().to_owned(),
                checked_by: caller.display_name.clone(),
                checked_at: now,
            };
            visit.checks.retain(|c| c.device_id != device_id);
            visit.checks.push(check);
            visit.template_id = Some(template_id);
            let first = visit.state == VisitState::Dispatched;
            visit.state = VisitState::InProgress;
            let actor = caller.actor();
            let saved = tx.update_audited(visit, input.version, &actor, "record-device")?;
            if first {
                start_work(tx, &caller, &saved, settings, now)?;
            }
            Ok(saved)
        })
        .await
}

/// The first device recorded is the engineer at work: a work order still
/// only dispatched starts, as arriving on site starts it.
fn start_work(
    tx: &Tx,
    caller: &Caller,
    visit: &VisitRecord,
    settings: SettingsAt,
    now: DateTime<Utc>,
) -> TxResult<()> {
    let Some(w) = visit.work_order_id else {
        return Ok(());
    };
    let wo: WorkOrderRecord = tx.require(w)?;
    if wo.state == WoState::Dispatched && !on_site(&wo.steps) {
        let step = NewStep {
            version: wo.meta.version,
            kind: StepKind::Arrived,
            at: None,
            note: String::new(),
            visit_at: None,
            late_reason: String::new(),
        };
        step_in(tx, caller, w, &step, settings, now)?;
    }
    Ok(())
}

/// A photo answer names an image uploaded to this visit.
fn photo_of(
    tx: &Tx,
    visit: u64,
    file_id: u64,
    results: &[servicebook_shared::inspections::visits::ItemResult],
) -> TxResult<()> {
    let code = results
        .iter()
        .find(|r| {
            matches!(r.answer, Some(servicebook_shared::inspections::Answer::Photo { file_id: f }) if f == file_id)
        })
        .map(|r| r.code.clone())
        .unwrap_or_default();
    let field = format!("answers.{code}");
    match tx.get::<FileRecord>(file_id)? {
        Some(f) if f.record_type == AttachedTo::Inspection && f.record_id == visit => {
            if f.content_type.starts_with("image/") {
                Ok(())
            } else {
                abort(invalid_field(
                    &field,
                    "the photo must be an image (JPEG, PNG …)",
                ))
            }
        }
        _ => abort(invalid_field(
            &field,
            format!("file {file_id} is not a photo uploaded to this visit"),
        )),
    }
}

/// Open a service request from a failed item, in one tap: source
/// inspection, the device, the finding's text, urgency from the item's
/// severity; the visit lists it and the request names the visit.
pub async fn open_finding(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: NewFinding,
    at: At,
) -> ServiceResult<VisitRecord> {
    let Some(seen) = store.get::<VisitRecord>(id)? else {
        return Err(super::not_found(format!(
            "There is no inspection visit {id}."
        )));
    };
    let proposed = proposed_contracts(store, Some(input.device_id), seen.customer_id)?;
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let (mut visit, wo) = visit_and_work(tx, id)?;
            may_record(&caller, wo.as_ref(), "open requests from this inspection")?;
            fresh(&visit, input.version)?;
            if visit.state == VisitState::Cancelled {
                return abort(not_now("the visit was cancelled"));
            }
            if input.remarks.chars().count() > 2000 {
                return abort(invalid_field("remarks", "must be at most 2000 characters"));
            }
            let result = match rules::finding_item(
                &visit.checks,
                &visit.findings,
                input.device_id,
                &input.item_code,
            ) {
                Ok(r) => r.clone(),
                Err(why) => return abort(invalid_field("item_code", why)),
            };
            let Some(template_id) = visit.template_id else {
                return abort(not_now("no device has been recorded yet"));
            };
            let template: TemplateRecord = tx.require(template_id)?;
            let Some(item) = template.items.iter().find(|i| i.code == input.item_code) else {
                return abort(invalid_field("item_code", "the standard has no such item"));
            };
            let mut text = format!(
                "巡检发现 Inspection finding ({}): {}",
                visit.due_date,
                rules::finding_text(item, &result)
            );
            if !input.remarks.trim().is_empty() {
                text.push_str("\n");
                text.push_str(input.remarks.trim());
            }
            let urgency = input.urgency.unwrap_or(item.severity);
            let device: DeviceRecord = tx.require(input.device_id)?;
            let customer: CustomerRecord = tx.require(visit.customer_id)?;
            let new = NewRequest {
                source: Source::Inspection,
                customer_id: visit.customer_id,
                contact: String::new(),
                device_id: Some(input.device_id),
                site: servicebook_shared::requests::default_site(
                    &customer.sites,
                    Some(device.site.as_str()),
                ),
                description: text.clone(),
                urgency,
                fault_level: suggested_fault_level(urgency),
                received_at: None,
            };
            let now = at.time(tx);
            let from = FromInspection {
                visit_id: id,
                contract: None,
            };
            let request = log_in(tx, &caller, &new, &proposed, Some(from), settings, now)?;
            visit.findings.push(Finding {
                device_id: input.device_id,
                item_code: input.item_code.clone(),
                text,
                urgency,
                request_id: request.meta.id,
                request_number: request.number.clone(),
            });
            tx.update_audited(visit, input.version, &caller.actor(), "open-finding")
        })
        .await
}

/// The customer signs the visit on the engineer's device.
pub async fn sign_in_person(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: SignInput,
    at: At,
) -> ServiceResult<VisitRecord> {
    let settings = settings_at(store)?;
    let caller = caller.clone();
    store
        .write(move |tx| {
            let (visit, wo) = visit_and_work(tx, id)?;
            may_record(
                &caller,
                wo.as_ref(),
                "have the customer sign this inspection",
            )?;
            let staff = (caller.username.as_str(), caller.display_name.as_str());
            let now = at.time(tx);
            sign_in(
                tx,
                visit,
                &input,
                "in_person",
                Some(staff),
                settings,
                &caller.actor(),
                now,
            )
        })
        .await
}

/// Whether the visit can be sent for signature now (every device recorded).
pub(crate) fn ready_to_sign(visit: &VisitRecord) -> TxResult<()> {
    open(visit)?;
    let missing = rules::unrecorded(&visit.device_ids, &visit.checks);
    if !missing.is_empty() {
        return abort(not_now(format!(
            "{} device(s) not recorded yet: record each, or say why it cannot be checked",
            missing.len()
        )));
    }
    Ok(())
}

/// Signing inside a write, in person or through a link: freezes the visit
/// (done, on the firm's day) and files the report on the request's clock.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_in(
    tx: &Tx,
    mut visit: VisitRecord,
    input: &SignInput,
    via: &str,
    staff: Option<(&str, &str)>,
    settings: SettingsAt,
    actor: &Actor,
    now: DateTime<Utc>,
) -> TxResult<VisitRecord> {
    fresh(&visit, input.version)?;
    ready_to_sign(&visit)?;
    let signature = match customer_signature(input, via, staff, now) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let offset = settings_in(tx, settings)?.business_hours.utc_offset_minutes;
    visit.signature = Some(signature);
    visit.state = VisitState::Done;
    visit.done_at = Some(now);
    visit.done_on = Some(firm_today(now, offset));
    let request = visit.request_id;
    let saved = tx.update_audited(visit, input.version, actor, "sign")?;
    if let Some(r) = request {
        super::reports::file_report(tx, r, settings, actor, now, None)?;
    }
    Ok(saved)
}

/// The visit as the app and the printed report show it.
pub fn view(store: &Store, visit: &VisitRecord) -> ServiceResult<InspectionVisit> {
    let today = super::settings::today(store)?;
    let template = match visit.template_id {
        Some(t) => store.get::<TemplateRecord>(t)?,
        None => store
            .template_revisions(visit.template_family_id)?
            .into_iter()
            .find(|t| t.current),
    };
    let Some(template) = template else {
        return Err(super::not_found("The visit's inspection standard is gone."));
    };
    let contract = store.get::<ContractRecord>(visit.contract_id)?;
    let customer = store.get::<CustomerRecord>(visit.customer_id)?;
    let mut devices = Vec::new();
    for d in &visit.device_ids {
        if let Some(d) = store.get::<DeviceRecord>(*d)? {
            devices.push(VisitDevice {
                id: d.meta.id,
                product: d.product.clone(),
                brand: d.brand.clone(),
                model: d.model.clone(),
                serial_number: d.serial_number.clone(),
                asset_tag: d.asset_tag.clone(),
                site: d.site.clone(),
            });
        }
    }
    let wo = match visit.work_order_id {
        Some(w) => store.get::<WorkOrderRecord>(w)?,
        None => None,
    };
    let mut engineers = Vec::new();
    for a in wo.iter().flat_map(|w| w.assignees.iter()) {
        if let Some(u) = store.get::<UserRecord>(*a)? {
            engineers.push(u.display_name.clone());
        }
    }
    Ok(InspectionVisit {
        visit: visit.to_wire(today),
        contract_number: contract.map(|c| c.number).unwrap_or_default(),
        customer_name: customer.map(|c| c.name).unwrap_or_default(),
        template: template.to_wire(),
        devices,
        checks: visit.checks.clone(),
        findings: visit.findings.clone(),
        work_order_number: wo.map(|w| w.number),
        engineers,
        signature: visit.signature.as_ref().map(|s| Signature {
            signer_name: s.signer_name.clone(),
            signed_at: s.signed_at,
            via: s.via.clone(),
        }),
        done_at: visit.done_at,
    })
}

/// A device's readings over its signed visits, per item code.
pub fn readings(store: &Store, device_id: u64) -> ServiceResult<Vec<ReadingSeries>> {
    let mut visits = Vec::new();
    for contract in store.contracts_of_device(device_id)? {
        for schedule in store.schedules_of_contract(contract.meta.id)? {
            for v in store.visits_of_schedule(schedule.meta.id)? {
                if v.state == VisitState::Done && v.device_ids.contains(&device_id) {
                    visits.push(v);
                }
            }
        }
    }
    let mut templates: Vec<TemplateRecord> = Vec::new();
    for v in &visits {
        if let Some(t) = v.template_id {
            if !templates.iter().any(|x| x.meta.id == t) {
                if let Some(t) = store.get::<TemplateRecord>(t)? {
                    templates.push(t);
                }
            }
        }
    }
    let mut rows = Vec::new();
    for v in &visits {
        let (Some(t), Some(check), Some(day)) = (
            v.template_id
                .and_then(|t| templates.iter().find(|x| x.meta.id == t)),
            v.checks.iter().find(|c| c.device_id == device_id),
            v.done_on,
        ) else {
            continue;
        };
        rows.push((v.meta.id, day, t.items.as_slice(), check));
    }
    Ok(rules::reading_series(&rows))
}

/// The device's visits still to be done, those already given to engineers
/// first, then by due date: what a phone that scanned the device's label
/// offers to record.
pub fn open_visits_of_device(store: &Store, device_id: u64) -> ServiceResult<Vec<VisitRecord>> {
    let mut out = Vec::new();
    for contract in store.contracts_of_device(device_id)? {
        for schedule in store.schedules_of_contract(contract.meta.id)? {
            for v in store.visits_of_schedule(schedule.meta.id)? {
                if v.state.open() && v.device_ids.contains(&device_id) {
                    out.push(v);
                }
            }
        }
    }
    out.sort_by_key(|v| (v.state == VisitState::Planned, v.due_date, v.meta.id));
    Ok(out)
}

/// A maintenance contract's inspections in `year`: promised vs done on
/// time, late, missed.
pub fn compliance(store: &Store, contract_id: u64, year: i32) -> ServiceResult<Compliance> {
    let today: NaiveDate = super::settings::today(store)?;
    let mut visits = Vec::new();
    for s in store.schedules_of_contract(contract_id)? {
        for v in store.visits_of_schedule(s.meta.id)? {
            visits.push(v.to_wire(today));
        }
    }
    Ok(rules::compliance(contract_id, year, &visits, today))
}
