//! What staff read in a history: an audit entry's changes in words. Field
//! names are translated (`field.<name>`, nested paths segment by segment),
//! enum values through the same locale keys the pages use, people by name,
//! times in the reader's zone, money as money, and records kept inside a
//! record (events, steps, state changes, contacts, a signature, coverage)
//! summarised in a phrase — never shown as raw JSON.

use crate::components::time::local;
use crate::i18n::I18n;
use leptos::prelude::Get;
use serde_json::{Map, Value};
use servicebook_shared::audit::{ChangeKind, FieldChange};
use servicebook_shared::files::human_size;
use servicebook_shared::Money;
use std::collections::HashMap;

/// Names by record id, for fields that name a record or a person by id
/// (assignees, the customer, the request). Ids are unique across every
/// kind of record, so one map serves them all; an id not in it reads
/// as `#id`.
pub type Names = HashMap<u64, String>;

/// What a description needs: the language, the kind of record the change
/// belongs to (the same field name means different things in different
/// records, e.g. `kind`) and the names of people.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub i: I18n,
    pub record_type: &'a str,
    pub names: &'a Names,
}

/// `key` translated, or `None` when no locale has it.
fn known(i: I18n, key: &str) -> Option<String> {
    i.try_t(key)
}

/// `prefix` + `value` translated, or the value itself (a value the app
/// does not know yet still reads as itself, not as a key).
fn word(i: I18n, prefix: &str, value: &str) -> String {
    known(i, &format!("{prefix}{value}")).unwrap_or_else(|| value.replace('_', " "))
}

/// The translated name of one path segment (`field.<segment>`).
fn segment_label(i: I18n, segment: &str) -> String {
    known(i, &format!("field.{segment}")).unwrap_or_else(|| segment.replace('_', " "))
}

