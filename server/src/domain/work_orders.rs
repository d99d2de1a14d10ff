//! Work order rules beyond the state table in `shared`: who may act given
//! the assignment, the contract that field work must be linked to, the
//! quote chargeable work needs, and what each action and step writes into
//! the request's history (the clocks are computed from it).

use crate::store::{RecordMeta, RequestRecord, UserRecord, WorkOrderRecord};
use chrono::{DateTime, Utc};
use servicebook_shared::contracts::{Contract, ContractKind};
use servicebook_shared::coverage::ContractStatus;
use servicebook_shared::permissions::{self, Who};
use servicebook_shared::requests::CoveredBy;
use servicebook_shared::settings::Settings;
use servicebook_shared::sla::{Leg, SlaEvent, TimedEvent};
use servicebook_shared::users::{FieldErrors, Role};
use servicebook_shared::work_orders::{
    check_action, check_quote, check_step, check_step_time, quote_total, ActionInput, ExtensionAsk,
    NewStep, NewWorkOrder, Quote, QuoteApproval, QuoteInput, Step, StepKind, Transition, Verb,
    WoState,
};
use servicebook_shared::Money;

/// Why a work order change is refused; the HTTP layer maps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The role or the assignment does not allow it (403).
    Forbidden(String),
    /// The state, or a business rule, does not allow it now (409).
    Conflict(String),
    /// Bad input, field by field (422).
    Invalid(FieldErrors),
}

fn invalid(field: &str, message: impl Into<String>) -> Refusal {
    Refusal::Invalid(FieldErrors::from([(field.to_owned(), message.into())]))
}

/// Who acts.
pub struct Acting<'a> {
    pub user_id: Option<u64>,
    pub name: &'a str,
    pub roles: &'a [Role],
}

impl<'a> Acting<'a> {
    pub fn of(user: &'a UserRecord) -> Self {
        Acting {
            user_id: Some(user.meta.id),
            name: &user.display_name,
            roles: &user.roles,
        }
    }
}

/// A sale contract that field work for this request must be linked to.
pub struct BigSale {
    pub id: u64,
    pub number: String,
}

/// Active sale contracts worth more than `threshold` among `contracts`
/// (those naming the device, or the customer's): field work must be
/// linked to one of them before it is dispatched.
pub fn big_sales(contracts: &[Contract], threshold: Money) -> Vec<BigSale> {
    contracts
        .iter()
        .filter(|c| {
            c.kind == ContractKind::Sale
                && c.value > threshold
                && c.status == ContractStatus::Active
        })
        .map(|c| BigSale {
            id: c.id,
            number: c.number.clone(),
        })
        .collect()
}

/// `WO-2026-000045`.
pub fn number(year: i32, n: u64) -> String {
    format!("WO-{year}-{n:06}")
}

/// A new work order for `request`; with `from`, an escalation of that one.
pub fn new_work_order(
    input: NewWorkOrder,
    request: &RequestRecord,
    from: Option<&WorkOrderRecord>,
) -> Result<WorkOrderRecord, Refusal> {
    let e = servicebook_shared::work_orders::check_new(&input);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    if request.closed {
        return Err(Refusal::Conflict(format!(
            "request {} is closed; reopen it or log a new one",
            request.number
        )));
    }
    if let Some(f) = from {
        if f.request_id != request.meta.id {
            return Err(invalid(
                "escalated_from",
                format!("{} belongs to another request", f.number),
            ));
        }
    }
    let description = match input.description.trim() {
        "" => request.description.clone(),
        d => d.to_owned(),
    };
    Ok(WorkOrderRecord {
        meta: RecordMeta::new(),
        number: String::new(),
        request_id: request.meta.id,
        customer_id: request.customer_id,
        device_id: request.device_id,
        urgency: request.urgency,
        kind: input.kind,
        state: WoState::Requested,
        description,
        assignees: Vec::new(),
        contract_id: input.contract_id.or(request.coverage.contract_id),
        chargeable: request.coverage.covered_by == CoveredBy::Nothing
            || request.coverage.chargeable,
        quote: None,
        extension: None,
        steps: Vec::new(),
        history: Vec::new(),
        report_ids: Vec::new(),
        level: from.map_or(1, |f| f.level.max(1).saturating_add(1)),
        escalated_from: from.map(|f| f.meta.id),
        context: input.context.trim().to_owned(),
        inspection_visit_id: None,
    })
}

impl Acting<'_> {
    /// Whether this is one of the work order's engineers.
    pub fn assigned_to(&self, wo: &WorkOrderRecord) -> bool {
        self.user_id.is_some_and(|u| wo.assignees.contains(&u))
    }

    /// As the permission rules of `shared::permissions` ask.
    pub fn who(&self) -> Who<'_> {
        Who::new(self.user_id.unwrap_or(0), self.roles)
    }
}

