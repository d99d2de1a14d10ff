//! Middleware every response passes through: security headers, one log line
//! per request, and problem+json for error responses actix makes itself
//! (405, unmatched routes, …).

use crate::app::AppState;
use crate::error::{title_for, AppError};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, ErrorHandlers, Next};
use actix_web::{web, Error, ResponseError};
use servicebook_shared::problem::PROBLEM_JSON;
use servicebook_shared::ProblemCode;
use std::time::Instant;

pub fn security_headers(csp: &str, hsts: bool) -> DefaultHeaders {
    let headers = if hsts {
        // Served over HTTPS (`--public-url https://…`): browsers must keep to it.
        DefaultHeaders::new().add((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"))
    } else {
        DefaultHeaders::new()
    };
    headers
        .add((header::CONTENT_SECURITY_POLICY, csp.to_owned()))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
}

/// API answers carry people's data: no cache keeps them, unless the handler
/// said otherwise (labels' QR codes, signature images).
pub fn no_store() -> DefaultHeaders {
    DefaultHeaders::new().add((header::CACHE_CONTROL, "no-store"))
}

/// The path as the log shows it: the one-time token of a public link
/// (`/sign/{token}`, `/api/public/<kind>/{token}`) is replaced, so the log
/// never holds a usable link.
pub fn loggable_path(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let secret_at = match parts.as_slice() {
        ["", "sign", _, ..] => Some(2),
        ["", "api", "public", _, _, ..] => Some(4),
        _ => None,
    };
    match secret_at {
        Some(i) if !parts[i].is_empty() => {
            let mut parts = parts;
            parts[i] = "[token]";
            parts.join("/")
        }
        _ => path.to_owned(),
    }
}

/// One structured line per request, and its count and duration in the
/// metrics. The query string is left out and tokens in the path are
/// replaced ([`loggable_path`]).
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    let method = req.method().clone();
    let path = loggable_path(req.path());
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let result = next.call(req).await;
    let elapsed = start.elapsed().as_secs_f64();
    let (status, pattern) = match &result {
        Ok(res) => (res.status().as_u16(), res.request().match_pattern()),
        Err(e) => (e.as_response_error().status_code().as_u16(), None),
    };
    if let Some(metrics) = metrics {
        metrics.observe(
            method.as_str(),
            &route_label(pattern, &path),
            status,
            elapsed,
        );
    }
    let duration_ms = (elapsed * 100_000.0).round() / 100.0;
    tracing::info!(target: "http", %method, %path, status, duration_ms, "request");
    result
}

/// The route a request is counted under: the pattern it matched, else one
/// label for unknown API paths and one for the app's pages and files (raw
/// paths would make a series per id).
fn route_label(pattern: Option<String>, path: &str) -> String {
    match pattern {
        Some(p) => p,
        None if path == "/api" || path.starts_with("/api/") => "/api/{unknown}".to_owned(),
        None => "/{app}".to_owned(),
    }
}

/// Turns any error response under `/api` that is not problem+json already
/// into one, keeping its status.
pub fn api_problems<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(to_problem)
}

fn to_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let detail = match status.as_u16() {
        404 => "There is no such API endpoint.".to_owned(),
        405 => "This endpoint does not accept that method.".to_owned(),
        _ => title_for(status.as_u16()).to_owned(),
    };
    let code = match status.as_u16() {
        404 => ProblemCode::NotFound,
        405 => ProblemCode::MethodNotAllowed,
        413 => ProblemCode::TooLarge,
        s if s >= 500 => ProblemCode::Internal,
        _ => ProblemCode::BadRequest,
    };
    let allow = res.headers().get(header::ALLOW).cloned();
    let (req, _) = res.into_parts();
    let mut response =
        AppError::new(status.as_u16(), code, title_for(status.as_u16()), detail).error_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    let res: ServiceResponse<BoxBody> = ServiceResponse::new(req, response);
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}

#[cfg(test)]
mod tests {
    use super::{loggable_path, route_label};

    #[test]
    fn unmatched_paths_share_a_route_label() {
        assert_eq!(
            route_label(Some("/api/requests/{id}".into()), "/api/requests/7"),
            "/api/requests/{id}"
        );
        assert_eq!(route_label(None, "/api/nothing/here"), "/api/{unknown}");
        assert_eq!(route_label(None, "/requests/7"), "/{app}");
    }

    #[test]
    fn public_link_tokens_never_reach_the_log() {
        assert_eq!(loggable_path("/sign/abcDEF123"), "/sign/[token]");
        assert_eq!(
            loggable_path("/api/public/sign/abcDEF123"),
            "/api/public/sign/[token]"
        );
        assert_eq!(
            loggable_path("/api/public/sign/abcDEF123/strokes"),
            "/api/public/sign/[token]/strokes"
        );
        assert_eq!(loggable_path("/api/requests/12"), "/api/requests/12");
        assert_eq!(loggable_path("/api/public/"), "/api/public/");
    }
}
