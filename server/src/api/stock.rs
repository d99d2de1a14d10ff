//! Stock: locations, movements (the only way stock changes) and balances
//! per part and location (the reorder list is in `reorder.rs`). Everyone
//! signed in reads; who may record which movement is decided per movement
//! by `permissions::move_stock` inside the write.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::{field_of, AppError};
use crate::service::stock as service;
use crate::store::{LocationRecord, MovementFilter, Store, StoreError};
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::stock::{
    Balance, Location, LocationKind, Movement, NewLocation, NewMovement, StockCheck,
};
use servicebook_shared::{ApiProblem, Page};
use std::collections::HashMap;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(balances)
        .service(list_locations)
        .service(create_location)
        .service(list_movements)
        .service(create_movement)
        .service(check);
}

pub(super) fn may_read(session: &Session) -> Result<(), AppError> {
    session.allow(permissions::read_stock(session.who()), "read stock")
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LocationQuery {
    /// Only locations of this kind.
    pub kind: Option<LocationKind>,
    /// Only the kit of this engineer.
    pub engineer_id: Option<u64>,
}

/// Stock locations: warehouses, engineers' kits and faulty shelves.
#[utoipa::path(path = "/api/stock/locations", tag = "stock", params(LocationQuery),
    responses((status = 200, body = Page<Location>)))]