/// The translated name of a field: `field.<record_type>.<path>` when a
/// record names it differently, else `field.<path>`, else each segment of
/// a dotted path (`business_hours.opens` → "Business hours · Opens").
pub fn field_label(i: I18n, record_type: &str, path: &str) -> String {
    if let Some(t) = known(i, &format!("field.{record_type}.{path}")) {
        return t;
    }
    if let Some(t) = known(i, &format!("field.{path}")) {
        return t;
    }
    path.split('.')
        .filter(|s| s.parse::<usize>().is_err())
        .map(|s| segment_label(i, s.split('[').next().unwrap_or(s)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The translated name of a kind of record (`record.<table>`).
pub fn record_label(i: I18n, record_type: &str) -> String {
    word(i, "record.", record_type)
}

/// The translated name of an audit action (the action itself if unknown).
pub fn action_label(i: I18n, action: &str) -> String {
    word(i, "audit.action.", action)
}

fn yes_no(i: I18n, b: bool) -> String {
    i.t(if b { "common.yes" } else { "common.no" })
}

fn money(v: &Value) -> String {
    match v {
        // Amounts are integer minor units (分) on the wire…
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            Money(n.as_i64().unwrap_or(i64::MAX)).format()
        }
        // …and were yuan with decimals in records written before that.
        Value::Number(n) => format!("{:.2}", n.as_f64().unwrap_or(0.0)),
        other => plain(other),
    }
}

/// Minutes in the user's words: "1 小时 30 分" / "1 h 30 min".
fn minutes(i: I18n, m: u64) -> String {
    match (m / 60, m % 60) {
        (0, m) => i.t("time.minutes").replace("{m}", &m.to_string()),
        (h, 0) => i.t("time.hours").replace("{h}", &h.to_string()),
        _ => crate::components::time::duration(i, m as i64),
    }
}

fn utc_offset(m: i64) -> String {
    let sign = if m < 0 { '-' } else { '+' };
    let m = m.abs();
    if m % 60 == 0 {
        format!("UTC{sign}{}", m / 60)
    } else {
        format!("UTC{sign}{}:{:02}", m / 60, m % 60)
    }
}

/// An RFC 3339 time (not a bare date): shown in the reader's zone.
fn is_time(s: &str) -> bool {
    s.len() > 10
        && s.as_bytes().get(10) == Some(&b'T')
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// A scalar as text; objects and lists of unknown shape as labelled parts.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) if s.is_empty() => "“”".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k}: {}", plain(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn text<'v>(m: &'v Map<String, Value>, key: &str) -> &'v str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

fn person(c: Ctx, v: &Value) -> String {
    match v.as_u64() {
        Some(id) => c
            .names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}")),
        None => plain(v),
    }
}

fn when(c: Ctx, v: &Value) -> String {
    match v.as_str() {
        Some(s) if is_time(s) => local(s, c.i.lang.get()),
        _ => plain(v),
    }
}

/// One value of the field `path` (its last segment decides what it is).
pub fn value(c: Ctx, path: &str, v: &Value) -> String {
    let i = c.i;
    let name = path.rsplit('.').next().unwrap_or(path);
    if v.is_null() {
        return "—".into();
    }
    if let Value::Array(items) = v {
        if items.is_empty() {
            return "—".into();
        }
        if name == "workdays" {
            return weekdays(i, items);
        }
        return items
            .iter()
            .map(|item| item_text(c, name, item))
            .collect::<Vec<_>>()
            .join("; ");
    }
    if let Value::Bool(b) = v {
        return yes_no(i, *b);
    }
    if let Value::Object(m) = v {
        return object(c, name, m);
    }
    match (name, v) {
        ("urgency", Value::String(s)) => word(i, "urgency.", s),
        ("source", Value::String(s)) => word(i, "source.", s),
        ("state" | "from" | "to", Value::String(s)) if c.record_type == "repairs" => {
            word(i, "repairs.state.", s)
        }
        ("state" | "from" | "to", Value::String(s)) => word(i, "wo_state.", s),
        ("kind", Value::String(s)) if c.record_type == "contracts" => word(i, "contract.kind.", s),
        ("kind", Value::String(s)) => word(i, "wo_kind.", s),
        ("tier", Value::String(s)) => word(i, "tier.", s),
        ("fix", Value::String(s)) => word(i, "report.fix_", s),
        ("result", Value::String(s)) => word(i, "report.", s),
        ("covered_by", Value::String(s)) => word(i, "coverage.", s),
        ("hours", Value::String(s)) => word(i, "scope.", s),
        ("leg", Value::String(s)) => word(i, "clock.", s),
        ("verb", Value::String(s)) if c.record_type == "repairs" => {
            word(i, "repairs.verb.", &s.replace('-', "_"))
        }
        ("verb", Value::String(s)) => word(i, "verb.", s),
        ("record_type", Value::String(s)) => word(i, "attached.", s),
        ("via", Value::String(s)) => word(i, "signed_via.", s),
        ("waiting_for" | "reason", Value::String(s)) if s.starts_with("waiting_for_") => {
            word(i, "pause.", s)
        }
        (
            "hourly_rate"
            | "travel_fee"
            | "contract_link_threshold"
            | "parts_amount"
            | "total"
            | "value"
            | "value_cents"
            | "amount",
            _,
        ) => money(v),
        ("utc_offset_minutes", Value::Number(n)) => utc_offset(n.as_i64().unwrap_or(0)),
        (n, Value::Number(m))
            if n.ends_with("_minutes") || path.starts_with("dispatch_minutes.") =>
        {
            minutes(c.i, m.as_u64().unwrap_or(0))
        }
        ("size", Value::Number(n)) => human_size(n.as_u64().unwrap_or(0)),
        ("sales_owner_id" | "actor_id", _) => person(c, v),
        (n, Value::Number(_)) if n.ends_with("_id") || n == "escalated_from" => person(c, v),
        ("hours_worked" | "travel_hours", Value::Number(n)) => {
            c.i.t("time.hours").replace("{h}", &n.to_string())
        }
        (_, Value::String(s)) if is_time(s) => local(s.as_str(), i.lang.get()),
        _ => plain(v),
    }
}

fn weekdays(i: I18n, days: &[Value]) -> String {
    const KEYS: [&str; 7] = [
        "settings.mon",
        "settings.tue",
        "settings.wed",
        "settings.thu",
        "settings.fri",
        "settings.sat",
        "settings.sun",
    ];
    let on: Vec<String> = days
        .iter()
        .zip(KEYS)
        .filter(|(d, _)| d.as_bool() == Some(true))
        .map(|(_, k)| i.t(k))
        .collect();
    if on.is_empty() {
        "—".into()
    } else {
        on.join(" ")
    }
}

/// One item of the list `list` (an event, a step, a contact, a person…).
fn item_text(c: Ctx, list: &str, item: &Value) -> String {
    let i = c.i;
    match (list, item) {
        ("events", Value::Object(m)) => event(c, m),
        ("steps", Value::Object(m)) => step(c, m),
        ("history", Value::Object(m)) => transition(c, m),
        ("contacts", Value::Object(m)) => {
            let s = ["name", "phone", "email"]
                .into_iter()
                .map(|k| text(m, k))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if m.get("primary").and_then(Value::as_bool) == Some(true) {
                format!("{s} ({})", i.t("contact.primary"))
            } else {
                s
            }
        }
        ("sites", Value::Object(m)) => {
            let (n, a) = (text(m, "name"), text(m, "address"));
            if a.is_empty() {
                n.to_owned()
            } else {
                format!("{n} ({a})")
            }
        }
        ("roles", Value::String(s)) => word(i, "role.", s),
        ("assignees", _) => person(c, item),
        ("skills" | "holidays" | "extra_workdays", _) => plain(item),
        (n, Value::Number(_)) if n.ends_with("_ids") => person(c, item),
        (_, Value::Object(m)) => object(c, list, m),
        _ => value(c, list, item),
    }
}

/// A request's event: "Call received", "Paused: waiting for parts",
/// "Extension approved: Engineer on site until …".
fn event(c: Ctx, m: &Map<String, Value>) -> String {
    let i = c.i;
    let kind = text(m, "kind");
    let label = word(i, "event.", kind);
    match kind {
        "paused" => format!("{label}: {}", word(i, "pause.", text(m, "reason"))),
        "extended" => {
            let mut s = format!(
                "{label}: {} → {}",
                word(i, "clock.", text(m, "leg")),
                m.get("until").map(|u| when(c, u)).unwrap_or_default()
            );
            let (by, why) = (text(m, "approved_by"), text(m, "reason"));
            if !by.is_empty() {
                s.push_str(&format!(" · {by}"));
            }
            if !why.is_empty() {
                s.push_str(&format!(" — {why}"));
            }
            s
        }
        _ => label,
    }
}

/// An engineer's step: "Arrived on site · 王工 — note".
fn step(c: Ctx, m: &Map<String, Value>) -> String {
    let i = c.i;
    let mut s = word(i, "step.", text(m, "kind"));
    let by = text(m, "by");
    if !by.is_empty() {
        s.push_str(&format!(" · {by}"));
    }
    if let Some(v) = m.get("visit_at").filter(|v| !v.is_null()) {
        s.push_str(&format!(" · {} {}", i.t("step.visit_at"), when(c, v)));
    }
    let note = text(m, "note");
    if !note.is_empty() {
        s.push_str(&format!(" — {note}"));
    }
    s
}

/// A state change: "Dispatch → Dispatched, assigned to 王工 — reason".
fn transition(c: Ctx, m: &Map<String, Value>) -> String {
    let i = c.i;
    let repair = c.record_type == "repairs";
    let mut s = if repair {
        word(i, "repairs.verb.", &text(m, "verb").replace('-', "_"))
    } else {
        word(i, "verb.", text(m, "verb"))
    };
    let (from, to) = (text(m, "from"), text(m, "to"));
    if from != to && !to.is_empty() {
        let states = if repair {
            "repairs.state."
        } else {
            "wo_state."
        };
        s.push_str(&format!(" → {}", word(i, states, to)));
    }
    if let Some(Value::Array(ids)) = m.get("assignees") {
        if !ids.is_empty() {
            let names: Vec<String> = ids.iter().map(|id| person(c, id)).collect();
            s.push_str(&format!(
                ", {}",
                i.t("history.assigned_to")
                    .replace("{names}", &names.join("、"))
            ));
        }
    }
    let reason = text(m, "reason");
    if !reason.is_empty() {
        s.push_str(&format!(" — {reason}"));
    }
    s
}

/// An object kept inside a record, summarised.
fn object(c: Ctx, name: &str, m: &Map<String, Value>) -> String {
    let i = c.i;
    let part = |key: &str| m.get(key).map(|v| value(c, key, v)).unwrap_or_default();
    let labelled = |key: &str| format!("{} {}", segment_label(i, key), part(key));
    let flags = |keys: &[(&str, &str)]| -> Vec<String> {
        keys.iter()
            .filter(|(k, _)| m.get(*k).and_then(Value::as_bool) == Some(true))
            .map(|(_, label)| i.t(label))
            .collect()
    };
    const SCOPE: [(&str, &str); 4] = [
        ("remote_support", "scope.remote"),
        ("onsite_repair", "scope.onsite"),
        ("spare_parts", "scope.parts"),
        ("loaners", "scope.loaners"),
    ];
    match name {
        "signature" => {
            let mut s = i
                .t("history.signed_by")
                .replace("{name}", text(m, "signer_name"));
            if let Some(at) = m.get("signed_at") {
                s.push_str(&format!(" · {}", when(c, at)));
            }
            if m.get("via").and_then(Value::as_str) == Some("link") {
                s.push_str(&format!(" ({})", word(i, "signed_via.", "link")));
            }
            s
        }
        "coverage" => {
            let mut parts = vec![word(i, "coverage.", text(m, "covered_by"))];
            let number = text(m, "contract_number");
            if !number.is_empty() {
                parts[0].push_str(&format!(" {number}"));
            }
            parts.push(part("hours"));
            parts.extend(flags(&SCOPE));
            if m.get("chargeable").and_then(Value::as_bool) == Some(true) {
                parts.push(i.t("coverage.chargeable"));
            }
            parts.join(" · ")
        }
        "scope" => {
            let mut parts = flags(&SCOPE);
            parts.push(part("hours"));
            if m.get("inspections_per_year")
                .and_then(Value::as_u64)
                .is_some_and(|n| n > 0)
            {
                parts.push(labelled("inspections_per_year"));
            }
            parts.join(" · ")
        }
        "promises" => [
            ("log_minutes", "promise.log"),
            ("call_back_minutes", "promise.call_back"),
            ("urgent_on_site_minutes", "promise.urgent_on_site"),
            ("visit_booked_minutes", "promise.visit_booked"),
            ("report_filed_minutes", "promise.report_filed"),
        ]
        .into_iter()
        .filter(|(k, _)| m.contains_key(*k))
        .map(|(k, label)| format!("{} {}", i.t(label), part(k)))
        .collect::<Vec<_>>()
        .join(" · "),
        "dispatch_minutes" => ["urgent", "important", "normal"]
            .into_iter()
            .filter_map(|k| {
                let m = m.get(k)?.as_u64()?;
                Some(format!("{} {}", word(i, "urgency.", k), minutes(i, m)))
            })
            .collect::<Vec<_>>()
            .join(" · "),
        "business_hours" => {
            let mut s = format!(
                "{} {}–{} {}",
                part("workdays"),
                text(m, "opens").get(..5).unwrap_or(""),
                text(m, "closes").get(..5).unwrap_or(""),
                part("utc_offset_minutes")
            );
            for k in ["holidays", "extra_workdays"] {
                if m.get(k)
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty())
                {
                    s.push_str(&format!(" · {}", labelled(k)));
                }
            }
            s
        }
        "quote" => {
            let mut s = format!(
                "{} {} × {} · {} {} · {} {} · {} {}",
                i.t("quote.hours"),
                part("hours"),
                part("hourly_rate"),
                i.t("quote.travel"),
                part("travel_fee"),
                i.t("quote.parts_amount"),
                part("parts_amount"),
                i.t("quote.total"),
                part("total"),
            );
            let note = text(m, "parts_note");
            if !note.is_empty() {
                s.push_str(&format!(" ({note})"));
            }
            if let Some(Value::Object(a)) = m.get("approved") {
                s.push_str(&format!(" · {}", object(c, "approved", a)));
            }
            s
        }
        "approved" => {
            let mut s = format!("{} {}", i.t("quote.approved"), text(m, "by"));
            let rec = text(m, "recorded_by");
            if !rec.is_empty() {
                s.push_str(&format!(" ({rec})"));
            }
            s
        }
        "extension" => {
            let mut s = m.get("until").map(|u| when(c, u)).unwrap_or_default();
            let leg = text(m, "leg");
            if !leg.is_empty() {
                s.push_str(&format!(" ({})", word(i, "clock.", leg)));
            }
            for k in ["reason", "by"] {
                let t = text(m, k);
                if !t.is_empty() {
                    s.push_str(&format!(" — {t}"));
                }
            }
            s
        }
        _ => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{}: {}", segment_label(i, k), value(c, k, v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// One change in words: "Urgency: Normal → Urgent", or for a list that
/// grew, "What happened — added: Assigned". `created`: the entry made the
/// record, so only the value is worth saying.
pub fn change_text(c: Ctx, change: &FieldChange, created: bool) -> (String, String) {
    let label = field_label(c.i, c.record_type, &change.field);
    let text = match change.kind {
        ChangeKind::Added => {
            let items = match &change.after {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            let name = change.field.rsplit('.').next().unwrap_or(&change.field);
            let said: Vec<String> = items.iter().map(|v| item_text(c, name, v)).collect();
            format!("{}: {}", c.i.t("history.added"), said.join("; "))
        }
        ChangeKind::Set if created || (change.before.is_null() && change.field == "documents") => {
            value(c, &change.field, &change.after)
        }
        ChangeKind::Set if change.after.is_null() && change.field == "documents" => {
            format!(
                "{}: {}",
                c.i.t("history.removed"),
                value(c, &change.field, &change.before)
            )
        }
        ChangeKind::Set => format!(
            "{} → {}",
            value(c, &change.field, &change.before),
            value(c, &change.field, &change.after)
        ),
    };
    (label, text)
}

/// Whether any change names people by id (so their names are worth
/// fetching).
pub fn names_people(changes: &[FieldChange]) -> bool {
    changes.iter().any(|c| {
        let name = c.field.rsplit('.').next().unwrap_or(&c.field);
        matches!(name, "assignees" | "sales_owner_id" | "history")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use leptos::prelude::RwSignal;
    use serde_json::json;

    fn zh() -> I18n {
        I18n {
            lang: RwSignal::new(Lang::Zh),
        }
    }

    fn said(record_type: &str, names: &Names, change: FieldChange) -> (String, String) {
        let c = Ctx {
            i: zh(),
            record_type,
            names,
        };
        change_text(c, &change, false)
    }

    #[test]
    fn a_field_and_its_values_are_translated() {
        let names = Names::new();
        let (label, text) = said(
            "requests",
            &names,
            FieldChange::set("urgency".into(), json!("normal"), json!("urgent")),
        );
        assert_eq!((label.as_str(), text.as_str()), ("紧急程度", "一般 → 紧急"));
        assert_eq!(
            field_label(zh(), "settings", "business_hours.opens"),
            "工作时间 · 上班"
        );
        assert_eq!(
            field_label(zh(), "customers", "contacts[0].phone"),
            "联系人 · 电话"
        );
    }

    #[test]
    fn an_added_state_change_names_the_engineers() {
        let names: Names = [(7, "王工".to_owned())].into_iter().collect();
        let (label, text) = said(
            "work_orders",
            &names,
            FieldChange::added(
                "history".into(),
                vec![
                    json!({"verb": "dispatch", "from": "requested", "to": "dispatched",
                    "by": "李调度", "reason": "", "assignees": [7]}),
                ],
            ),
        );
        assert_eq!(label, "状态变更");
        assert_eq!(text, "新增: 派工 → 已派工, 派给 王工");
    }

    #[test]
    fn events_signatures_and_contacts_read_as_words() {
        let names = Names::new();
        let (_, text) = said(
            "requests",
            &names,
            FieldChange::added(
                "events".into(),
                vec![json!({"kind": "paused", "reason": "waiting_for_parts"})],
            ),
        );
        assert_eq!(text, "新增: 暂停计时: 等待备件");
        let (label, text) = said(
            "reports",
            &names,
            FieldChange::set(
                "signature".into(),
                json!(null),
                json!({"signer_name": "张主任", "via": "in_person"}),
            ),
        );
        assert_eq!(
            (label.as_str(), text.as_str()),
            ("客户签字", "— → 由 张主任 签字")
        );
        let (_, text) = said(
            "customers",
            &names,
            FieldChange::set(
                "contacts".into(),
                json!([]),
                json!([{"name": "李经理", "phone": "139", "email": "", "primary": true}]),
            ),
        );
        assert_eq!(text, "— → 李经理 139 (主要联系人)");
        assert!(!text.contains('{'));
    }

    #[test]
    fn money_minutes_and_ids() {
        let names: Names = [(91, "Acme Printing Ltd".to_owned())].into_iter().collect();
        let c = Ctx {
            i: zh(),
            record_type: "settings",
            names: &names,
        };
        assert_eq!(value(c, "hourly_rate", &json!(30000)), "300.00");
        assert_eq!(value(c, "hourly_rate", &json!(300.5)), "300.50");
        assert_eq!(
            value(c, "promises.call_back_minutes", &json!(90)),
            "1 小时 30 分"
        );
        assert_eq!(value(c, "utc_offset_minutes", &json!(480)), "UTC+8");
        assert_eq!(value(c, "customer_id", &json!(91)), "Acme Printing Ltd");
        assert_eq!(value(c, "device_id", &json!(92)), "#92");
        assert_eq!(
            value(
                c,
                "workdays",
                &json!([true, true, false, false, false, false, false])
            ),
            "周一 周二"
        );
        assert_eq!(value(c, "active", &json!(false)), "否");
    }
}