/// Whether `who` may take `verb` on this work order (the rule is
/// `permissions::work_order_action`), with the reason when not.
pub fn may(verb: Verb, wo: &WorkOrderRecord, who: &Acting) -> Result<(), Refusal> {
    if permissions::work_order_action(who.who(), verb, who.assigned_to(wo)) {
        return Ok(());
    }
    let (roles, assignee_only) = verb.roles();
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    Err(Refusal::Forbidden(
        if assignee_only && who.roles.contains(&Role::Engineer) {
            format!(
                "only an engineer assigned to {} (or a manager) may {}",
                wo.number,
                verb.as_str()
            )
        } else {
            format!(
                "{} needs one of the roles {}",
                verb.as_str(),
                names.join(", ")
            )
        },
    ))
}

fn quote_approved(wo: &WorkOrderRecord) -> bool {
    wo.quote.as_ref().is_some_and(|q| q.approved.is_some())
}

fn ensure_may_start(wo: &WorkOrderRecord) -> Result<(), Refusal> {
    if wo.chargeable && !quote_approved(wo) {
        return Err(Refusal::Conflict(format!(
            "{} is chargeable work: record a quote and the customer's approval before it starts",
            wo.number
        )));
    }
    Ok(())
}

fn push(request: &mut RequestRecord, at: DateTime<Utc>, event: SlaEvent) {
    request.events.push(TimedEvent { at, event });
}

/// What an action needs that the store reads for it.
pub struct ActionContext<'a> {
    /// `dispatch`: the users named as assignees, as found (None: no such
    /// user).
    pub assignees: Vec<(u64, Option<UserRecord>)>,
    /// `dispatch` of field work: sale contracts above the threshold naming
    /// the device (or the customer's, without a device).
    pub big_sales: &'a [BigSale],
    /// `complete`: whether every other work order of the request is closed.
    pub others_closed: bool,
    /// `request-completion`: whether the current report is signed.
    pub report_signed: bool,
    pub now: DateTime<Utc>,
}

/// Applies `verb` to the work order and its request, or says why not.
pub fn act(
    wo: &mut WorkOrderRecord,
    request: &mut RequestRecord,
    verb: Verb,
    input: &ActionInput,
    who: &Acting,
    ctx: &ActionContext,
) -> Result<(), Refusal> {
    may(verb, wo, who)?;
    let to = verb.next(wo.state).map_err(Refusal::Conflict)?;
    let e = check_action(verb, input, ctx.now);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    let now = ctx.now;
    let reason = input.reason.trim().to_owned();
    match verb {
        Verb::Dispatch => {
            for (id, user) in &ctx.assignees {
                match user {
                    None => return Err(invalid("assignees", format!("there is no user {id}"))),
                    Some(u) if !u.active => {
                        return Err(invalid(
                            "assignees",
                            format!("{} is disabled", u.display_name),
                        ))
                    }
                    Some(u) if !u.has(Role::Engineer) => {
                        return Err(invalid(
                            "assignees",
                            format!("{} is not an engineer", u.display_name),
                        ))
                    }
                    Some(_) => {}
                }
            }
            if let Some(c) = input.contract_id {
                wo.contract_id = Some(c);
            }
            if wo.kind.on_site()
                && !ctx.big_sales.is_empty()
                && !ctx.big_sales.iter().any(|s| Some(s.id) == wo.contract_id)
            {
                let numbers: Vec<&str> = ctx.big_sales.iter().map(|s| s.number.as_str()).collect();
                return Err(Refusal::Conflict(format!(
                    "field work under sale contract {} must be linked to it before it is dispatched",
                    numbers.join(" / ")
                )));
            }
            wo.assignees = input.assignees.clone();
            push(request, now, SlaEvent::Assigned);
        }
        Verb::Start => ensure_may_start(wo)?,
        Verb::RequestExtension => {
            if let Some(leg) = input.leg {
                let urgent = request.urgency == servicebook_shared::requests::Urgency::Urgent;
                let applies = match leg {
                    Leg::OnSite => urgent,
                    Leg::VisitBooked => !urgent,
                    _ => true,
                };
                if !applies {
                    return Err(invalid(
                        "leg",
                        format!("request {} has no {} promise", request.number, leg.as_str()),
                    ));
                }
            }
            wo.extension = Some(ExtensionAsk {
                until: input.until.unwrap_or(now),
                leg: input.leg,
                reason: reason.clone(),
                by: who.name.to_owned(),
                at: now,
            });
        }
        Verb::ApproveExtension => {
            if let Some(x) = wo.extension.take() {
                if let Some(leg) = x.leg {
                    push(
                        request,
                        now,
                        SlaEvent::Extended {
                            leg,
                            until: x.until,
                            reason: x.reason,
                            approved_by: who.name.to_owned(),
                        },
                    );
                }
            }
        }
        Verb::RefuseExtension => wo.extension = None,
        Verb::RequestCompletion => {
            if servicebook_shared::work_orders::on_site(&wo.steps) {
                return Err(Refusal::Conflict(
                    "log leaving the site before asking for completion".into(),
                ));
            }
            if wo.kind.on_site() && !ctx.report_signed {
                return Err(Refusal::Conflict(
                    "field work is completed with a service report the customer signed".into(),
                ));
            }
        }
        Verb::Complete => {
            if ctx.others_closed && !request.closed {
                request.closed = true;
                push(request, now, SlaEvent::Closed);
            }
        }
        Verb::ApproveQuote => match wo.quote.as_mut() {
            None => return Err(Refusal::Conflict("there is no quote to approve".into())),
            Some(q) if q.approved.is_some() => {
                return Err(Refusal::Conflict("the quote is already approved".into()))
            }
            Some(q) => {
                q.approved = Some(QuoteApproval {
                    by: input.approved_by.trim().to_owned(),
                    recorded_by: who.name.to_owned(),
                    at: now,
                })
            }
        },
        Verb::RefuseCompletion | Verb::Cancel => {}
    }
    let from = wo.state;
    wo.state = to;
    wo.history.push(Transition {
        verb,
        from,
        to,
        at: now,
        by: who.name.to_owned(),
        reason,
        assignees: if verb == Verb::Dispatch {
            wo.assignees.clone()
        } else {
            Vec::new()
        },
    });
    Ok(())
}

