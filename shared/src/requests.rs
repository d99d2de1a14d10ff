//! Service requests (服务要求单): what the dispatcher logs, and what the
//! archive says about coverage at intake. Coverage is worked out here so the
//! intake form shows exactly what the server will record.

use crate::contracts::{Contract, ContractKind, Promises, ServiceHours};
use crate::coverage::{warranty, ContractStatus};
use crate::customers::Site;
use crate::sla::{Clock, TimedEvent};
use crate::users::FieldErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Phone,
    Email,
    Web,
    Inspection,
    FollowUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 紧急: system down, business stopped.
    Urgent,
    /// 重要
    Important,
    /// 一般
    Normal,
}

/// What covers the work asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CoveredBy {
    /// A maintenance contract (or a sale contract's service terms).
    Contract,
    /// The device's free warranty.
    Warranty,
    /// Nothing: advice only, or chargeable work with a quote.
    Nothing,
}

/// Coverage as worked out at intake, kept with the request (later contract
/// edits do not rewrite what was promised when the call came in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    pub covered_by: CoveredBy,
    pub in_warranty: bool,
    pub warranty_ends: Option<NaiveDate>,
    pub contract_id: Option<u64>,
    pub contract_number: Option<String>,
    /// Remote support and on-site repair as the coverage allows.
    pub remote_support: bool,
    pub onsite_repair: bool,
    pub spare_parts: bool,
    pub loaners: bool,
    pub hours: ServiceHours,
    /// The promises the clocks run on.
    pub promises: Promises,
    /// Outside coverage: only advice, or chargeable work after a quote.
    pub chargeable: bool,
}

/// Picks what covers a request on `today`: an active maintenance contract
/// first (7x24 before business hours, then the one that runs longest), then
/// an active sale contract, then the free warranty. `contracts` are those
/// naming the device, or with no device the customer's.
pub fn intake_coverage(
    warranty_end: Option<NaiveDate>,
    contracts: &[Contract],
    today: NaiveDate,
) -> Coverage {
    let w = warranty(warranty_end, today);
    let mut active: Vec<&Contract> = contracts
        .iter()
        .filter(|c| c.status == ContractStatus::Active)
        .collect();
    active.sort_by_key(|c| {
        (
            c.kind != ContractKind::Maintenance,
            c.scope.hours != ServiceHours::AllDay,
            std::cmp::Reverse(c.end_date),
            c.id,
        )
    });
    if let Some(c) = active.first() {
        return Coverage {
            in_warranty: w.in_warranty,
            warranty_ends: w.ends,
            // A device in warranty gets its repair whatever the contract says.
            onsite_repair: c.scope.onsite_repair || w.in_warranty,
            spare_parts: c.scope.spare_parts || w.in_warranty,
            chargeable: !(c.scope.remote_support || c.scope.onsite_repair || w.in_warranty),
            ..promised_by(c)
        };
    }
    Coverage {
        covered_by: if w.in_warranty {
            CoveredBy::Warranty
        } else {
            CoveredBy::Nothing
        },
        in_warranty: w.in_warranty,
        warranty_ends: w.ends,
        contract_id: None,
        contract_number: None,
        remote_support: w.in_warranty,
        onsite_repair: w.in_warranty,
        spare_parts: w.in_warranty,
        loaners: false,
        hours: ServiceHours::Business,
        promises: Promises::default(),
        chargeable: !w.in_warranty,
    }
}

