//! Devices (whoever `permissions::edit_devices` allows edits; everyone
//! signed in reads, lists and looks up serial numbers).

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::archive as rules;
use crate::domain::labels;
use crate::error::AppError;
use crate::service::devices as service;
use crate::service::settings as firm;
use crate::store::{ContractRecord, CustomerRecord, DeviceRecord};
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::coverage::warranty;
use servicebook_shared::devices::{normalise_serial, Device, DeviceLookup, DevicePatch, NewDevice};
use servicebook_shared::permissions;
use servicebook_shared::ProblemCode;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // The lookup before `/devices/{id}`, which would otherwise claim it.
    cfg.service(lookup)
        .service(list)
        .service(create)
        .service(qr_code)
        .service(get_one)
        .service(update);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeviceQuery {
    /// Only the devices of this customer.
    pub customer_id: Option<u64>,
    /// Only devices whose model contains this text (any case), e.g. `r740`.
    pub model: Option<String>,
    /// Only devices whose warranty ends between today and this many days
    /// from today (the firm's calendar day; 0 is today only; at most 3660).
    pub warranty_ending_within_days: Option<u32>,
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Devices in id order, filtered by customer, model and warranty end, a
/// page at a time.
#[utoipa::path(path = "/api/devices", tag = "devices", params(DeviceQuery), responses((status = 200, body = Page<Device>), (status = 422, body = ApiProblem)))]
#[get("/devices")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<DeviceQuery>,
) -> Result<HttpResponse, AppError> {
    let (items, next) = list_page(&state, &query)?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(DeviceRecord::to_wire).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// One page of devices as `query` asks, and the next page's cursor.
pub(crate) fn list_page(
    state: &AppState,
    query: &DeviceQuery,
) -> Result<(Vec<DeviceRecord>, Option<u64>), AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let model = query
        .model
        .as_deref()
        .map(|m| m.trim().to_lowercase())
        .filter(|m| !m.is_empty());
    if model.as_ref().is_some_and(|m| m.chars().count() > 100) {
        return Err(AppError::invalid("model", "must be at most 100 characters"));
    }
    let warranty = match query.warranty_ending_within_days {
        Some(days) if days > 3660 => {
            return Err(AppError::invalid(
                "warranty_ending_within_days",
                "must be at most 3660",
            ))
        }
        Some(days) => {
            let today = firm::today(&state.store)?;
            Some((today, today + chrono::Duration::days(days.into())))
        }
        None => None,
    };
    let keep = |d: &DeviceRecord| {
        query.customer_id.is_none_or(|c| d.customer_id == c)
            && model
                .as_deref()
                .is_none_or(|m| d.model.to_lowercase().contains(m))
            && warranty
                .is_none_or(|(from, to)| d.warranty_end.is_some_and(|end| from <= end && end <= to))
    };
    let (items, next) = match query.customer_id {
        // One customer's devices: few, from its index.
        Some(customer) => {
            let mut rest: Vec<DeviceRecord> = state
                .store
                .devices_of_customer(customer)?
                .into_iter()
                .filter(|d| cursor.is_none_or(|c| d.meta.id > c) && keep(d))
                .collect();
            rest.sort_by_key(|d| d.meta.id);
            let next = (rest.len() > limit).then(|| rest[limit - 1].meta.id);
            rest.truncate(limit);
            (rest, next)
        }
        None => state
            .store
            .list_where::<DeviceRecord>(cursor, limit, keep)?,
    };
    Ok((items, next))
}