#[get("/stock/locations")]
pub async fn list_locations(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<LocationQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let items: Vec<Location> = state
        .store
        .locations()?
        .iter()
        .filter(|l| query.kind.is_none_or(|k| l.kind == k))
        .filter(|l| query.engineer_id.is_none_or(|e| l.engineer_id == Some(e)))
        .map(LocationRecord::to_wire)
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Create a warehouse or faulty shelf (or an engineer's kit, with
/// `engineer_id`; a kit is also made when stock is first issued to them).
#[utoipa::path(path = "/api/stock/locations", tag = "stock", request_body = NewLocation,
    responses((status = 201, body = Location), (status = 403, body = ApiProblem), (status = 409, description = "The name, or the engineer's kit, exists", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/stock/locations")]
pub async fn create_location(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewLocation>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "create stock locations",
    )?;
    let saved =
        service::create_location(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/stock/locations/{}", saved.meta.id),
        ))
        .json(saved.to_wire()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BalanceQuery {
    pub part_id: Option<u64>,
    pub location_id: Option<u64>,
}

/// Stock on hand, reserved and available, per part and location: give
/// `part_id` (where a part is), `location_id` (what a location holds) or
/// both.
#[utoipa::path(path = "/api/stock", tag = "stock", params(BalanceQuery),
    responses((status = 200, body = Page<Balance>), (status = 422, body = ApiProblem)))]
#[get("/stock")]
pub async fn balances(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<BalanceQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let (part, location) = (query.part_id, query.location_id);
    if part.is_none() && location.is_none() {
        return Err(AppError::invalid(
            "part_id",
            "give part_id, location_id or both",
        ));
    }
    let store = state.store.clone();
    let items = web::block(move || balances_of(&store, part, location))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Balances with stock or reservations (empty ones are left out).
pub fn balances_of(
    store: &Store,
    part: Option<u64>,
    location: Option<u64>,
) -> Result<Vec<Balance>, StoreError> {
    let records = match (part, location) {
        (Some(p), Some(l)) => store.balance(p, l)?.into_iter().collect(),
        (Some(p), None) => store.balances_of_part(p)?,
        (None, Some(l)) => store.balances_at(l)?,
        (None, None) => Vec::new(),
    };
    // Serials in one index scan for the whole answer, not one per row.
    let mut serials = match (part, location) {
        (Some(p), _) => store
            .serials_of_part(p)?
            .into_iter()
            .map(|(l, s)| ((p, l), s))
            .collect::<HashMap<_, _>>(),
        (None, Some(l)) => store
            .serials_by_part_at(l)?
            .into_iter()
            .map(|(p, s)| ((p, l), s))
            .collect(),
        (None, None) => HashMap::new(),
    };
    Ok(records
        .into_iter()
        .filter(|b| b.on_hand > 0 || b.reserved() > 0)
        .map(|b| {
            let here = serials
                .remove(&(b.part_id, b.location_id))
                .unwrap_or_default();
            b.to_wire(here)
        })
        .collect())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MovementQuery {
    pub part_id: Option<u64>,
    /// Movements from or to this location.
    pub location_id: Option<u64>,
    pub work_order_id: Option<u64>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Movements, newest first, filtered by part, location and work order.
#[utoipa::path(path = "/api/stock/movements", tag = "stock", params(MovementQuery),
    responses((status = 200, body = Page<Movement>), (status = 422, body = ApiProblem)))]
#[get("/stock/movements")]
pub async fn list_movements(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<MovementQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let filter = MovementFilter {
        part_id: query.part_id,
        location_id: query.location_id,
        work_order_id: query.work_order_id,
    };
    let store = state.store.clone();
    let (items, next) = web::block(move || store.movements(filter, cursor, limit))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(|m| m.to_wire()).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Reads a movement body, refusing quantities that are not whole numbers
/// of at least 1 by name (serde alone would not say which field).
fn parse_movement(body: serde_json::Value) -> Result<NewMovement, AppError> {
    if !body.is_object() {
        return Err(AppError::invalid("kind", "send a JSON object"));
    }
    for (field, min) in [("quantity", 1i64), ("delta", i64::MIN)] {
        match body.get(field) {
            None | Some(serde_json::Value::Null) => {}
            Some(v) => match v.as_i64() {
                Some(n) if n >= min && n <= i64::from(u32::MAX) => {}
                Some(_) if field == "quantity" => {
                    return Err(AppError::invalid(
                        field,
                        "must be a whole number from 1 to 1,000,000",
                    ))
                }
                _ => return Err(AppError::invalid(field, "must be a whole number")),
            },
        }
    }
    if let Some(kind) = body.get("kind").filter(|k| !k.is_null()) {
        if kind
            .as_str()
            .and_then(servicebook_shared::stock::MovementKind::parse)
            .is_none()
        {
            return Err(AppError::invalid(
                "kind",
                "must be one of receive, transfer, reserve, release, issue, consume, return_good, return_faulty, out_to_vendor, adjust",
            ));
        }
    }
    serde_json::from_value::<NewMovement>(body).map_err(|e| {
        let message = e.to_string();
        match field_of(&message) {
            Some(field) => AppError::invalid(field, message.clone()),
            None => AppError::new(
                422,
                servicebook_shared::ProblemCode::Invalid,
                "Invalid input",
                message,
            ),
        }
    })
}

/// Record a movement of stock (one body, its `kind` says which). Stock
/// never goes below zero: a movement that would take more than is
/// available gets 409 `insufficient-stock`; a serial that is not at the
/// source 409 `serial-not-here`; a received serial already in stock 409
/// `serial-in-stock`.
#[utoipa::path(path = "/api/stock/movements", tag = "stock", request_body = NewMovement,
    responses((status = 201, body = Movement), (status = 403, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/stock/movements")]
pub async fn create_movement(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let input = parse_movement(body.into_inner())?;
    let saved = service::move_stock(&state.store, &session.caller(), input).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/stock/movements/{}", saved.meta.id),
        ))
        .json(saved.to_wire()))
}

/// Every movement replayed and compared with the kept balances (an
/// integrity check for the store keeper; mismatches should never happen).
#[utoipa::path(path = "/api/stock/check", tag = "stock",
    responses((status = 200, body = StockCheck), (status = 403, body = ApiProblem)))]
#[get("/stock/check")]
pub async fn check(state: web::Data<AppState>, session: Session) -> Result<HttpResponse, AppError> {
    session.allow(permissions::manage_parts(session.who()), "check stock")?;
    let store = state.store.clone();
    let report = web::block(move || service::check(&store))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(report))
}