/// Coverage by `c` as its scope promises: what an active contract gives a
/// request, and what a maintenance contract gives the inspections it
/// promised (whenever they are done).
pub fn promised_by(c: &Contract) -> Coverage {
    let s = &c.scope;
    Coverage {
        covered_by: CoveredBy::Contract,
        in_warranty: false,
        warranty_ends: None,
        contract_id: Some(c.id),
        contract_number: Some(c.number.clone()),
        remote_support: s.remote_support,
        onsite_repair: s.onsite_repair,
        spare_parts: s.spare_parts,
        loaners: s.loaners,
        hours: s.hours,
        promises: c.promises,
        chargeable: false,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRequest {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `SR-2026-000123`.
    pub number: String,
    pub source: Source,
    pub customer_id: u64,
    /// The customer's name as the archive has it now (for lists).
    pub customer_name: String,
    /// Who called, and how to reach them.
    pub contact: String,
    pub device_id: Option<u64>,
    /// The device as people know it: brand, model and serial number
    /// (empty without a device).
    #[serde(default)]
    pub device_name: String,
    /// Where the work is: the site and its address as given at intake
    /// (requests logged before sites were carried have none).
    #[serde(default)]
    pub site: Option<Site>,
    pub description: String,
    pub urgency: Urgency,
    /// 1 (worst) to 3.
    pub fault_level: u8,
    pub received_at: DateTime<Utc>,
    pub logged_at: DateTime<Utc>,
    pub logged_by: String,
    pub coverage: Coverage,
    pub closed: bool,
    /// What happened, in time order: the clocks are computed from it.
    pub events: Vec<TimedEvent>,
    /// The promises, as of the moment the answer was made.
    pub clocks: Vec<Clock>,
    /// The earliest due time of a clock still running.
    pub next_due_at: Option<DateTime<Utc>>,
    /// Its work orders, oldest first.
    pub work_order_ids: Vec<u64>,
    /// Why it was closed without (or after) work: advice given, a duplicate.
    pub closing_note: String,
    /// The inspection visit it came from (the visit's own work, or a
    /// finding of it).
    #[serde(default)]
    pub inspection_visit_id: Option<u64>,
    /// Its satisfaction surveys, one per completed service, as the KPIs
    /// count them.
    #[serde(default)]
    pub surveys: Vec<SurveyMark>,
    /// Who was dispatched on its work orders (usernames).
    #[serde(default)]
    pub engineers: Vec<String>,
    /// Hours, travel and parts per work order, from the signed reports.
    #[serde(default)]
    pub work: Vec<crate::kpi::WorkFigures>,
    /// When the next request for the same device was received.
    #[serde(default)]
    pub next_request_at: Option<DateTime<Utc>>,
}

/// One satisfaction survey of a request as the KPIs count it (sent,
/// answered, its overall score). The survey use cases keep it in step with
/// the survey record in the same write, so every figure is derived from the
/// request records alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyMark {
    pub survey_id: u64,
    pub sent_at: DateTime<Utc>,
    /// When its link stops working (a survey taken on a follow-up call has
    /// none).
    pub expires_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The overall score, 1–5, once answered.
    pub overall: Option<u8>,
}

/// The actions of `POST /api/requests/{id}/actions/<verb>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RequestVerb {
    /// Stop the clocks: waiting for the customer or for parts.
    Pause,
    Resume,
    /// Settled without (more) work: advice given on the phone, a duplicate.
    Close,
    /// Open a closed request again (with a `reason`): its clocks start a
    /// new cycle; it counts against first-time fix.
    Reopen,
}