/// Add a device to a customer's archive. Without a warranty end, it is the
/// install date plus 12 months.
#[utoipa::path(path = "/api/devices", tag = "devices", request_body = NewDevice,
    responses((status = 201, body = Device), (status = 403, body = ApiProblem), (status = 409, description = "The serial is already used in this product line", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/devices")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewDevice>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::edit_devices(session.who()), "edit devices")?;
    let saved = service::create_device(&state.store, &session.caller(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/devices/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

fn load(state: &AppState, id: u64) -> Result<DeviceRecord, AppError> {
    state
        .store
        .get::<DeviceRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no device with id {id}.")))
}

/// The QR code printed on a device's label: it opens the device's page in
/// the app (`--public-url`, else the address this request came to).
#[utoipa::path(path = "/api/devices/{id}/qr.svg", tag = "devices",
    responses((status = 200, description = "SVG image", content_type = "image/svg+xml"), (status = 404, body = ApiProblem)))]
#[get("/devices/{id}/qr.svg")]
pub async fn qr_code(
    state: web::Data<AppState>,
    _session: Session,
    req: actix_web::HttpRequest,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let device = load(&state, id.into_inner())?;
    let base = match &state.public_url {
        Some(url) => url.clone(),
        None => {
            let info = req.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    };
    let svg = labels::qr_svg(&labels::device_url(&base, device.meta.id))
        .map_err(AppError::bad_request)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, max-age=86400"))
        .body(svg))
}

/// One device.
#[utoipa::path(path = "/api/devices/{id}", tag = "devices", responses((status = 200, body = Device), (status = 404, body = ApiProblem)))]
#[get("/devices/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, id.into_inner())?.to_wire()))
}

/// Change a device (send the `version` you read: a stale one gets 409, a
/// missing one 422).
#[utoipa::path(path = "/api/devices/{id}", tag = "devices", request_body = DevicePatch,
    responses((status = 200, body = Device), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/devices/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<DevicePatch>,
) -> Result<HttpResponse, AppError> {
    session.allow(permissions::edit_devices(session.who()), "edit devices")?;
    let saved = service::update_device(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// The serial number (any case).
    pub serial: String,
    /// The product line, when the serial exists in several.
    pub product: Option<String>,
}

/// Who owns the device with this serial, whether it is in warranty, and
/// which contracts cover it today with what they promise.
#[utoipa::path(path = "/api/devices/lookup", tag = "devices", params(LookupQuery),
    responses((status = 200, body = DeviceLookup), (status = 404, body = ApiProblem), (status = 409, description = "The serial exists in several product lines: give `product`", body = ApiProblem)))]
#[get("/devices/lookup")]
pub async fn lookup(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<LookupQuery>,
) -> Result<HttpResponse, AppError> {
    let serial = normalise_serial(&query.serial);
    if serial.is_empty() {
        return Err(AppError::invalid("serial", "give a serial number"));
    }
    let mut found = state.store.devices_by_serial(&serial)?;
    if let Some(p) = query
        .product
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        found.retain(|d| d.product.eq_ignore_ascii_case(p));
    }
    let device = match found.len() {
        0 => {
            return Err(AppError::not_found(format!(
                "No device has the serial number {serial}."
            )))
        }
        1 => found.remove(0),
        _ => {
            let lines: Vec<&str> = found.iter().map(|d| d.product.as_str()).collect();
            return Err(AppError::new(
                409,
                ProblemCode::AmbiguousSerial,
                "Several devices",
                format!(
                    "The serial {serial} exists in several product lines ({}); give product too.",
                    lines.join(", ")
                ),
            ));
        }
    };
    let customer = state
        .store
        .get::<CustomerRecord>(device.customer_id)?
        .ok_or_else(|| AppError::internal("device without customer"))?;
    let today = firm::today(&state.store)?;
    let contracts = state.store.contracts_of_device(device.meta.id)?;
    let covering: Vec<_> = rules::covering(&contracts, today)
        .into_iter()
        .map(|c: &ContractRecord| c.to_wire(today))
        .collect();
    Ok(HttpResponse::Ok().json(DeviceLookup {
        warranty: warranty(device.warranty_end, today),
        device: device.to_wire(),
        customer: customer.to_wire(),
        contracts: covering,
    }))
}
