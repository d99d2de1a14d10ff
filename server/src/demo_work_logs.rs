//! Demo weekly reports (工作周报): each engineer's two weeks before this one
//! written and submitted (one of them late, the week before last by one
//! engineer), and this week's notes begun as a draft — through the weekly
//! report use cases, so the manager's page shows who has not submitted.

use crate::cli::block_on;
use crate::service::work_logs as service;
use crate::service::Caller;
use crate::store::{Store, StoreError, UserRecord};
use chrono::{Duration, NaiveDate};
use servicebook_shared::users::Role;
use servicebook_shared::work_log::{SaveWorkLog, WeekId, WorkLogNotes};

fn fail(e: StoreError) -> String {
    format!("demo weekly reports: {e}")
}

fn notes(name: &str, week: WeekId, draft: bool) -> WorkLogNotes {
    if draft {
        return WorkLogNotes {
            summary: format!("{name}：本周处理中的工单按计划推进。"),
            problems: String::new(),
            next_week: String::new(),
        };
    }
    WorkLogNotes {
        summary: format!("{name} {week}：完成派工的现场维修与例行巡检，服务报告均已由客户签字。"),
        problems: "部分备件到货较慢，影响一张工单的完成时间。".into(),
        next_week: "跟进未关闭的工单，按计划完成下周巡检。".into(),
    }
}

/// Weekly reports of every active engineer around `today`; how many.
pub fn seed(store: &Store, today: NaiveDate) -> Result<usize, String> {
    let settings = store.settings().map_err(fail)?;
    let offset = settings.business_hours.utc_offset_minutes;
    let this = WeekId::of(today);
    let mut made = 0;
    let mut engineers = Vec::new();
    for id in store.user_ids_with_role(Role::Engineer).map_err(fail)? {
        if let Some(u) = store
            .get::<UserRecord>(id)
            .map_err(fail)?
            .filter(|u| u.active)
        {
            engineers.push(u);
        }
    }
    for (n, user) in engineers.iter().enumerate() {
        let who = Caller::of(user);
        for (back, late) in [(2, n == 0), (1, false)] {
            let week = WeekId::of(this.monday() - Duration::days(7 * back));
            let saved = block_on(service::save_notes(
                store,
                &who,
                &user.username,
                week,
                SaveWorkLog {
                    version: 0,
                    notes: notes(&user.display_name, week, false),
                },
            ))?
            .map_err(fail)?;
            let due = settings.weekly_report_due.deadline(week, offset);
            let at = if late {
                due + Duration::hours(40)
            } else {
                due - Duration::hours(2)
            };
            block_on(service::submit(
                store,
                &who,
                &user.username,
                week,
                saved.meta.version,
                at,
            ))?
            .map_err(fail)?;
            made += 1;
        }
        // This week: begun, not submitted (the last engineer has not started).
        if n + 1 < engineers.len() {
            block_on(service::save_notes(
                store,
                &who,
                &user.username,
                this,
                SaveWorkLog {
                    version: 0,
                    notes: notes(&user.display_name, this, true),
                },
            ))?
            .map_err(fail)?;
            made += 1;
        }
    }
    Ok(made)
}
