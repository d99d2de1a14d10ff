//! Demo complaints (投诉), played through the complaint use cases at times
//! in the past, linked to demo requests and the engineers who worked them:
//! one open and late on its acknowledgement, one acknowledged, and two
//! closed — one upheld against an engineer, one not upheld.

use crate::cli::block_on;
use crate::service::complaints as service;
use crate::service::requests::At;
use crate::service::Caller;
use crate::store::{CustomerRecord, Store, StoreError, UserRecord};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::complaints::{
    AcknowledgeComplaint, CloseComplaint, ComplaintOutcome, ComplaintSource, NewComplaint,
};
use servicebook_shared::users::Role;

fn fail(e: StoreError) -> String {
    format!("demo complaints: {e}")
}

fn first_with(store: &Store, role: Role) -> Result<Option<UserRecord>, String> {
    for id in store.user_ids_with_role(role).map_err(fail)? {
        if let Some(u) = store.get::<UserRecord>(id).map_err(fail)? {
            if u.active {
                return Ok(Some(u));
            }
        }
    }
    Ok(None)
}

/// A request with a work order given to someone: (customer, request, work
/// order, the first engineer's username).
struct Worked {
    customer: u64,
    request: u64,
    work_order: u64,
    engineer: String,
}

fn worked(store: &Store, customers: &[CustomerRecord]) -> Result<Vec<Worked>, String> {
    let mut out = Vec::new();
    for c in customers {
        for r in store.requests_of_customer(c.meta.id).map_err(fail)? {
            for wo in store.work_orders_of_request(r.meta.id).map_err(fail)? {
                let Some(first) = wo.assignees.first() else {
                    continue;
                };
                if let Some(u) = store.get::<UserRecord>(*first).map_err(fail)? {
                    out.push(Worked {
                        customer: c.meta.id,
                        request: r.meta.id,
                        work_order: wo.meta.id,
                        engineer: u.username,
                    });
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// (source, summary, received days ago, acknowledged hours after,
/// closed with (days after, outcome, findings, action))
type Play = (
    ComplaintSource,
    &'static str,
    i64,
    Option<i64>,
    Option<(i64, ComplaintOutcome, &'static str, &'static str)>,
);

const PLAYS: [Play; 4] = [
    (
        ComplaintSource::Phone,
        "客户来电：工程师到场后问题未解决就离开，至今无人跟进",
        5,
        None,
        None,
    ),
    (
        ComplaintSource::Email,
        "客户邮件：约定上门时间迟到两小时，未提前通知",
        1,
        Some(2),
        None,
    ),
    (
        ComplaintSource::Sales,
        "销售反馈：工程师与客户沟通更换硬盘后未汇报，客户找不到负责人",
        20,
        Some(3),
        Some((
            3,
            ComplaintOutcome::Upheld,
            "属实：工程师口头答应客户更换硬盘，未在工单中记录，也未告知调度",
            "约谈工程师，补录工单并安排更换；重申现场沟通须当日汇报",
        )),
    ),
    (
        ComplaintSource::Phone,
        "客户来电：认为打印机维修收费过高",
        12,
        Some(1),
        Some((
            2,
            ComplaintOutcome::NotUpheld,
            "收费按合同外有偿服务标准执行，报价经客户事先签字确认",
            "向客户解释收费依据并提供签字报价单副本，客户表示理解",
        )),
    ),
];

/// Adds the complaints; returns how many.
pub fn seed(
    store: &Store,
    customers: &[CustomerRecord],
    now: DateTime<Utc>,
) -> Result<usize, String> {
    let (Some(desk), Some(boss)) = (
        first_with(store, Role::Dispatcher)?,
        first_with(store, Role::Manager)?,
    ) else {
        return Ok(0);
    };
    let sales = first_with(store, Role::Sales)?.unwrap_or_else(|| desk.clone());
    let links = worked(store, customers)?;
    if links.is_empty() && customers.is_empty() {
        return Ok(0);
    }
    let boss = Caller::of(&boss);
    let mut made = 0;
    for (k, (source, summary, days_ago, ack_after, close)) in PLAYS.into_iter().enumerate() {
        let received = now - Duration::days(days_ago);
        let (customer_id, request_id, work_order_id, persons) = match links.get(k) {
            Some(w) => (
                w.customer,
                Some(w.request),
                Some(w.work_order),
                vec![w.engineer.clone()],
            ),
            None => (customers[k % customers.len()].meta.id, None, None, vec![]),
        };
        let by = if source == ComplaintSource::Sales {
            Caller::of(&sales)
        } else {
            Caller::of(&desk)
        };
        let input = NewComplaint {
            source,
            customer_id,
            request_id,
            work_order_id,
            survey_id: None,
            persons,
            summary: summary.into(),
            received_at: Some(received),
        };
        let logged = block_on(service::log(
            store,
            &by,
            input,
            At::Past(received + Duration::minutes(20)),
        ))?
        .map_err(fail)?;
        made += 1;
        let Some(hours) = ack_after else {
            continue;
        };
        let acked_at = received + Duration::hours(hours);
        let acked = block_on(service::acknowledge(
            store,
            &boss,
            logged.meta.id,
            AcknowledgeComplaint {
                version: logged.meta.version,
                note: Some("已致电客户，说明将在五个工作日内答复".into()),
            },
            At::Past(acked_at.min(now)),
        ))?
        .map_err(fail)?;
        let Some((days, outcome, findings, action)) = close else {
            continue;
        };
        block_on(service::close(
            store,
            &boss,
            acked.meta.id,
            CloseComplaint {
                version: acked.meta.version,
                findings: findings.into(),
                action: action.into(),
                outcome: Some(outcome),
            },
            At::Past((received + Duration::days(days)).min(now)),
        ))?
        .map_err(fail)?;
    }
    Ok(made)
}
