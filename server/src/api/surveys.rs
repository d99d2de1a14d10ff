//! Satisfaction surveys: the lists and figures staff see, making a link
//! (with its QR code), taking the answer on a call, and the public page a
//! customer answers without a login. Public answers are rate-limited per
//! client address, and every unusable link — unknown, answered, replaced,
//! expired — gets the same 404, so guessing learns nothing.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::labels::qr_svg;
use crate::error::AppError;
use crate::service::requests::At;
use crate::service::sign_links::hash;
use crate::service::surveys::{self as service, may_read, usable};
use crate::store::surveys::SurveyRecord;
use crate::store::StoreError;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::surveys::{
    response_rate, state_at, CallAnswer, PublicSurvey, Scores, Survey, SurveyLink, SurveyState,
    SurveyStats,
};
use servicebook_shared::users::VersionOnly;
use servicebook_shared::{ApiProblem, Page, ProblemCode};
use std::time::Instant;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(stats)
        .service(list)
        .service(get_one)
        .service(make_link)
        .service(call)
        .service(public_get)
        .service(public_answer);
}

const READ: &str = "read surveys";

fn survey(state: &AppState, id: u64) -> Result<SurveyRecord, AppError> {
    state
        .store
        .get::<SurveyRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no survey with id {id}.")))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SurveyQuery {
    /// `to_send`, `sent`, `answered`, `expired` or `not_sent`.
    pub state: Option<String>,
    /// Made (the service completed) on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Made on or before this day (UTC).
    pub to: Option<NaiveDate>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Surveys, newest first, filtered; an engineer sees those of the work
/// they did.
#[utoipa::path(path = "/api/surveys", tag = "surveys", params(SurveyQuery),
    responses((status = 200, body = Page<Survey>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/surveys")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<SurveyQuery>,
) -> Result<HttpResponse, AppError> {
    let (items, next) = list_page(&state, &session, &query)?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: paging::cursor(next),
    }))
}

/// One page of the list and where the next starts (the export reads the
/// list through this too, so the file has exactly the list's rows).
pub fn list_page(
    state: &AppState,
    session: &Session,
    q: &SurveyQuery,
) -> Result<(Vec<Survey>, Option<u64>), AppError> {
    session.allow(permissions::read_surveys(session.who(), true), READ)?;
    let (limit, cursor) = paging::params(q.limit, q.cursor.as_deref())?;
    let wanted = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(SurveyState::parse(s).ok_or_else(|| {
            AppError::invalid(
                "state",
                "must be to_send, sent, answered, expired or not_sent",
            )
        })?),
        None => None,
    };
    let caller = session.caller();
    let now = Utc::now();
    let keep = |s: &SurveyRecord| {
        let day = s.meta.created_at.date_naive();
        may_read(&caller, s)
            && wanted.is_none_or(|w| state_at(s.state, s.expires_at, now) == w)
            && q.from.is_none_or(|f| day >= f)
            && q.to.is_none_or(|t| day <= t)
            && q.customer_id.is_none_or(|c| s.customer_id == c)
            && q.request_id.is_none_or(|r| s.request_id == r)
    };
    // The narrowest index that answers, else the whole table walked from
    // the cursor (so an export's pages do not each re-read it); newest first.
    let mut indexed: Vec<u64> = match (q.request_id, wanted) {
        (Some(r), _) => state
            .store
            .surveys_of_request(r)?
            .iter()
            .map(|s| s.meta.id)
            .collect(),
        (None, Some(SurveyState::Expired)) => state.store.surveys_in_state(SurveyState::Sent)?,
        (None, Some(w)) => state.store.surveys_in_state(w)?,
        (None, None) => Vec::new(),
    };
    indexed.sort_unstable_by(|a, b| b.cmp(a));
    indexed.dedup();
    let ids: Box<dyn Iterator<Item = Result<u64, StoreError>>> =
        if q.request_id.is_none() && wanted.is_none() {
            Box::new(state.store.ids_desc::<SurveyRecord>(cursor)?)
        } else {
            Box::new(
                indexed
                    .into_iter()
                    .filter(move |id| cursor.is_none_or(|c| *id < c))
                    .map(Ok),
            )
        };
    let mut items = Vec::new();
    for id in ids {
        if let Some(s) = state.store.get::<SurveyRecord>(id?)?.filter(|s| keep(s)) {
            items.push(s);
            if items.len() > limit {
                break;
            }
        }
    }
    let next = (items.len() > limit).then(|| items[limit - 1].meta.id);
    items.truncate(limit);
    Ok((items.iter().map(|s| s.to_wire(now)).collect(), next))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// First day surveys were sent (UTC); default 30 days ago.
    pub from: Option<NaiveDate>,
    /// Last day (UTC); default today.
    pub to: Option<NaiveDate>,
}

/// The response rate: surveys sent in the period, and how many were
/// answered, expired unanswered, or are still pending.
#[utoipa::path(path = "/api/surveys/stats", tag = "surveys", params(StatsQuery),
    responses((status = 200, body = SurveyStats), (status = 403, body = ApiProblem)))]
