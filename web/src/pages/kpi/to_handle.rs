//! The overview's "to handle" block: poor survey scores whose follow-up is
//! still open, and complaints not yet closed, late ones first. Each reads
//! the same API as its own page (/follow-ups, /complaints).

use crate::api;
use crate::api::complaints::ComplaintQuery;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::complaints::{Complaint, ComplaintState};
use servicebook_shared::surveys::FollowUp;

/// At most this many of each are listed; the heading links to them all.
const SHOWN: usize = 5;

/// The complaints to handle: open then acknowledged, late clocks first.
async fn open_complaints() -> Result<(usize, Vec<Complaint>), servicebook_shared::ApiProblem> {
    let mut all = Vec::new();
    for state in [ComplaintState::Open, ComplaintState::Acknowledged] {
        let page = api::complaints::list(&ComplaintQuery {
            state: Some(state),
            limit: Some(100),
            ..Default::default()
        })
        .await?;
        all.extend(page.items);
    }
    let late = |c: &Complaint| {
        let clock = if c.state == ComplaintState::Open {
            &c.clocks.acknowledge
        } else {
            &c.clocks.close
        };
        (!clock.breached, clock.due_at)
    };
    all.sort_by_key(late);
    let total = all.len();
    all.truncate(SHOWN);
    Ok((total, all))
}

#[component]
pub fn ToHandle() -> impl IntoView {
    let i = use_i18n();
    let follow_ups = crate::load::load(|| api::surveys::follow_ups("open"));
    let complaints = crate::load::load(open_complaints);
    let follow_up_row = move |f: FollowUp| {
        view! {
            <li data-testid="overview-follow-up">
                <a href=format!("/follow-ups/{}", f.id)>{f.request_number.clone()}</a>
                " · "{f.customer_name.clone()}" · "
                <span class="bad">{move || i.t("overview.overall")}" "{f.overall}"/5"</span>
                " · "{f.comment.chars().take(40).collect::<String>()}
            </li>
        }
    };
    let complaint_row = move |c: Complaint| {
        let late = c.clocks.acknowledge.breached && c.state == ComplaintState::Open
            || c.clocks.close.breached;
        view! {
            <li data-testid="overview-complaint">
                <a href=format!("/complaints/{}", c.id)>{c.number.clone()}</a>
                " · "{c.customer_name.clone()}" · "{c.summary.chars().take(40).collect::<String>()}
                {late.then(|| view! { " · "<span class="bad">{move || i.t("overview.late")}</span> })}
            </li>
        }
    };
    view! {
        <section class="card" data-testid="overview-to-handle">
            <Transition fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match follow_ups.await {
                        Ok(list) => {
                            let n = list.len();
                            view! {
                                <h2><a href="/follow-ups">{move || i.t("overview.poor_scores")}" ("{n}")"</a></h2>
                                <ul class="plain">{list.into_iter().take(SHOWN).map(follow_up_row).collect_view()}</ul>
                            }.into_any()
                        }
                        Err(p) => view! { <crate::components::error::ErrorView problem=p/> }.into_any(),
                    }
                })}
                {move || Suspend::new(async move {
                    match complaints.await {
                        Ok((n, list)) => view! {
                            <h2><a href="/complaints">{move || i.t("overview.complaints")}" ("{n}")"</a></h2>
                            <ul class="plain">{list.into_iter().map(complaint_row).collect_view()}</ul>
                        }.into_any(),
                        Err(p) => view! { <crate::components::error::ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
