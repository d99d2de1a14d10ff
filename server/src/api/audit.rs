//! The audit trail, newest first. Admins and managers read all of it;
//! everyone else reads the history of one record at a time.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::AppError;
use crate::store::{AuditFilter, AuditRecord};
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use servicebook_shared::audit::{AuditEntry, AuditTarget};
use servicebook_shared::permissions;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(records);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// With `record_id`: the history of one record, e.g. `users`.
    pub record_type: Option<String>,
    pub record_id: Option<u64>,
    /// Only what this user did.
    pub actor_id: Option<u64>,
    /// RFC 3339; entries at or after.
    pub from: Option<String>,
    /// RFC 3339; entries at or before.
    pub to: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

fn time(field: &str, value: Option<&str>) -> Result<Option<DateTime<Utc>>, AppError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| DateTime::parse_from_rfc3339(v).map(|t| t.with_timezone(&Utc)))
        .transpose()
        .map_err(|_| {
            AppError::invalid(field, "must be an RFC 3339 time, e.g. 2026-11-23T08:00:00Z")
        })
}

/// Who changed what, when.
#[utoipa::path(
    path = "/api/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem))
)]
#[get("/audit")]
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let record = match (&query.record_type, query.record_id) {
        (Some(t), Some(id)) if !t.is_empty() => Some((t.clone(), id)),
        (None, None) => None,
        _ => {
            return Err(AppError::invalid(
                "record_id",
                "give record_type and record_id together",
            ))
        }
    };
    if !permissions::read_audit(session.who()) {
        match &record {
            // A complaint's history is read by whoever may read it (an
            // engineer: only one naming them).
            Some((t, id)) if t == "complaints" => {
                crate::service::complaints::get(&state.store, &session.caller(), *id)?;
            }
            // Account histories are the admin's business, and one's own.
            Some((t, id)) if t != "users" || *id == session.user.meta.id => {}
            _ => {
                return Err(AppError::forbidden(
                    "You may not read the whole audit trail; open a record to see its history.",
                ))
            }
        }
    }
    let filter = AuditFilter {
        record,
        actor_id: query.actor_id,
        from: time("from", query.from.as_deref())?,
        to: time("to", query.to.as_deref())?,
    };
    let (items, next) = state.store.audit_entries(&filter, cursor, limit)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(AuditRecord::to_wire).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecordsQuery {
    /// A request, work order, contract or part number, a serial number, a
    /// username, or part of a customer's name.
    pub q: String,
}

/// The records people may mean by `q`, to open one's history.
#[utoipa::path(path = "/api/audit/records", tag = "audit", params(RecordsQuery),
    responses((status = 200, body = Vec<AuditTarget>), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/audit/records")]
pub async fn records(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<RecordsQuery>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::read_audit(session.who()),
        "read the audit trail",
    )?;
    if query.q.chars().count() > 100 {
        return Err(AppError::invalid("q", "must be at most 100 characters"));
    }
    Ok(HttpResponse::Ok().json(state.store.records_named(&query.q)?))
}
