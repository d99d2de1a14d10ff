//! RFC 9457 problem details: the one error shape on the wire.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error as the API reports it. `errors` maps a field name to what is
/// wrong with it, for bad input; it is left out otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiProblem {
    /// A URI reference naming the kind of problem (`about:blank` when the
    /// status code says it all).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, String>,
}

impl ApiProblem {
    pub fn new(status: u16, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        ApiProblem {
            kind: format!("/problems/{kind}"),
            title: title.to_owned(),
            status,
            detail: detail.into(),
            errors: BTreeMap::new(),
        }
    }

    pub fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors.insert(field.to_owned(), message.into());
        self
    }

    /// The last segment of `type`, e.g. `conflict` for `/problems/conflict`.
    pub fn code(&self) -> &str {
        self.kind.rsplit('/').next().unwrap_or(&self.kind)
    }
}

impl std::fmt::Display for ApiProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_empty() {
            write!(f, "{}", self.title)
        } else {
            write!(f, "{}: {}", self.title, self.detail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_rfc9457_member_names_and_omits_empty_errors() {
        let p = ApiProblem::new(404, "not-found", "Not found", "no such customer");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "/problems/not-found");
        assert_eq!(v["status"], 404);
        assert!(v.get("errors").is_none());
        assert_eq!(p.code(), "not-found");

        let p = p.with_field("name", "must not be empty");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["errors"]["name"], "must not be empty");
    }
}
