//! Who may do what: one function per question, asked by the server before it
//! writes (the answer it enforces) and by the app before it shows a button or
//! a page (so nobody is offered what the server will refuse). No role list is
//! typed anywhere else.
//!
//! A question about one record takes what the rule needs to know about it
//! (is the user one of its engineers, its state); the server answers those
//! from inside the write's transaction.

use crate::files::AttachedTo;
use crate::import::ImportKind;
use crate::repairs::RepairVerb;
use crate::requests::RequestVerb;
use crate::stock::MovementKind;
use crate::users::Role;
use crate::work_orders::{Verb, WoState};

/// The user asking: their id and roles.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub id: u64,
    pub roles: &'a [Role],
}

impl<'a> Who<'a> {
    pub fn new(id: u64, roles: &'a [Role]) -> Self {
        Who { id, roles }
    }

    pub fn is(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }
}

use Role::*;

// ---- the archive -------------------------------------------------------

/// Create and edit customers (and import them).
pub fn edit_customers(who: Who) -> bool {
    who.any(&[Sales, Manager])
}

/// Create a customer: the archive's editors, and the desk, which takes
/// the first call of a new customer (DOMAIN: the dispatcher takes and logs
/// requests) and must not keep the caller waiting for sales. Editing an
/// existing customer stays with sales and the manager.
pub fn create_customers(who: Who) -> bool {
    edit_customers(who) || who.is(Dispatcher)
}

/// Create and edit contracts.
pub fn edit_contracts(who: Who) -> bool {
    who.any(&[Sales, Manager])
}

/// Create and edit devices (and import them): whoever meets them.
pub fn edit_devices(who: Who) -> bool {
    who.any(&[Dispatcher, Engineer, Sales, Manager])
}

/// Import a CSV of customers or devices: whoever may create them.
pub fn import(who: Who, kind: ImportKind) -> bool {
    match kind {
        ImportKind::Customers => edit_customers(who),
        ImportKind::Devices => edit_devices(who),
        ImportKind::Parts => manage_parts(who),
    }
}

/// Whether the user may import anything at all (the Import page).
pub fn import_any(who: Who) -> bool {
    import(who, ImportKind::Customers)
        || import(who, ImportKind::Devices)
        || import(who, ImportKind::Parts)
}

/// Whether the menu offers the desk's bulk tools (Import, the API
/// reference). Someone who is only an engineer works from a phone in the
/// field: those entries crowd their menu and lead away from the job. The
/// server still allows what [`import`] allows (an engineer may load a
/// customer's device list); this decides what the app offers.
pub fn desk_tools(who: Who) -> bool {
    who.roles.iter().any(|r| *r != Engineer)
}

/// Attach or remove a document. On a work order: its engineers and the
/// desk (dispatcher, manager), not any engineer of the firm.
pub fn attach_documents(who: Who, to: AttachedTo, assigned: bool) -> bool {
    match to {
        AttachedTo::Customer => edit_customers(who),
        AttachedTo::Contract => edit_contracts(who),
        AttachedTo::Device => edit_devices(who),
        AttachedTo::WorkOrder => who.any(&[Dispatcher, Manager]) || (assigned && who.is(Engineer)),
        AttachedTo::Firm => edit_settings(who),
        AttachedTo::Repair => take_in_repairs(who),
        AttachedTo::Inspection => record_inspections(who, assigned),
    }
}

// ---- service requests ----------------------------------------------------

/// Take a call: log a service request.
pub fn log_requests(who: Who) -> bool {
    who.any(&[Dispatcher, Manager, Engineer, Sales])
}

/// Pause, resume or close a request. The desk may for any request; an
/// engineer only for a request they work on (pausing stops its clocks, so
/// not for someone else's).
pub fn act_on_request(who: Who, verb: RequestVerb, works_on_it: bool) -> bool {
    if verb == RequestVerb::Reopen {
        return reopen_requests(who);
    }
    who.any(&[Dispatcher, Manager]) || (works_on_it && who.is(Engineer))
}

/// Reopen a closed request (a poor survey score, the fault came back):
/// the manager, and the dispatcher, who takes the customer's call that the
/// fault is back and reassigns the work. Never an engineer: a reopen counts
/// against first-time fix, so nobody reopens (or keeps closed) their own.
pub fn reopen_requests(who: Who) -> bool {
    who.any(&[Manager, Dispatcher])
}

/// The desk's views: the board with every filter, dispatch suggestions.
pub fn dispatch(who: Who) -> bool {
    who.any(&[Dispatcher, Manager])
}

// ---- work orders -----------------------------------------------------------

/// Open a work order for a request.
pub fn create_work_orders(who: Who) -> bool {
    dispatch(who)
}

/// Take a state action on a work order (its table of roles lives with the
/// states, in `work_orders::Verb`).
pub fn work_order_action(who: Who, verb: Verb, assigned: bool) -> bool {
    verb.allowed_for(who.roles, assigned)
}

