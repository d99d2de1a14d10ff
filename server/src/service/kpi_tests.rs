//! The running daily sums equal a full recomputation after a random
//! workload through the use cases (log, dispatch, steps, signed reports,
//! completion, close, repeat calls for a device), with reopenings and
//! survey marks written as the other use cases write them, and after the
//! firm changes a setting the facts depend on.

use super::*;
use crate::demo_kpi::{history, KpiStaff, Rng};
use crate::store::{CustomerRecord, RequestRecord, StoreOptions, UserRecord};
use servicebook_shared::requests::SurveyMark;
use servicebook_shared::sla::{SlaEvent, TimedEvent};
use servicebook_shared::users::Role;

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let options = StoreOptions {
        durability: crate::store::Durability::Flush,
        ..StoreOptions::default()
    };
    let store = Store::open(dir.path(), &options).unwrap();
    (dir, store)
}

fn staff(store: &Store) -> KpiStaff {
    let user = |role| {
        let id = store.user_ids_with_role(role).unwrap()[0];
        store.get::<UserRecord>(id).unwrap().unwrap()
    };
    let engineers = store
        .user_ids_with_role(Role::Engineer)
        .unwrap()
        .into_iter()
        .map(|id| {
            let u = store.get::<UserRecord>(id).unwrap().unwrap();
            (Caller::of(&u), id)
        })
        .collect();
    KpiStaff {
        desk: Caller::of(&user(Role::Dispatcher)),
        boss: Caller::of(&user(Role::Manager)),
        engineers,
    }
}

/// Reopens some closed requests and gives others survey marks, as the
/// reopen and survey use cases do (a plain update of the record).
fn reopen_and_survey(store: &Store, rng: &mut Rng) {
    let (all, _) = store.list::<RequestRecord>(None, 100_000).unwrap();
    for r in all.into_iter().filter(|r| r.closed) {
        let pick = rng.below(10);
        let at = r.events.iter().map(|e| e.at).max().unwrap() + chrono::Duration::days(2);
        let score = (rng.below(5) + 1) as u8;
        store
            .write_blocking(move |tx| {
                let mut r: RequestRecord = tx.require(r.meta.id)?;
                match pick {
                    0 => {
                        r.closed = false;
                        r.events.push(TimedEvent {
                            at,
                            event: SlaEvent::Reopened {
                                reason: "fault came back".into(),
                                by: "boss".into(),
                            },
                        });
                    }
                    1..=4 => r.surveys.push(SurveyMark {
                        survey_id: r.meta.id,
                        sent_at: at,
                        expires_at: Some(at + chrono::Duration::days(14)),
                        answered_at: (pick != 4).then_some(at),
                        overall: (pick != 4).then_some(score),
                    }),
                    _ => return Ok(()),
                }
                let v = r.meta.version;
                tx.update(r, v).map(|_| ())
            })
            .unwrap();
    }
}

fn assert_sums_are_a_recomputation(store: &Store) {
    let running = store.kpi_snapshot().unwrap();
    store.recompute_kpi_blocking().unwrap();
    let rebuilt = store.kpi_snapshot().unwrap();
    assert_eq!(running.len(), rebuilt.len());
    assert_eq!(running, rebuilt);
}

#[test]
fn running_sums_equal_a_recomputation_after_a_random_workload() {
    let (_dir, store) = open();
    crate::demo::seed(&store).unwrap();
    let customers: Vec<CustomerRecord> = store.list(None, 100).unwrap().0;
    let staff = staff(&store);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut rng = Rng(0x1234_5678_9abc);
    let now = Utc::now();
    runtime
        .block_on(history(&store, &staff, &customers, now, &mut rng, 40, 40))
        .unwrap();
    reopen_and_survey(&store, &mut rng);
    let firm = store
        .kpi_counters(
            &Dimension::Firm,
            firm_today(now, 480) - Duration::days(120),
            firm_today(now, 480),
        )
        .unwrap();
    assert!(firm.closed >= 100, "{firm:?}");
    assert!(
        firm.ftf_yes > 0 && firm.ftf_yes < firm.ftf_counted,
        "{firm:?}"
    );
    assert!(firm.reopened > 0 && firm.surveys_answered > 0, "{firm:?}");
    assert!(firm.all_first < firm.all_counted, "some late: {firm:?}");
    assert_sums_are_a_recomputation(&store);

    // A setting the facts depend on: the sums follow it.
    let current = store.settings().unwrap();
    let input = servicebook_shared::settings::SettingsInput {
        id: 0,
        version: current.version,
        firm_name: current.firm_name.clone(),
        hourly_rate: current.hourly_rate,
        travel_fee: current.travel_fee,
        contract_link_threshold: current.contract_link_threshold,
        business_hours: current.business_hours.clone(),
        dispatch_minutes: None,
        require_admin_two_factor: None,
        repair_overdue_days: None,
        categories: None,
        complaint_ack_business_days: None,
        complaint_close_business_days: None,
        weekly_report_due: None,
        survey_link_days: None,
        poor_score_max: None,
        ftf_days: Some(3),
    };
    runtime
        .block_on(super::super::settings::update_settings(
            &store,
            &Caller::system(),
            input,
        ))
        .unwrap();
    let after = store
        .kpi_counters(
            &Dimension::Firm,
            firm_today(now, 480) - Duration::days(120),
            firm_today(now, 480),
        )
        .unwrap();
    assert!(after.ftf_yes >= firm.ftf_yes, "{after:?}");
    runtime
        .block_on(history(&store, &staff, &customers, now, &mut rng, 15, 20))
        .unwrap();
    assert_sums_are_a_recomputation(&store);
}
