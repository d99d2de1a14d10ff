//! Logging a service request: checks, coverage from the archive, the first
//! events of its history, and the due time the board sorts by.

use super::work_orders::Refusal;
use crate::store::{CustomerRecord, DeviceRecord, RecordMeta, RequestRecord};
use chrono::{DateTime, Utc};
use servicebook_shared::contracts::Contract;
use servicebook_shared::coverage::firm_today;
use servicebook_shared::customers::Site;
use servicebook_shared::requests::{
    check_new, default_site, intake_coverage, is_paused, NewRequest, RequestActionInput,
    RequestVerb, Urgency,
};
use servicebook_shared::settings::Settings;
use servicebook_shared::sla::{self, BusinessHours, Calendar, SlaEvent, TimedEvent};
use servicebook_shared::users::FieldErrors;

/// The calendar a request's clocks count in: around the clock, or the
/// firm's business hours, as its coverage says.
pub fn calendar(record: &RequestRecord, hours: &BusinessHours) -> Calendar {
    Calendar::for_hours(record.coverage.hours, hours)
}

/// Keeps the stored next due time in step with the events: the earliest
/// due time of a running clock, the dispatch clock of a request nobody has
/// been dispatched to included (so an urgent call waiting for an engineer
/// is on the board, in due order).
pub fn refresh_due(record: &mut RequestRecord, settings: &Settings, now: DateTime<Utc>) {
    let cal = calendar(record, &settings.business_hours);
    let clocks = sla::clocks(
        &record.events,
        record.urgency == Urgency::Urgent,
        &record.coverage.promises,
        settings.dispatch_minutes.for_urgency(record.urgency),
        &cal,
        now,
    );
    record.next_due_at = sla::next_due(&clocks);
}

