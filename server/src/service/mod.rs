//! The use cases: one function per thing a user (or the CLI, or demo
//! seeding) does that changes data. Each one reads what it needs *inside*
//! its transaction, calls the plain rules (`domain`, `shared`), writes and
//! audits, and returns the saved record or a typed refusal. HTTP handlers
//! parse, authorise the role, call one of these and map the result; they
//! never open a transaction themselves.
//!
//! Refusals are [`StoreError`]s: `Rejected` carries the problem code and
//! status a client sees (403 not allowed, 409 not now, 422 bad input), and
//! the store's own errors (stale version, duplicate, not found) pass through.

use crate::store::{Actor, Rejection, StoreError, UserRecord};
use servicebook_shared::permissions::Who;
use servicebook_shared::users::{FieldErrors, Role};
use servicebook_shared::ProblemCode;

pub type ServiceError = StoreError;
pub type ServiceResult<T> = Result<T, ServiceError>;

/// Who a use case acts for: what the permission rules ask (id, roles), the
/// name the history shows and the actor the audit trail records.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: Option<u64>,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl Caller {
    pub fn of(user: &UserRecord) -> Caller {
        Caller {
            user_id: Some(user.meta.id),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            roles: user.roles.clone(),
        }
    }

    /// The server itself (first start, demo seeding): every role.
    pub fn system() -> Caller {
        Caller {
            user_id: None,
            username: "system".into(),
            display_name: "system".into(),
            roles: Role::ALL.to_vec(),
        }
    }

    /// The command line, with the server stopped: every role.
    pub fn cli() -> Caller {
        Caller {
            user_id: None,
            username: "cli".into(),
            display_name: "cli".into(),
            roles: Role::ALL.to_vec(),
        }
    }

    pub fn actor(&self) -> Actor {
        match self.user_id {
            Some(id) => Actor::user(id, &self.username),
            None => Actor {
                id: None,
                name: self.username.clone(),
            },
        }
    }

    pub fn who(&self) -> Who<'_> {
        Who::new(self.user_id.unwrap_or(0), &self.roles)
    }

    /// Whether this caller is one of `ids` (a work order's engineers).
    pub fn is_one_of(&self, ids: &[u64]) -> bool {
        self.user_id.is_some_and(|id| ids.contains(&id))
    }
}

fn rejected(status: u16, code: ProblemCode, message: String, fields: FieldErrors) -> StoreError {
    StoreError::Rejected(Rejection {
        status,
        code,
        message,
        fields,
    })
}

/// 403: a permission rule said no.
pub fn forbidden(message: impl Into<String>) -> StoreError {
    rejected(
        403,
        ProblemCode::Forbidden,
        message.into(),
        FieldErrors::new(),
    )
}

/// 404: there is no such record.
pub fn not_found(message: impl Into<String>) -> StoreError {
    rejected(
        404,
        ProblemCode::NotFound,
        message.into(),
        FieldErrors::new(),
    )
}

/// 409: allowed in general, not in the record's present state.
pub fn not_now(message: impl Into<String>) -> StoreError {
    rejected(
        409,
        ProblemCode::NotAllowedNow,
        message.into(),
        FieldErrors::new(),
    )
}

/// 422: bad input, field by field.
pub fn invalid(fields: FieldErrors) -> StoreError {
    let detail = fields
        .iter()
        .map(|(f, m)| format!("{f}: {m}"))
        .collect::<Vec<_>>()
        .join("; ");
    rejected(422, ProblemCode::Invalid, detail, fields)
}

/// 422 on one field.
pub fn invalid_field(field: &str, message: impl Into<String>) -> StoreError {
    invalid([(field.to_owned(), message.into())].into())
}

/// Refuses with 403 unless `allowed` (the answer of a `permissions` rule).
pub fn allow(allowed: bool, what: &str) -> ServiceResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(forbidden(format!("You may not {what}.")))
    }
}

pub mod repairs;
pub mod reports;
pub mod requests;
pub mod sign_links;
pub mod surveys;
pub mod work_logs;
pub mod work_orders;
pub mod work_summaries;

pub mod api_tokens;
pub mod auth;
pub mod backups;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod devices;
pub mod files;
pub mod follow_ups;
pub mod import;
pub mod inspection_plans;
pub mod inspection_templates;
pub mod inspection_visits;
pub mod kpi;
pub mod loaners;
pub mod metrics;
pub mod part_requests;
pub mod parts;
pub mod reorders;
pub mod repair_parts;
pub mod settings;
pub mod stock;
pub mod two_factor;
pub mod users;
