//! The one error type of the HTTP layer. Everything a handler can fail with
//! becomes an RFC 9457 problem+json response here, including the errors of
//! actix's own extractors, so no error reaches a client as text or leaks
//! internals.

use crate::store::StoreError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError};
use servicebook_shared::problem::{ApiProblem, ProblemCode, PROBLEM_JSON};

#[derive(Debug)]
pub struct AppError {
    pub problem: ApiProblem,
    /// Seconds a client should wait before trying again (429/503).
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(status: u16, code: ProblemCode, title: &str, detail: impl Into<String>) -> Self {
        AppError {
            problem: ApiProblem::new(status, code, title, detail),
            retry_after: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(400, ProblemCode::BadRequest, "Bad request", detail)
    }

    /// Input that is well-formed but breaks a rule; `field` names what to fix.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut e = Self::new(
            422,
            ProblemCode::Invalid,
            "Invalid input",
            format!("{field}: {message}"),
        );
        e.problem.errors.insert(field.to_owned(), message);
        e
    }

    /// Several fields wrong at once (422).
    pub fn fields(errors: std::collections::BTreeMap<String, String>) -> Self {
        let detail = errors
            .iter()
            .map(|(f, m)| format!("{f}: {m}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut e = Self::new(422, ProblemCode::Invalid, "Invalid input", detail);
        e.problem.errors = errors;
        e
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(401, ProblemCode::Unauthorized, "Sign-in required", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(403, ProblemCode::Forbidden, "Not allowed", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, ProblemCode::NotFound, "Not found", detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(409, ProblemCode::Conflict, "Conflict", detail)
    }

    /// A failure that is ours, not the client's: the detail is logged, the
    /// client gets a generic message.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        tracing::error!(error = %what, "internal error");
        Self::new(
            500,
            ProblemCode::Internal,
            "Internal error",
            "The server could not complete the request; it has been logged.",
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.problem.fmt(f)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status());
        res.content_type(PROBLEM_JSON);
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        // Every field error goes out with its code, whoever built it.
        res.json(self.problem.clone().with_codes())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { table, id } => {
                Self::not_found(format!("There is no {} with id {id}.", singular(table)))
            }
            StoreError::StaleVersion {
                expected, actual, ..
            } => {
                let mut e = Self::new(
                    409,
                    ProblemCode::StaleVersion,
                    "Changed by someone else",
                    format!("This record was changed after you loaded it (your version {expected}, now {actual}). Reload it and apply your change again."),
                );
                e.problem.errors.insert(
                    "version".into(),
                    format!("is {expected}, the record is at {actual}"),
                );
                e
            }
            StoreError::Duplicate { field, .. } => {
                let mut e = Self::new(
                    409,
                    ProblemCode::Duplicate,
                    "Already exists",
                    format!("Another record already uses this {field}."),
                );
                e.problem
                    .errors
                    .insert(field.into(), "is already used by another record".into());
                e
            }
            StoreError::Rejected(r) => AppError {
                problem: ApiProblem {
                    kind: format!("/problems/{}", r.code.as_str()),
                    title: title_for(r.status).into(),
                    status: r.status,
                    detail: r.message,
                    errors: r.fields,
                    codes: Default::default(),
                },
                retry_after: None,
            },
            StoreError::Closed => {
                let mut e = Self::new(
                    503,
                    ProblemCode::ShuttingDown,
                    "Service unavailable",
                    "The server is shutting down; try again in a moment.",
                );
                e.retry_after = Some(5);
                e
            }
            e @ (StoreError::Io(_) | StoreError::Corrupt(_)) => Self::internal(e),
        }
    }
}

fn singular(table: &str) -> &str {
    table.strip_suffix('s').unwrap_or(table)
}

pub fn title_for(status: u16) -> &'static str {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

/// A serde message such as "missing field `name` at line 1 column 2" names
/// the field; report it against that field.
pub(crate) fn field_of(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    let field = &message[start..start + len];
    (message.starts_with("missing field") || message.starts_with("unknown field")).then_some(field)
}

pub fn json_error(err: JsonPayloadError, req: &HttpRequest) -> actix_web::Error {
    let e = match &err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => AppError::new(
            413,
            ProblemCode::TooLarge,
            "Request body too large",
            format!("The request body is larger than {limit} bytes."),
        ),
        JsonPayloadError::ContentType => AppError::new(
            415,
            ProblemCode::UnsupportedMediaType,
            "Unsupported media type",
            "Send the body as JSON with Content-Type: application/json.",
        ),
        JsonPayloadError::Deserialize(de) if de.is_data() => {
            let message = de.to_string();
            // A wrong type names no field: find it at serde's position in
            // the body kept for this ([`crate::json_path`]) and say it in
            // words, never as serde's text.
            let at = req
                .extensions()
                .get::<crate::json_path::JsonBody>()
                .and_then(|b| crate::json_path::path_at(&b.0, de.line(), de.column()));
            if let (None, Some(path)) = (field_of(&message), at) {
                let words = crate::json_path::in_words(&message);
                let mut e = AppError::new(
                    422,
                    ProblemCode::Invalid,
                    "Invalid input",
                    format!("The field {path} has the wrong type: {words}."),
                );
                e.problem.codes.insert(
                    path.clone(),
                    servicebook_shared::problem::FieldCode::WrongType,
                );
                e.problem.errors.insert(path, words);
                return e.into();
            }
            let mut e = AppError::new(422, ProblemCode::Invalid, "Invalid input", message.clone());
            if let Some(field) = field_of(&message) {
                e.problem.errors.insert(
                    field.to_owned(),
                    message
                        .split(" at line")
                        .next()
                        .unwrap_or(&message)
                        .to_owned(),
                );
            }
            e
        }
        JsonPayloadError::Deserialize(de) => {
            AppError::bad_request(format!("The body is not valid JSON: {de}."))
        }
        _ => AppError::bad_request("The request body could not be read."),
    };
    e.into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::bad_request(format!("The query string is invalid: {err}.")).into()
}

pub fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::not_found(format!("No such resource: {err}.")).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_taken_from_serde_messages() {
        assert_eq!(
            field_of("missing field `name` at line 1 column 2"),
            Some("name")
        );
        assert_eq!(
            field_of("unknown field `nmae`, expected one of `name`"),
            Some("nmae")
        );
        assert_eq!(field_of("invalid type: string \"x\", expected `u64`"), None);
    }

    #[test]
    fn storage_failures_do_not_leak_their_cause() {
        let e = AppError::from(StoreError::Io("/secret/path: disk full".into()));
        assert_eq!(e.problem.status, 500);
        assert!(!e.problem.detail.contains("secret"));
    }

    #[test]
    fn a_stale_version_is_a_conflict_naming_the_version_field() {
        let e = AppError::from(StoreError::StaleVersion {
            table: "customers",
            id: 1,
            expected: 1,
            actual: 2,
        });
        assert_eq!(e.problem.status, 409);
        assert!(e.problem.errors.contains_key("version"));
    }
}