/// A new request as logged by `logged_by` at `now`. `contracts` are the
/// contracts naming the device (or, without a device, the customer's).
/// The number is given by the store when it is written.
pub fn new_request(
    input: NewRequest,
    customer: &CustomerRecord,
    device: Option<&DeviceRecord>,
    contracts: &[Contract],
    logged_by: &str,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<RequestRecord, FieldErrors> {
    let mut e = check_new(&input, now);
    if let Some(d) = device {
        if d.customer_id != customer.meta.id {
            e.insert("device_id".into(), "belongs to another customer".into());
        }
    }
    if !e.is_empty() {
        return Err(e);
    }
    let today = firm_today(now, settings.business_hours.utc_offset_minutes);
    let coverage = intake_coverage(device.and_then(|d| d.warranty_end), contracts, today);
    let received = input.received_at.unwrap_or(now).min(now);
    let mut record = RequestRecord {
        meta: RecordMeta::new(),
        number: String::new(),
        source: input.source,
        customer_id: customer.meta.id,
        contact: input.contact.trim().to_owned(),
        device_id: device.map(|d| d.meta.id),
        site: match input.site {
            Some(s) if !(s.name.trim().is_empty() && s.address.trim().is_empty()) => Some(Site {
                name: s.name.trim().to_owned(),
                address: s.address.trim().to_owned(),
            }),
            _ => default_site(&customer.sites, device.map(|d| d.site.as_str())),
        },
        description: input.description.trim().to_owned(),
        urgency: input.urgency,
        fault_level: input.fault_level,
        received_at: received,
        logged_at: now,
        logged_by: logged_by.to_owned(),
        coverage,
        closed: false,
        events: vec![
            TimedEvent {
                at: received,
                event: SlaEvent::Received,
            },
            TimedEvent {
                at: now,
                event: SlaEvent::Logged,
            },
        ],
        next_due_at: None,
        work_order_ids: Vec::new(),
        closing_note: String::new(),
        inspection_visit_id: None,
        surveys: Vec::new(),
        engineers: Vec::new(),
        work: Vec::new(),
        next_request_at: None,
    };
    refresh_due(&mut record, settings, now);
    Ok(record)
}

/// Pauses, resumes, closes or reopens a request. `open_work` counts its
/// work orders still open: a request with work going on is closed by
/// completing it. `by`: who acts, as the history names them.
pub fn act(
    record: &mut RequestRecord,
    verb: RequestVerb,
    input: &RequestActionInput,
    open_work: usize,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if verb == RequestVerb::Reopen {
        return reopen(record, &input.reason, by, now);
    }
    if record.closed {
        return Err(Refusal::Conflict(format!(
            "request {} is closed",
            record.number
        )));
    }
    let paused = is_paused(&record.events);
    let event = match verb {
        RequestVerb::Pause => {
            let Some(reason) = input.waiting_for else {
                return Err(Refusal::Invalid(FieldErrors::from([(
                    "waiting_for".to_owned(),
                    "say what the request waits for".to_owned(),
                )])));
            };
            if paused {
                return Err(Refusal::Conflict("the clocks are already paused".into()));
            }
            SlaEvent::Paused { reason }
        }
        RequestVerb::Resume if !paused => {
            return Err(Refusal::Conflict("the clocks are not paused".into()))
        }
        RequestVerb::Resume => SlaEvent::Resumed,
        RequestVerb::Reopen => return reopen(record, &input.reason, by, now),
        RequestVerb::Close => {
            if open_work > 0 {
                return Err(Refusal::Conflict(format!(
                    "{open_work} work order(s) of this request are still open: complete or cancel them"
                )));
            }
            let note = input.note.trim();
            if note.is_empty() || note.chars().count() > 2000 {
                return Err(Refusal::Invalid(FieldErrors::from([(
                    "note".to_owned(),
                    "say how it was settled (at most 2000 characters)".to_owned(),
                )])));
            }
            record.closed = true;
            record.closing_note = note.to_owned();
            SlaEvent::Closed
        }
    };
    record.events.push(TimedEvent { at: now, event });
    Ok(())
}

/// Opens a closed request again: the service starts over (a new cycle of
/// clocks from now, see `sla::cycles`) and it counts against first-time fix.
pub fn reopen(
    record: &mut RequestRecord,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if !record.closed {
        return Err(Refusal::Conflict(format!(
            "request {} is not closed",
            record.number
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(Refusal::Invalid(FieldErrors::from([(
            "reason".to_owned(),
            "say why it is reopened (at most 2000 characters)".to_owned(),
        )])));
    }
    record.closed = false;
    record.closing_note = String::new();
    record.events.push(TimedEvent {
        at: now,
        event: SlaEvent::Reopened {
            reason: reason.to_owned(),
            by: by.to_owned(),
        },
    });
    Ok(())
}

/// `SR-2026-000123`: the year the request was logged, and its place in it.
pub fn number(year: i32, n: u64) -> String {
    format!("SR-{year}-{n:06}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::archive::{new_customer, new_device};
    use servicebook_shared::contracts::ServiceHours;
    use servicebook_shared::customers::NewCustomer;
    use servicebook_shared::devices::NewDevice;
    use servicebook_shared::requests::{CoveredBy, Source};

    fn customer(id: u64) -> CustomerRecord {
        let mut c = new_customer(NewCustomer {
            name: format!("客户{id}"),
            ..Default::default()
        })
        .unwrap();
        c.meta.id = id;
        c
    }

    fn input(received_at: Option<DateTime<Utc>>, device_id: Option<u64>) -> NewRequest {
        NewRequest {
            source: Source::Phone,
            customer_id: 1,
            contact: "李经理".into(),
            device_id,
            site: None,
            description: "打印机卡纸".into(),
            urgency: Urgency::Normal,
            fault_level: 3,
            received_at,
        }
    }

    #[test]
    fn a_request_starts_its_history_with_received_and_logged_and_is_due_for_a_visit() {
        // Monday 2026-11-23 10:00 in Shanghai.
        let now: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let earlier = now - chrono::Duration::minutes(90);
        let r = new_request(
            input(Some(earlier), None),
            &customer(1),
            None,
            &[],
            "disp.wang",
            &Settings::default(),
            now,
        )
        .unwrap();
        assert_eq!(r.received_at, earlier);
        assert_eq!(r.events.len(), 2);
        assert_eq!(r.coverage.covered_by, CoveredBy::Nothing);
        assert_eq!(r.coverage.hours, ServiceHours::Business);
        // Received 08:30, before opening: nobody dispatched yet, so the
        // dispatch clock (4 working hours for a normal call) is due first,
        // Monday 13:00 (05:00 UTC); the visit (24 business hours from
        // Monday 09:00) on Wednesday 15:00.
        assert_eq!(r.next_due_at, Some("2026-11-23T05:00:00Z".parse().unwrap()));
        assert_eq!(number(2026, 123), "SR-2026-000123");
    }

    #[test]
    fn only_a_closed_request_is_reopened_and_only_with_a_reason() {
        let now: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let mut r = new_request(
            input(None, None),
            &customer(1),
            None,
            &[],
            "disp.wang",
            &Settings::default(),
            now,
        )
        .unwrap();
        r.number = number(2026, 7);
        let e = reopen(&mut r, "回访不满意", "刘经理", now).unwrap_err();
        assert!(matches!(e, Refusal::Conflict(m) if m.contains("is not closed")));
        let close = RequestActionInput {
            version: 1,
            note: "电话指导解决".into(),
            ..Default::default()
        };
        act(&mut r, RequestVerb::Close, &close, 0, "刘经理", now).unwrap();
        assert!(matches!(
            reopen(&mut r, "  ", "刘经理", now),
            Err(Refusal::Invalid(f)) if f.contains_key("reason")
        ));
        assert!(r.closed, "nothing changed");
        let later = now + chrono::Duration::days(2);
        let again = RequestActionInput {
            version: 2,
            reason: "回访不满意".into(),
            ..Default::default()
        };
        act(&mut r, RequestVerb::Reopen, &again, 0, "刘经理", later).unwrap();
        assert!(!r.closed);
        assert_eq!(sla::reopen_count(&r.events), 1);
        assert!(matches!(
            &r.events.last().unwrap().event,
            SlaEvent::Reopened { by, .. } if by == "刘经理"
        ));
    }

    #[test]
    fn a_device_of_another_customer_is_refused() {
        let now = Utc::now();
        let other = customer(2);
        let mut device = new_device(
            NewDevice {
                customer_id: 2,
                product: "LaserJet".into(),
                serial_number: "SN1".into(),
                ..Default::default()
            },
            &other,
            None,
        )
        .unwrap();
        device.meta.id = 9;
        let e = new_request(
            input(None, Some(9)),
            &customer(1),
            Some(&device),
            &[],
            "disp.wang",
            &Settings::default(),
            now,
        )
        .unwrap_err();
        assert!(e.contains_key("device_id"));
    }

    #[test]
    fn an_urgent_request_nobody_was_dispatched_to_is_due_by_its_dispatch_clock() {
        // Monday 2026-11-23 10:00 in Shanghai, business hours (no contract).
        let now: DateTime<Utc> = "2026-11-23T02:00:00Z".parse().unwrap();
        let mut urgent = input(None, None);
        urgent.urgency = Urgency::Urgent;
        let settings = Settings::default();
        let mut r =
            new_request(urgent, &customer(1), None, &[], "disp.wang", &settings, now).unwrap();
        // Logged at once, not urgent-on-site yet (nobody assigned): only the
        // dispatch clock runs, 15 minutes.
        assert_eq!(r.next_due_at, Some(now + chrono::Duration::minutes(15)));
        // A firm with a 1-minute dispatch clock: due a minute after receipt.
        let quick = Settings {
            dispatch_minutes: sla::DispatchMinutes {
                urgent: 1,
                ..Default::default()
            },
            ..Settings::default()
        };
        refresh_due(&mut r, &quick, now);
        assert_eq!(r.next_due_at, Some(now + chrono::Duration::minutes(1)));
        // Dispatched five minutes later: the call-back clock (30 min) is
        // what runs next.
        let assigned = now + chrono::Duration::minutes(5);
        r.events.push(TimedEvent {
            at: assigned,
            event: SlaEvent::Assigned,
        });
        refresh_due(&mut r, &settings, assigned);
        assert_eq!(
            r.next_due_at,
            Some(assigned + chrono::Duration::minutes(30))
        );
    }
}