/// Log a step (called, arrived, left, remote): the engineers of the work
/// order, or a manager correcting the record.
pub fn log_steps(who: Who, assigned: bool) -> bool {
    (assigned && who.is(Engineer)) || who.is(Manager)
}

/// Set or replace the quote of chargeable work: its engineers and the desk
/// or sales, never an engineer of someone else's work.
pub fn set_quote(who: Who, assigned: bool) -> bool {
    who.any(&[Dispatcher, Manager, Sales]) || (assigned && who.is(Engineer))
}

/// Hand unfinished work to the second line: its engineers or the desk, while
/// the work is under way (not before dispatch, not once it is closed or
/// waiting for the manager's decision).
pub fn escalate(who: Who, assigned: bool, state: WoState) -> bool {
    (who.any(&[Dispatcher, Manager]) || (assigned && who.is(Engineer)))
        && matches!(
            state,
            WoState::Dispatched | WoState::InProgress | WoState::ExtensionRequested
        )
}

/// Write or correct the service report, and send it for signature.
pub fn write_report(who: Who, assigned: bool) -> bool {
    (assigned && who.is(Engineer)) || who.is(Manager)
}

/// Decide extensions and completions (the Approvals page).
pub fn approve(who: Who) -> bool {
    who.is(Manager)
}

// ---- loaner units (备机) ----------------------------------------------------

/// Lend a loaner unit to a customer and take it back (with the customer's
/// signatures, in person or by link): whoever meets the customer, and the
/// store keeper who keeps the pool.
pub fn lend_loaners(who: Who) -> bool {
    who.any(&[Dispatcher, Engineer, Manager, Storekeeper])
}

/// Add units to the loaner pool, change and retire them.
pub fn manage_loaner_pool(who: Who) -> bool {
    who.any(&[Manager, Storekeeper])
}

// ---- repairs (送修) ---------------------------------------------------------

/// Take a device in for repair at the counter: the desk, engineers, manager.
pub fn take_in_repairs(who: Who) -> bool {
    who.any(&[Dispatcher, Engineer, Manager])
}

/// Write the repair record (维修记录单): engineers, or a manager correcting it.
pub fn write_repair_sheet(who: Who) -> bool {
    who.any(&[Engineer, Manager])
}

/// Take a state action on a repair (its table of roles lives with the
/// states, in `repairs::RepairVerb`).
pub fn repair_action(who: Who, verb: RepairVerb) -> bool {
    verb.allowed_for(who.roles)
}

/// Hand a device back without its voucher, after checking the collector's
/// ID: managers only.
pub fn check_id_for_lost_voucher(who: Who) -> bool {
    who.is(Manager)
}

// ---- inspections ------------------------------------------------------------

/// Read inspection standards, plans and visits: everyone signed in.
pub fn read_inspections(who: Who) -> bool {
    !who.roles.is_empty()
}

/// Write and revise the firm's inspection standards (设备巡检标准): the
/// manager, who answers for what a contract's inspections check.
pub fn manage_inspection_templates(who: Who) -> bool {
    who.is(Manager)
}

/// Set up and change a contract's inspection schedules: the manager and
/// the dispatcher, who plan the visits.
pub fn plan_inspections(who: Who) -> bool {
    who.any(&[Manager, Dispatcher])
}

/// Record a visit's devices, open requests from its findings and have the
/// customer sign: the engineers it was dispatched to, or a manager
/// correcting the record.
pub fn record_inspections(who: Who, assigned: bool) -> bool {
    (assigned && who.is(Engineer)) || who.is(Manager)
}

// ---- complaints ---------------------------------------------------------------

/// Log a complaint: the desk that takes the call, sales who hear it from
/// the customer, and the manager.
pub fn log_complaints(who: Who) -> bool {
    who.any(&[Manager, Dispatcher, Sales])
}

/// Acknowledge and close complaints (findings, action, outcome): the
/// manager, who handles complaints (DOMAIN).
pub fn handle_complaints(who: Who) -> bool {
    who.is(Manager)
}

/// Read every complaint (the list, the counts per person).
pub fn read_complaints(who: Who) -> bool {
    who.any(&[Manager, Dispatcher, Sales])
}

/// Read one complaint: whoever reads them all, and an engineer the
/// complaint names (their own record, never a colleague's).
pub fn read_complaint(who: Who, names_me: bool) -> bool {
    read_complaints(who) || (names_me && who.is(Engineer))
}

// ---- satisfaction surveys ------------------------------------------------------

/// Send a survey (make its link) or take its answer on a follow-up call:
/// the people who talk to customers.
pub fn send_surveys(who: Who) -> bool {
    who.any(&[Manager, Dispatcher, Sales])
}

/// Read surveys: those who send them; an engineer only the surveys of
/// requests they worked on.
pub fn read_surveys(who: Who, worked_on_it: bool) -> bool {
    send_surveys(who) || (worked_on_it && who.is(Engineer))
}

