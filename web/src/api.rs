//! The typed client of the JSON API. Errors always come back as
//! `ApiProblem` (the server's problem+json, or one made here for a network
//! failure).

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use servicebook_shared::ApiProblem;
use std::cell::RefCell;

thread_local! {
    /// Called when the server says the session is gone (401), so the app
    /// can show the sign-in page.
    static ON_UNAUTHORIZED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

pub fn on_unauthorized(f: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|cell| *cell.borrow_mut() = Some(Box::new(f)));
}

fn network(e: impl std::fmt::Display) -> ApiProblem {
    ApiProblem::new(0, "network", "Network error", e.to_string())
}

async fn decode<T: DeserializeOwned>(res: Response) -> Result<T, ApiProblem> {
    if res.ok() {
        return res.json::<T>().await.map_err(network);
    }
    let status = res.status();
    let problem = match res.json::<ApiProblem>().await {
        Ok(p) => p,
        Err(_) => ApiProblem::new(status, "http", &res.status_text(), ""),
    };
    if status == 401 {
        ON_UNAUTHORIZED.with(|cell| {
            if let Some(f) = cell.borrow().as_ref() {
                f()
            }
        });
    }
    Err(problem)
}

/// State-changing requests carry the header the server's CSRF check wants.
fn writing(builder: RequestBuilder) -> RequestBuilder {
    builder.header("X-Requested-With", "servicebook")
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiProblem> {
    let res = Request::get(path).send().await.map_err(network)?;
    decode(res).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiProblem> {
    let res = writing(Request::post(path))
        .json(body)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    decode(res).await
}

pub async fn patch<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiProblem> {
    let res = writing(Request::patch(path))
        .json(body)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    decode(res).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiProblem> {
    let res = writing(Request::put(path))
        .json(body)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    decode(res).await
}

/// A POST without a body or an answer (e.g. sign-out, 204).
pub async fn post_empty(path: &str) -> Result<(), ApiProblem> {
    let res = writing(Request::post(path)).send().await.map_err(network)?;
    if res.ok() {
        Ok(())
    } else {
        decode::<serde_json::Value>(res).await.map(|_| ())
    }
}

/// A DELETE (204, no answer).
pub async fn delete(path: &str) -> Result<(), ApiProblem> {
    let res = writing(Request::delete(path))
        .send()
        .await
        .map_err(network)?;
    if res.ok() {
        Ok(())
    } else {
        decode::<serde_json::Value>(res).await.map(|_| ())
    }
}

/// POSTs a browser file (or any blob) as the raw body: uploads and imports.
pub async fn upload<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::Blob,
) -> Result<T, ApiProblem> {
    let res = writing(Request::post(path))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    decode(res).await
}

/// `a=b&c=d` from pairs, skipping empty values.
pub fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}