#[get("/surveys/stats")]
pub async fn stats(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::send_surveys(session.who()), READ)?;
    let now = Utc::now();
    let to = query.to.unwrap_or(now.date_naive());
    let from = query.from.unwrap_or(to - chrono::Duration::days(30));
    let (mut sent, mut answered, mut expired, mut pending) = (0, 0, 0, 0);
    let ids = state.store.surveys_sent_between(
        &from.format("%Y-%m-%d").to_string(),
        &to.format("%Y-%m-%d").to_string(),
    )?;
    for id in ids {
        let Some(s) = state.store.get::<SurveyRecord>(id)? else {
            continue;
        };
        sent += 1;
        match state_at(s.state, s.expires_at, now) {
            SurveyState::Answered => answered += 1,
            SurveyState::Expired => expired += 1,
            _ => pending += 1,
        }
    }
    Ok(HttpResponse::Ok().json(SurveyStats {
        sent,
        answered,
        expired,
        pending,
        response_rate: response_rate(sent, answered),
    }))
}

/// One survey with its answer.
#[utoipa::path(path = "/api/surveys/{id}", tag = "surveys",
    responses((status = 200, body = Survey), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem)))]
#[get("/surveys/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let s = survey(&state, id.into_inner())?;
    session.allow(may_read(&session.caller(), &s), READ)?;
    Ok(HttpResponse::Ok().json(s.to_wire(Utc::now())))
}

/// Make the link to send the customer (WeChat, SMS) with its QR code (to
/// print on the report). The token is in this answer only; a new link
/// voids the previous one; it lasts the firm's `survey_link_days`.
#[utoipa::path(path = "/api/surveys/{id}/link", tag = "surveys", request_body = VersionOnly,
    responses((status = 201, body = SurveyLink), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem)))]
#[post("/surveys/{id}/link")]
pub async fn make_link(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::send_surveys(session.who()), "send surveys")?;
    let (s, token) = service::make_link(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.version,
        At::Now,
    )
    .await?;
    let path = format!("/survey/{token}");
    let url = match &state.public_url {
        Some(base) => format!("{base}{path}"),
        None => path.clone(),
    };
    // A relative link still makes a QR code; staff copy the full URL.
    let qr = qr_svg(&url).unwrap_or_default();
    Ok(HttpResponse::Created().json(SurveyLink {
        url,
        path,
        token,
        expires_at: s.expires_at.unwrap_or_else(Utc::now),
        qr_svg: qr,
        survey: s.to_wire(Utc::now()),
    }))
}

/// The answer taken on a follow-up call (who called is the caller; when
/// and what the customer said, with the five scores).
#[utoipa::path(path = "/api/surveys/{id}/call", tag = "surveys", request_body = CallAnswer,
    responses((status = 200, body = Survey), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/surveys/{id}/call")]
pub async fn call(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<CallAnswer>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::send_surveys(session.who()), "log survey calls")?;
    let s = service::answer_by_call(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
        At::Now,
    )
    .await?;
    Ok(HttpResponse::Ok().json(s.to_wire(Utc::now())))
}

/// Public links are guessed at no faster than sign-ins: refusals count per
/// client address (the sign-in limiter's rules, under its own name).
const LIMIT_KEY: &str = "\u{0}survey-link";

fn too_many(seconds: u64) -> AppError {
    let mut e = AppError::new(
        429,
        ProblemCode::TooManyAttempts,
        "Too many attempts",
        "Too many survey links that are not valid. Try again later.",
    );
    e.retry_after = Some(seconds);
    e
}

/// Runs `f` under the limiter: a refusal counts, an answer does not.
async fn limited<T>(
    req: &HttpRequest,
    state: &AppState,
    f: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let address = super::client::address(req, state);
    let attempt = state
        .limiter
        .begin(LIMIT_KEY, &address, Instant::now())
        .map_err(too_many)?;
    match f.await {
        Ok(v) => Ok(v),
        Err(e) => {
            if e.problem.status == 404 {
                let delay = state.limiter.failed(attempt);
                actix_web::rt::time::sleep(delay).await;
            }
            Err(e)
        }
    }
}

/// What the customer sees through the link (no login): the firm, the
/// request, the device, when, and who did the work.
#[utoipa::path(path = "/api/public/surveys/{token}", tag = "surveys",
    responses((status = 200, body = PublicSurvey), (status = 404, body = ApiProblem), (status = 429, body = ApiProblem)))]
#[get("/public/surveys/{token}")]
pub async fn public_get(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let state = state.into_inner();
    let view = limited(&req, &state, async {
        let s = usable(state.store.survey_by_token(&hash(&token))?, Utc::now())?;
        Ok(PublicSurvey {
            firm_name: state.store.settings()?.firm_name,
            request_number: s.request_number.clone(),
            customer_name: s.customer_name.clone(),
            device: s.device.clone(),
            completed_at: s.completed_at,
            engineers: s.engineers.iter().map(|e| e.name.clone()).collect(),
            expires_at: s.expires_at.unwrap_or_else(Utc::now),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The customer's answer (no login): once, before the link expires; each
/// score 1 to 5.
#[utoipa::path(post, path = "/api/public/surveys/{token}", tag = "surveys", request_body = Scores,
    responses((status = 200, description = "Answered"), (status = 404, body = ApiProblem), (status = 422, body = ApiProblem), (status = 429, body = ApiProblem)))]
#[post("/public/surveys/{token}")]
pub async fn public_answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Json<Scores>,
) -> Result<HttpResponse, AppError> {
    let state = state.into_inner();
    limited(&req, &state, async {
        service::answer_by_link(&state.store, &token, body.into_inner(), At::Now).await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"answered": true})))
}