/// Logs a step; arriving or working remotely on dispatched work starts it.
pub fn log_step(
    wo: &mut WorkOrderRecord,
    request: &mut RequestRecord,
    step: NewStep,
    who: &Acting,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if !permissions::log_steps(who.who(), who.assigned_to(wo)) {
        return Err(Refusal::Forbidden(format!(
            "only an engineer assigned to {} (or a manager) logs its steps",
            wo.number
        )));
    }
    let e = check_step_time(&step, dispatched_at(wo, request), now);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    check_step(wo.state, &wo.steps, &step, now).map_err(Refusal::Conflict)?;
    let at = step.at.unwrap_or(now);
    if step.kind.starts_work() && wo.state == WoState::Dispatched {
        ensure_may_start(wo)?;
        wo.state = WoState::InProgress;
        wo.history.push(Transition {
            verb: Verb::Start,
            from: WoState::Dispatched,
            to: WoState::InProgress,
            at,
            by: who.name.to_owned(),
            reason: String::new(),
            assignees: Vec::new(),
        });
    }
    for event in step.kind.events(step.visit_at.is_some()) {
        push(request, at, event);
    }
    wo.steps.push(Step {
        kind: step.kind,
        at,
        by: who.name.to_owned(),
        by_id: who.user_id,
        note: step.note.trim().to_owned(),
        visit_at: if step.kind == StepKind::Called {
            step.visit_at
        } else {
            None
        },
        logged_at: (now > at).then_some(now),
        late_reason: step.late_reason.trim().to_owned(),
    });
    Ok(())
}

/// The earliest a step of `wo` may claim: when it was last given out (its
/// latest dispatch), else when the request came in.
fn dispatched_at(wo: &WorkOrderRecord, request: &RequestRecord) -> DateTime<Utc> {
    wo.history
        .iter()
        .rev()
        .find(|t| t.verb == Verb::Dispatch)
        .map_or(request.received_at, |t| t.at)
}

/// Records (or replaces) the quote of chargeable work not yet approved.
pub fn set_quote(
    wo: &mut WorkOrderRecord,
    input: &QuoteInput,
    settings: &Settings,
) -> Result<(), Refusal> {
    if !wo.chargeable {
        return Err(Refusal::Conflict(format!(
            "{} is covered work; it needs no quote",
            wo.number
        )));
    }
    if quote_approved(wo) {
        return Err(Refusal::Conflict(
            "the customer approved this quote; it cannot change".into(),
        ));
    }
    if !matches!(wo.state, WoState::Requested | WoState::Dispatched) {
        return Err(Refusal::Conflict(
            "a quote is agreed before the work starts".into(),
        ));
    }
    let e = check_quote(input);
    if !e.is_empty() {
        return Err(Refusal::Invalid(e));
    }
    let travel = if input.travel {
        settings.travel_fee
    } else {
        Money::ZERO
    };
    wo.quote = Some(Quote {
        hours: input.hours,
        hourly_rate: settings.hourly_rate,
        travel_fee: travel,
        parts_amount: input.parts_amount,
        parts_note: input.parts_note.trim().to_owned(),
        total: quote_total(
            input.hours,
            settings.hourly_rate,
            travel,
            input.parts_amount,
        ),
        approved: None,
    });
    Ok(())
}

#[cfg(test)]
#[path = "work_orders_tests.rs"]
mod tests;
