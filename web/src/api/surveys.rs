//! Satisfaction surveys and the follow-ups of poor scores; the customer's
//! public survey page.

use serde::Serialize;
use servicebook_shared::surveys::{
    CallAnswer, CloseFollowUp, FollowUp, NewCall, PublicSurvey, ReopenInput, Scores, Survey,
    SurveyLink, SurveyStats,
};
use servicebook_shared::users::VersionOnly;
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/surveys` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SurveyQuery {
    pub state: Option<String>,
    pub customer_id: Option<u64>,
    pub request_id: Option<u64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &SurveyQuery) -> Result<Page<Survey>, ApiProblem> {
    super::get(&super::with_query("/api/surveys", q)).await
}

pub async fn of_request(request_id: u64) -> Result<Vec<Survey>, ApiProblem> {
    let q = SurveyQuery {
        request_id: Some(request_id),
        ..Default::default()
    };
    list(&q).await.map(|p| p.items)
}

pub async fn stats() -> Result<SurveyStats, ApiProblem> {
    super::get("/api/surveys/stats").await
}

pub async fn make_link(id: u64, version: u64) -> Result<SurveyLink, ApiProblem> {
    super::post(&format!("/api/surveys/{id}/link"), &VersionOnly { version }).await
}

pub async fn call(id: u64, body: &CallAnswer) -> Result<Survey, ApiProblem> {
    super::post(&format!("/api/surveys/{id}/call"), body).await
}

pub async fn public_get(token: &str) -> Result<PublicSurvey, ApiProblem> {
    super::get(&format!(
        "/api/public/surveys/{}",
        js_sys::encode_uri_component(token)
    ))
    .await
}

pub async fn public_answer(token: &str, body: &Scores) -> Result<(), ApiProblem> {
    super::post::<_, serde_json::Value>(
        &format!(
            "/api/public/surveys/{}",
            js_sys::encode_uri_component(token)
        ),
        body,
    )
    .await
    .map(drop)
}

pub async fn follow_ups(state: &str) -> Result<Vec<FollowUp>, ApiProblem> {
    if state.is_empty() {
        super::get("/api/follow-ups").await
    } else {
        super::get(&format!("/api/follow-ups?state={state}")).await
    }
}

pub async fn follow_up(id: u64) -> Result<FollowUp, ApiProblem> {
    super::get(&format!("/api/follow-ups/{id}")).await
}

pub async fn follow_up_call(id: u64, body: &NewCall) -> Result<FollowUp, ApiProblem> {
    super::post(&format!("/api/follow-ups/{id}/calls"), body).await
}

pub async fn reopen(id: u64, body: &ReopenInput) -> Result<FollowUp, ApiProblem> {
    super::post(&format!("/api/follow-ups/{id}/actions/reopen"), body).await
}

pub async fn close(id: u64, body: &CloseFollowUp) -> Result<FollowUp, ApiProblem> {
    super::post(&format!("/api/follow-ups/{id}/actions/close"), body).await
}
