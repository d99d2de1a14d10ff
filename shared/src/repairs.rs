//! Repair intake (送修): a device brought to the counter or shipped in, its
//! accessories, the quote the customer approves before chargeable work, the
//! repair record (维修记录单) and the pickup against the claim voucher
//! (取机凭证). The states and who may move them are one table here
//! (`RepairVerb::next`, `RepairVerb::allowed_for`), used by the server to
//! refuse and by the app to offer only the buttons that will work.

use crate::money::Money;
use crate::requests::Coverage;
use crate::users::{FieldErrors, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RepairState {
    Received,
    Diagnosing,
    QuoteSent,
    QuoteApproved,
    QuoteDeclined,
    Repairing,
    Ready,
    PickedUp,
    ReturnedUnrepaired,
}

impl RepairState {
    pub const ALL: [RepairState; 9] = [
        RepairState::Received,
        RepairState::Diagnosing,
        RepairState::QuoteSent,
        RepairState::QuoteApproved,
        RepairState::QuoteDeclined,
        RepairState::Repairing,
        RepairState::Ready,
        RepairState::PickedUp,
        RepairState::ReturnedUnrepaired,
    ];

    /// The device is still with the firm.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            RepairState::PickedUp | RepairState::ReturnedUnrepaired
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RepairState::Received => "received",
            RepairState::Diagnosing => "diagnosing",
            RepairState::QuoteSent => "quote_sent",
            RepairState::QuoteApproved => "quote_approved",
            RepairState::QuoteDeclined => "quote_declined",
            RepairState::Repairing => "repairing",
            RepairState::Ready => "ready",
            RepairState::PickedUp => "picked_up",
            RepairState::ReturnedUnrepaired => "returned_unrepaired",
        }
    }

    pub fn parse(s: &str) -> Option<RepairState> {
        RepairState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The actions of `POST /api/repairs/{id}/actions/<verb>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RepairVerb {
    /// An engineer takes the device to the bench.
    Diagnose,
    /// The price of chargeable work is told to the customer (`amount`, `quote_text`).
    SendQuote,
    /// The customer agreed (`approved_by`, `channel`).
    ApproveQuote,
    /// The customer said no (`approved_by`, `channel`).
    DeclineQuote,
    /// Work starts: chargeable work only after an approved quote.
    StartRepair,
    /// The device can be collected (repaired, or not).
    MarkReady,
    /// Handed back repaired, against the voucher or a manager's ID check.
    PickUp,
    /// Handed back without repair, against the voucher or an ID check.
    ReturnUnrepaired,
}

/// What the state table needs to know about the repair besides its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RepairFacts {
    /// Not covered by warranty or contract at intake.
    pub chargeable: bool,
    /// Went through `repairing`.
    pub repaired: bool,
}

impl RepairVerb {
    pub const ALL: [RepairVerb; 8] = [
        RepairVerb::Diagnose,
        RepairVerb::SendQuote,
        RepairVerb::ApproveQuote,
        RepairVerb::DeclineQuote,
        RepairVerb::StartRepair,
        RepairVerb::MarkReady,
        RepairVerb::PickUp,
        RepairVerb::ReturnUnrepaired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RepairVerb::Diagnose => "diagnose",
            RepairVerb::SendQuote => "send-quote",
            RepairVerb::ApproveQuote => "approve-quote",
            RepairVerb::DeclineQuote => "decline-quote",
            RepairVerb::StartRepair => "start-repair",
            RepairVerb::MarkReady => "mark-ready",
            RepairVerb::PickUp => "pick-up",
            RepairVerb::ReturnUnrepaired => "return-unrepaired",
        }
    }

    pub fn parse(s: &str) -> Option<RepairVerb> {
        RepairVerb::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The roles that may take this action.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            RepairVerb::Diagnose
            | RepairVerb::SendQuote
            | RepairVerb::StartRepair
            | RepairVerb::MarkReady => &[Engineer, Manager],
            // The customer's answer is recorded by the desk or sales, not by
            // the engineer whose price it is.
            RepairVerb::ApproveQuote | RepairVerb::DeclineQuote => &[Dispatcher, Manager, Sales],
            // Handing back happens at the counter.
            RepairVerb::PickUp | RepairVerb::ReturnUnrepaired => &[Dispatcher, Engineer, Manager],
        }
    }

    pub fn allowed_for(self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.roles().contains(r))
    }

    /// Whether this action hands the device back (voucher, accessories).
    pub fn hands_back(self) -> bool {
        matches!(self, RepairVerb::PickUp | RepairVerb::ReturnUnrepaired)
    }

    /// The state this action leads to from `from`, or why it is refused.
    pub fn next(self, from: RepairState, facts: RepairFacts) -> Result<RepairState, String> {
        use RepairState::*;
        let to = match (self, from) {
            (RepairVerb::Diagnose, Received) => Diagnosing,
            (RepairVerb::SendQuote, Diagnosing | QuoteDeclined) => QuoteSent,
            (RepairVerb::ApproveQuote, QuoteSent) => QuoteApproved,
            (RepairVerb::DeclineQuote, QuoteSent) => QuoteDeclined,
            (RepairVerb::StartRepair, QuoteApproved) => Repairing,
            (RepairVerb::StartRepair, Diagnosing) if !facts.chargeable => Repairing,
            (RepairVerb::StartRepair, Diagnosing | QuoteSent | QuoteDeclined) if facts.chargeable => {
                return Err(
                    "this repair is chargeable (not covered by warranty or contract): the customer must approve a quote before it is repaired"
                        .into(),
                )
            }
            (RepairVerb::MarkReady, Repairing) => Ready,
            // Ready to collect unrepaired: no fault found, or the quote declined.
            (RepairVerb::MarkReady, Diagnosing | QuoteDeclined) => Ready,
            (RepairVerb::PickUp, Ready) if facts.repaired => PickedUp,
            (RepairVerb::PickUp, Ready) => {
                return Err("this device was not repaired: return it unrepaired".into())
            }
            (RepairVerb::ReturnUnrepaired, Diagnosing | QuoteDeclined) => ReturnedUnrepaired,
            (RepairVerb::ReturnUnrepaired, Ready) if !facts.repaired => ReturnedUnrepaired,
            (verb, from) => {
                return Err(format!(
                    "a repair that is {} cannot take the action {}{}",
                    from.as_str(),
                    verb.as_str(),
                    if from.is_open() {
                        ""
                    } else {
                        " (the device has been handed back)"
                    }
                ))
            }
        };
        Ok(to)
    }
}

/// The standard accessories a device comes in with; anything else is free
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Accessory {
    PowerCable,
    Adapter,
    Box,
    Dongle,
    ExpansionCard,
    MemoryCard,
    Manual,
    Battery,
    CarryBag,
}

impl Accessory {
    pub const ALL: [Accessory; 9] = [
        Accessory::PowerCable,
        Accessory::Adapter,
        Accessory::Box,
        Accessory::Dongle,
        Accessory::ExpansionCard,
        Accessory::MemoryCard,
        Accessory::Manual,
        Accessory::Battery,
        Accessory::CarryBag,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Accessory::PowerCable => "power_cable",
            Accessory::Adapter => "adapter",
            Accessory::Box => "box",
            Accessory::Dongle => "dongle",
            Accessory::ExpansionCard => "expansion_card",
            Accessory::MemoryCard => "memory_card",
            Accessory::Manual => "manual",
            Accessory::Battery => "battery",
            Accessory::CarryBag => "carry_bag",
        }
    }

    /// The name printed on the voucher in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Accessory::PowerCable => "电源线",
            Accessory::Adapter => "电源适配器",
            Accessory::Box => "包装盒",
            Accessory::Dongle => "加密狗",
            Accessory::ExpansionCard => "子卡/扩展卡",
            Accessory::MemoryCard => "存储卡",
            Accessory::Manual => "说明书",
            Accessory::Battery => "电池",
            Accessory::CarryBag => "便携包",
        }
    }

    /// The name printed on the voucher in English.
    pub fn en(self) -> &'static str {
        match self {
            Accessory::PowerCable => "Power cable",
            Accessory::Adapter => "Power adapter",
            Accessory::Box => "Box",
            Accessory::Dongle => "Dongle",
            Accessory::ExpansionCard => "Daughter / expansion card",
            Accessory::MemoryCard => "Memory card",
            Accessory::Manual => "Manual",
            Accessory::Battery => "Battery",
            Accessory::CarryBag => "Carry bag",
        }
    }
}

/// One accessory handed in: a standard one (with an optional note, e.g.
/// "2 pcs") or free text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessoryItem {
    #[serde(default)]
    pub standard: Option<Accessory>,
    #[serde(default)]
    pub text: String,
}

impl AccessoryItem {
    /// "电源线 Power cable (2 pcs)" or the free text.
    pub fn label(&self, zh: bool) -> String {
        match self.standard {
            Some(a) if self.text.trim().is_empty() => (if zh { a.zh() } else { a.en() }).into(),
            Some(a) => format!(
                "{} ({})",
                if zh { a.zh() } else { a.en() },
                self.text.trim()
            ),
            None => self.text.trim().to_owned(),
        }
    }
}

/// How the device came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    #[default]
    Counter,
    Shipped,
}

/// How the customer answered a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    InPerson,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteDecision {
    pub approved: bool,
    /// The customer's person who answered.
    pub by: String,
    pub channel: Channel,
    /// The staff member who recorded it.
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepairQuote {
    pub amount: Money,
    pub text: String,
    pub sent_by: String,
    pub sent_at: DateTime<Utc>,
    pub decision: Option<QuoteDecision>,
}

/// One line of parts used: free text, or a part taken from stock
/// (`part_id` set, by `POST /api/repairs/{id}/parts`, which consumed it; a
/// record's save keeps those lines as they are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartLine {
    pub part: String,
    pub quantity: u32,
    #[serde(default)]
    pub amount: Money,
    #[serde(default)]
    pub part_id: Option<u64>,
    #[serde(default)]
    pub serials: Vec<String>,
}

/// `POST /api/repairs/{id}/parts`: use a part from stock on the repair,
/// from the engineer's own kit or a warehouse (issued to their kit and
/// used in the same write).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UseStockPart {
    pub version: u64,
    pub part_id: u64,
    pub location_id: u64,
    pub quantity: u32,
    #[serde(default)]
    pub serials: Vec<String>,
}

/// The repair record 维修记录单.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepairSheet {
    pub findings: String,
    pub actions: String,
    pub parts: Vec<PartLine>,
    /// Working time in minutes.
    pub minutes: u32,
    /// The engineer who did the work.
    pub engineer: String,
}

/// `PUT /api/repairs/{id}/record`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RepairSheetInput {
    pub version: u64,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub actions: String,
    #[serde(default)]
    pub parts: Vec<PartLine>,
    #[serde(default)]
    pub minutes: u32,
    /// Default: whoever saves it.
    #[serde(default)]
    pub engineer: String,
}

/// The kinds of identity document a lost-voucher check accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    ResidentId,
    Passport,
    DrivingLicence,
    Other,
}

impl IdType {
    pub const ALL: [IdType; 4] = [
        IdType::ResidentId,
        IdType::Passport,
        IdType::DrivingLicence,
        IdType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::Passport => "passport",
            IdType::DrivingLicence => "driving_licence",
            IdType::Other => "other",
        }
    }
}

/// A lost voucher: the manager checked the collector's ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IdCheck {
    pub id_type: IdType,
    /// The last digits of the ID number (never the whole number).
    pub last_digits: String,
    /// The collector's name as on the ID.
    pub holder_name: String,
}

/// How the device went back to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOver {
    pub at: DateTime<Utc>,
    pub by: String,
    /// Against the claim voucher's code.
    pub with_voucher: bool,
    /// Voucher lost: the ID check and the manager who made it.
    pub id_check: Option<IdCheck>,
    pub checked_by_manager: Option<String>,
    /// The intake accessories (by position) handed back.
    pub returned: Vec<u32>,
    /// Why an accessory was not handed back.
    pub missing_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepairTransition {
    pub verb: RepairVerb,
    pub from: RepairState,
    pub to: RepairState,
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Repair {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `RP-2026-000001`.
    pub number: String,
    pub state: RepairState,
    pub customer_id: u64,
    pub customer_name: String,
    pub device_id: u64,
    /// "Lenovo ThinkSystem SR650 7X06" as at intake.
    pub device_name: String,
    pub serial_number: String,
    pub arrival: Arrival,
    /// The customer's person who brought or sent it.
    pub brought_by: String,
    pub contact_phone: String,
    pub accessories: Vec<AccessoryItem>,
    pub condition: String,
    pub fault: String,
    pub request_id: Option<u64>,
    /// Warranty and contract coverage as at intake.
    pub coverage: Coverage,
    /// Not covered: a quote must be approved before it is repaired.
    pub chargeable: bool,
    pub quote: Option<RepairQuote>,
    pub sheet: RepairSheet,
    pub repaired: bool,
    pub hand_over: Option<HandOver>,
    pub history: Vec<RepairTransition>,
    pub received_at: DateTime<Utc>,
    pub received_by: String,
    /// Still with the firm longer than the firm's `repair_overdue_days`.
    pub overdue: bool,
}

impl Repair {
    pub fn facts(&self) -> RepairFacts {
        RepairFacts {
            chargeable: self.chargeable,
            repaired: self.repaired,
        }
    }
}

/// `POST /api/repairs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRepair {
    /// The device (found by serial, or added on the spot first).
    pub device_id: u64,
    #[serde(default)]
    pub arrival: Arrival,
    pub brought_by: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub accessories: Vec<AccessoryItem>,
    #[serde(default)]
    pub condition: String,
    pub fault: String,
    /// The service request this repair belongs to (same customer).
    #[serde(default)]
    pub request_id: Option<u64>,
}

/// What intake answers: the repair, and the voucher code (shown this once,
/// only its hash is kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepairIntake {
    pub repair: Repair,
    pub voucher_code: String,
}

/// The body of an action; each verb reads what it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RepairActionInput {
    /// The repair's version the caller saw (required): a stale one gets 409.
    pub version: u64,
    #[serde(default)]
    pub note: String,
    /// `send-quote`: the price.
    #[serde(default)]
    pub amount: Option<Money>,
    /// `send-quote`: what the price covers.
    #[serde(default)]
    pub quote_text: String,
    /// `approve-quote`, `decline-quote`: the customer's person who answered.
    #[serde(default)]
    pub answered_by: String,
    #[serde(default)]
    pub channel: Option<Channel>,
    /// `pick-up`, `return-unrepaired`: the voucher's code, typed or scanned.
    #[serde(default)]
    pub voucher_code: Option<String>,
    /// … or, the voucher lost, a manager's ID check.
    #[serde(default)]
    pub id_check: Option<IdCheck>,
    /// The intake accessories (positions from 0) handed back.
    #[serde(default)]
    pub returned: Vec<u32>,
    /// Required when an accessory is not handed back.
    #[serde(default)]
    pub missing_note: String,
}

// The checks of what people type, and the voucher code's shape.
#[path = "repairs_checks.rs"]
mod checks;
pub use checks::*;

#[cfg(test)]
#[path = "repairs_tests.rs"]
mod tests;
