//! The typed client of the JSON API: one module per resource, one function
//! per endpoint, typed by the `shared` wire types. Every call goes through
//! [`send`], which sends the CSRF header on writes, checks the status and
//! turns any failure into an `ApiProblem` (the server's problem+json, or one
//! made here when there is no answer). Pages never build `/api/…` paths.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod devices;
pub mod files;
pub mod import;
pub mod inspections;
pub mod kpi;
pub mod loaners;
pub mod part_requests;
pub mod parts;
pub mod repairs;
pub mod reports;
pub mod requests;
pub mod settings;
pub mod stock;
pub mod surveys;
pub mod system;
pub mod users;
pub mod work_log;
pub mod work_orders;

use gloo_net::http::{Method, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use servicebook_shared::{ApiProblem, ProblemCode};
use std::cell::RefCell;

thread_local! {
    /// Called when the server says the session is gone (401), so the app
    /// can show the sign-in page.
    static ON_UNAUTHORIZED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

pub fn on_unauthorized(f: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|cell| *cell.borrow_mut() = Some(Box::new(f)));
}

/// The problem for "no usable answer": the network failed, or the body
/// was not what the API promises.
fn network(e: impl std::fmt::Display) -> ApiProblem {
    ApiProblem::new(0, ProblemCode::Network, "Network error", e.to_string())
}

/// What a request carries.
enum Body<'a> {
    None,
    Json(String),
    Blob(&'a web_sys::Blob),
}

/// The one request helper: sends, checks the status and gives the answer's
/// text (an empty answer, e.g. 204, as JSON `null`, so `T = ()` works) or
/// the problem. Not generic: every typed call shares this one copy and only
/// [`parse`] is instantiated per answer type, which keeps the download small.
async fn send(method: Method, path: &str, body: Body<'_>) -> Result<String, ApiProblem> {
    let mut builder = RequestBuilder::new(path).method(method.clone());
    if method != Method::GET {
        // State-changing requests carry the header the server's CSRF check wants.
        builder = builder.header("X-Requested-With", "servicebook");
    }
    let req = match body {
        Body::None => builder.build(),
        Body::Json(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        Body::Blob(blob) => builder
            .header("Content-Type", "application/octet-stream")
            .body(wasm_bindgen::JsValue::from(blob.clone())),
    }
    .map_err(network)?;
    let res = req.send().await.map_err(network)?;
    // A wrong password at sign-in (the hand-over's unlock asks for it while
    // signed in) is a refusal, not a session that has ended.
    if path == "/api/auth/login" && res.status() == 401 {
        let text = res.text().await.map_err(network)?;
        return Err(
            serde_json::from_str::<ApiProblem>(&text).unwrap_or_else(|_| {
                ApiProblem::new(401, ProblemCode::Unauthorized, &res.status_text(), "")
            }),
        );
    }
    answer(res).await
}

async fn answer(res: Response) -> Result<String, ApiProblem> {
    let status = res.status();
    let text = res.text().await.map_err(network)?;
    if res.ok() {
        return Ok(if text.trim().is_empty() {
            "null".to_owned()
        } else {
            text
        });
    }
    let problem = serde_json::from_str::<ApiProblem>(&text)
        .unwrap_or_else(|_| ApiProblem::new(status, by_status(status), &res.status_text(), ""));
    if status == 401 {
        ON_UNAUTHORIZED.with(|cell| {
            if let Some(f) = cell.borrow().as_ref() {
                f()
            }
        });
    }
    Err(problem)
}

/// The typed answer from [`send`]'s text: the only per-type step.
fn parse<T: DeserializeOwned>(text: Result<String, ApiProblem>) -> Result<T, ApiProblem> {
    serde_json::from_str(&text?).map_err(network)
}

fn json<B: Serialize>(body: &B) -> Result<Body<'static>, ApiProblem> {
    serde_json::to_string(body).map(Body::Json).map_err(network)
}

/// The kind of problem a bare status code means (an answer that is not
/// problem+json, e.g. from a proxy).
pub fn by_status(status: u16) -> ProblemCode {
    match status {
        0 => ProblemCode::Network,
        401 => ProblemCode::Unauthorized,
        403 => ProblemCode::Forbidden,
        404 => ProblemCode::NotFound,
        405 => ProblemCode::MethodNotAllowed,
        409 => ProblemCode::Conflict,
        413 => ProblemCode::TooLarge,
        415 => ProblemCode::UnsupportedMediaType,
        422 => ProblemCode::Invalid,
        429 => ProblemCode::TooManyAttempts,
        503 => ProblemCode::Unavailable,
        500..=599 => ProblemCode::Internal,
        _ => ProblemCode::BadRequest,
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiProblem> {
    parse(send(Method::GET, path, Body::None).await)
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiProblem> {
    let body = json(body)?;
    parse(send(Method::POST, path, body).await)
}

async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiProblem> {
    parse(send(Method::POST, path, Body::None).await)
}

async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiProblem> {
    let body = json(body)?;
    parse(send(Method::PUT, path, body).await)
}

async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiProblem> {
    let body = json(body)?;
    parse(send(Method::PATCH, path, body).await)
}

async fn delete(path: &str) -> Result<(), ApiProblem> {
    parse(send(Method::DELETE, path, Body::None).await)
}

/// POSTs a browser file (or any blob) as the raw body: uploads and imports.
async fn upload<T: DeserializeOwned>(path: &str, file: &web_sys::Blob) -> Result<T, ApiProblem> {
    parse(send(Method::POST, path, Body::Blob(file)).await)
}

/// `path?a=b&c=d` from a query type: its fields as serde names them, left
/// out when `None` or empty, values URI-encoded (enums by their wire name,
/// times as RFC 3339).
fn with_query<Q: Serialize>(path: &str, query: &Q) -> String {
    let qs = query_string(query);
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

pub fn query_string<Q: Serialize>(query: &Q) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(query) else {
        return String::new();
    };
    map.into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                serde_json::Value::Null => return None,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (!text.is_empty()).then(|| format!("{k}={}", js_sys::encode_uri_component(&text)))
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_status_still_says_what_kind_of_problem() {
        assert_eq!(by_status(0), ProblemCode::Network);
        assert_eq!(by_status(404), ProblemCode::NotFound);
        assert_eq!(by_status(422), ProblemCode::Invalid);
        assert_eq!(by_status(502), ProblemCode::Internal);
        assert_eq!(by_status(418), ProblemCode::BadRequest);
    }
}