/// The poor-score follow-ups: calling the customer back, reopening, closing
/// with an outcome: the manager, who owns customer satisfaction.
pub fn handle_follow_ups(who: Who) -> bool {
    who.is(Manager)
}

// ---- spare parts and stock ---------------------------------------------------

/// Read the parts catalogue and stock anywhere: everyone signed in.
pub fn read_stock(who: Who) -> bool {
    !who.roles.is_empty()
}

/// Create, change, archive and import parts; create locations.
pub fn manage_parts(who: Who) -> bool {
    who.any(&[Storekeeper, Manager])
}

/// Record any movement at any location (the store's own work).
pub fn move_any_stock(who: Who) -> bool {
    who.any(&[Storekeeper, Manager])
}

/// Record a movement of `kind` whose source is the caller's own kit
/// (`from_own_kit`): the store keeper and manager always; an engineer
/// only consumes or returns from their own kit.
pub fn move_stock(who: Who, kind: MovementKind, from_own_kit: bool) -> bool {
    move_any_stock(who)
        || (who.is(Engineer)
            && from_own_kit
            && matches!(
                kind,
                MovementKind::Consume | MovementKind::ReturnGood | MovementKind::ReturnFaulty
            ))
}

/// Ask for parts on a work order (备件申请): its engineers, or a manager.
pub fn request_parts(who: Who, assigned: bool) -> bool {
    (who.is(Engineer) && assigned) || who.is(Manager)
}

/// Approve (reserve), reject and issue part requests: the store keeper and
/// the manager, never on a request they made themselves (the firm keeps
/// asking and granting apart). The queue page asks with `own: false`.
pub fn decide_part_requests(who: Who, own: bool) -> bool {
    who.any(&[Storekeeper, Manager]) && !own
}

/// Confirm receipt of issued parts: the engineer whose kit they went to,
/// or a manager.
pub fn receive_parts(who: Who, own_kit: bool) -> bool {
    (who.is(Engineer) && own_kit) || who.is(Manager)
}

/// Withdraw a part request before it is issued: whoever asked, and the
/// store keeper or manager.
pub fn cancel_part_request(who: Who, own: bool) -> bool {
    own || who.any(&[Storekeeper, Manager])
}

/// The "my kit" page: an engineer's own stock.
pub fn has_kit(who: Who) -> bool {
    who.is(Engineer)
}

// ---- weekly and monthly reports --------------------------------------------

/// Read an engineer's weekly report (工作周报): their own, or the manager
/// anyone's.
pub fn read_weekly_report(who: Who, own: bool) -> bool {
    (own && who.is(Engineer)) || who.is(Manager)
}

/// Write the notes of and submit a weekly report: the engineer, their own only.
pub fn write_weekly_report(who: Who, own: bool) -> bool {
    own && who.is(Engineer)
}

/// See who has and has not submitted the week's reports.
pub fn weekly_report_status(who: Who) -> bool {
    who.is(Manager)
}

/// Read the firm's weekly record (周工作记录) and monthly project summary
/// (月项目汇总表), for the firm or one customer or contract.
pub fn read_work_summaries(who: Who) -> bool {
    who.any(&[Manager, Dispatcher, Sales])
}

// ---- the firm ---------------------------------------------------------------

/// The firm's settings: name, rates, thresholds, business hours, logo.
pub fn edit_settings(who: Who) -> bool {
    who.any(&[Admin, Manager])
}

/// Read the audit trail.
pub fn read_audit(who: Who) -> bool {
    who.any(&[Admin, Manager])
}

/// Create, change and disable accounts.
pub fn manage_users(who: Who) -> bool {
    who.is(Admin)
}

/// See the staff list (to pick engineers, to read names).
pub fn list_users(who: Who) -> bool {
    who.any(&[Admin, Manager, Dispatcher])
}

/// Download backups.
pub fn backup(who: Who) -> bool {
    who.is(Admin)
}

/// Read the server's metrics on the main listener (a `--metrics-listen`
/// address serves them without a session).
pub fn read_metrics(who: Who) -> bool {
    who.is(Admin)
}

// ---- KPIs ----------------------------------------------------------------

/// Whose KPIs a user may read. `own`: the figures asked for are the
/// user's own (an engineer's). The manager reads all; the desk and sales
/// the firm's, a customer's and a contract's; an engineer only their own.
pub fn read_kpi(who: Who, of: &crate::kpi::Dimension, own: bool) -> bool {
    use crate::kpi::Dimension as D;
    match of {
        D::Engineer(_) => who.is(Manager) || (who.is(Engineer) && own),
        D::Firm | D::Customer(_) | D::Contract(_) => who.any(&[Manager, Dispatcher, Sales]),
    }
}

/// The manager's overview is the manager's home page.
pub fn manager_overview(who: Who) -> bool {
    who.is(Manager)
}

#[cfg(test)]
#[path = "permissions_tests.rs"]
mod tests;