impl RequestVerb {
    pub fn parse(s: &str) -> Option<RequestVerb> {
        match s {
            "pause" => Some(RequestVerb::Pause),
            "resume" => Some(RequestVerb::Resume),
            "close" => Some(RequestVerb::Close),
            "reopen" => Some(RequestVerb::Reopen),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestActionInput {
    /// The request's version the caller saw (required): a stale one gets
    /// 409 and changes nothing.
    pub version: u64,
    /// `pause`: what the request waits for.
    #[serde(default)]
    pub waiting_for: Option<crate::sla::PauseReason>,
    /// `close`: how it was settled.
    #[serde(default)]
    pub note: String,
    /// `reopen`: why it is opened again.
    #[serde(default)]
    pub reason: String,
}

/// Whether the clocks stand still now.
pub fn is_paused(events: &[TimedEvent]) -> bool {
    let mut paused = false;
    for e in events {
        match e.event {
            crate::sla::SlaEvent::Paused { .. } => paused = true,
            // A pause left open when the request closed ends with the
            // cycle (see `sla::cycles`).
            crate::sla::SlaEvent::Resumed | crate::sla::SlaEvent::Reopened { .. } => paused = false,
            _ => {}
        }
    }
    paused
}

/// `POST /api/requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    pub source: Source,
    pub customer_id: u64,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub device_id: Option<u64>,
    /// Where the work is; default: the device's site, else the customer's
    /// first site.
    #[serde(default)]
    pub site: Option<Site>,
    pub description: String,
    pub urgency: Urgency,
    pub fault_level: u8,
    /// When the call came in, if earlier than now (a call taken away from
    /// the desk); default: now.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

pub const DESCRIPTION_MAX: usize = 5000;

/// The site a request is for when the caller named none: the device's own
/// site if the customer has it, else the customer's first site.
pub fn default_site(sites: &[Site], device_site: Option<&str>) -> Option<Site> {
    device_site
        .filter(|s| !s.is_empty())
        .and_then(|name| sites.iter().find(|s| s.name == name))
        .or(sites.first())
        .cloned()
}

/// The fault level that usually goes with an urgency (urgent: level 1,
/// business stopped); the desk may change it.
pub fn suggested_fault_level(u: Urgency) -> u8 {
    match u {
        Urgency::Urgent => 1,
        Urgency::Important => 2,
        Urgency::Normal => 3,
    }
}

/// The device as people name it on the phone: "HP LaserJet M607 · SN123".
pub fn device_name(brand: &str, product: &str, model: &str, serial: &str) -> String {
    let mut what: Vec<&str> = Vec::new();
    for part in [brand, product, model] {
        let part = part.trim();
        if !part.is_empty() && !what.iter().any(|w| w.contains(part)) {
            what.push(part);
        }
    }
    let what = what.join(" ");
    match (what.is_empty(), serial.trim().is_empty()) {
        (false, false) => format!("{what} · {}", serial.trim()),
        (true, _) => serial.trim().to_owned(),
        (false, true) => what,
    }
}

/// What is wrong with a new request, field by field. `now` bounds
/// `received_at`: a call cannot come in the future, nor a month ago.
pub fn check_new(input: &NewRequest, now: DateTime<Utc>) -> FieldErrors {
    let mut e = FieldErrors::new();
    let d = input.description.trim();
    if d.is_empty() {
        e.insert("description".into(), "must not be empty".into());
    } else if d.chars().count() > DESCRIPTION_MAX {
        e.insert(
            "description".into(),
            format!("must be at most {DESCRIPTION_MAX} characters"),
        );
    }
    if let Some(s) = &input.site {
        if s.name.chars().count() > 200 || s.address.chars().count() > 500 {
            e.insert(
                "site".into(),
                "must be at most 200 characters (name) and 500 (address)".into(),
            );
        }
    }
    if input.contact.chars().count() > 200 {
        e.insert("contact".into(), "must be at most 200 characters".into());
    }
    if !(1..=3).contains(&input.fault_level) {
        e.insert("fault_level".into(), "must be 1, 2 or 3".into());
    }
    if let Some(r) = input.received_at {
        if r > now + chrono::Duration::minutes(5) {
            e.insert("received_at".into(), "must not be in the future".into());
        } else if r < now - chrono::Duration::days(30) {
            e.insert(
                "received_at".into(),
                "must be within the last 30 days".into(),
            );
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::Scope;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn contract(id: u64, kind: ContractKind, hours: ServiceHours, end: &str) -> Contract {
        Contract {
            id,
            version: 1,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
            number: format!("C-{id}"),
            kind,
            customer_id: 1,
            sales_owner_id: None,
            start_date: day("2026-01-01"),
            end_date: day(end),
            value: crate::money::Money::ZERO,
            device_ids: vec![],
            scope: Scope {
                remote_support: true,
                onsite_repair: kind == ContractKind::Maintenance,
                hours,
                ..Scope::default()
            },
            promises: Promises {
                urgent_on_site_minutes: 60 * id as u32,
                ..Promises::default()
            },
            warranty_months: 12,
            draft: false,
            terminated_on: None,
            status: ContractStatus::Active,
            notes: String::new(),
        }
    }

    #[test]
    fn a_7x24_maintenance_contract_wins_over_others_and_brings_its_promises() {
        let today = day("2026-11-23");
        let cs = [
            contract(1, ContractKind::Sale, ServiceHours::AllDay, "2027-12-31"),
            contract(
                2,
                ContractKind::Maintenance,
                ServiceHours::Business,
                "2027-12-31",
            ),
            contract(
                3,
                ContractKind::Maintenance,
                ServiceHours::AllDay,
                "2027-01-31",
            ),
        ];
        let c = intake_coverage(None, &cs, today);
        assert_eq!(c.covered_by, CoveredBy::Contract);
        assert_eq!(c.contract_id, Some(3));
        assert_eq!(c.hours, ServiceHours::AllDay);
        assert_eq!(c.promises.urgent_on_site_minutes, 180);
        assert!(!c.chargeable);
    }

    #[test]
    fn without_a_contract_the_warranty_covers_and_after_it_the_work_is_chargeable() {
        let today = day("2026-11-23");
        let c = intake_coverage(Some(day("2026-11-23")), &[], today);
        assert_eq!(c.covered_by, CoveredBy::Warranty);
        assert!(c.onsite_repair && !c.chargeable, "the last day is covered");
        let c = intake_coverage(Some(day("2026-11-22")), &[], today);
        assert_eq!(c.covered_by, CoveredBy::Nothing);
        assert!(c.chargeable);
        assert_eq!(c.promises, Promises::default());
        let mut expired = contract(
            2,
            ContractKind::Maintenance,
            ServiceHours::AllDay,
            "2026-10-31",
        );
        expired.status = ContractStatus::Expired;
        assert_eq!(
            intake_coverage(None, &[expired], today).covered_by,
            CoveredBy::Nothing
        );
    }

    #[test]
    fn a_sale_contract_with_remote_support_only_still_covers_advice() {
        let today = day("2026-11-23");
        let c = intake_coverage(
            Some(day("2025-01-01")),
            &[contract(
                1,
                ContractKind::Sale,
                ServiceHours::Business,
                "2027-12-31",
            )],
            today,
        );
        assert_eq!(c.covered_by, CoveredBy::Contract);
        assert!(c.remote_support && !c.onsite_repair && !c.chargeable);
    }

    #[test]
    fn a_new_request_needs_a_description_a_fault_level_and_a_sane_receipt_time() {
        let now: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let mut r = NewRequest {
            source: Source::Phone,
            customer_id: 1,
            contact: "李经理 13800138000".into(),
            device_id: None,
            site: None,
            description: "服务器无法开机".into(),
            urgency: Urgency::Urgent,
            fault_level: 1,
            received_at: Some(now - chrono::Duration::hours(2)),
        };
        assert!(check_new(&r, now).is_empty());
        r.description = "  ".into();
        r.fault_level = 4;
        r.received_at = Some(now + chrono::Duration::hours(1));
        let e = check_new(&r, now);
        assert_eq!(
            e.keys().map(String::as_str).collect::<Vec<_>>(),
            ["description", "fault_level", "received_at"]
        );
    }

    #[test]
    fn the_site_defaults_to_the_devices_then_the_customers_first() {
        let sites = vec![
            Site {
                name: "总部".into(),
                address: "深圳市福田区深南大道 1 号".into(),
            },
            Site {
                name: "仓库".into(),
                address: "东莞市长安镇".into(),
            },
        ];
        assert_eq!(default_site(&sites, Some("仓库")).unwrap().name, "仓库");
        assert_eq!(default_site(&sites, Some("不存在")).unwrap().name, "总部");
        assert_eq!(default_site(&sites, None).unwrap().name, "总部");
        assert_eq!(default_site(&[], Some("仓库")), None);
    }

    #[test]
    fn a_device_is_named_by_what_it_is_and_its_serial() {
        assert_eq!(
            device_name("HP", "打印机", "LaserJet M607", "CN123"),
            "HP 打印机 LaserJet M607 · CN123"
        );
        assert_eq!(
            device_name("Lenovo", "ThinkPad T14", "ThinkPad T14", "S1"),
            "Lenovo ThinkPad T14 · S1"
        );
        assert_eq!(device_name("", "", "", "S1"), "S1");
        assert_eq!(suggested_fault_level(Urgency::Urgent), 1);
    }
}
