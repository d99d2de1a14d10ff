//! Contracts (sales and managers edit; everyone signed in reads).

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::domain::archive as rules;
use crate::error::AppError;
use crate::store::{abort, ContractRecord, CustomerRecord, DeviceRecord, Rejection, StoreError};
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::contracts::{Contract, ContractKind, ContractPatch, NewContract};
use servicebook_shared::coverage::{contract_status, ContractStatus};
use servicebook_shared::users::{FieldErrors, Role};
use servicebook_shared::ProblemCode;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update);
}

pub const EDITORS: &[Role] = &[Role::Sales, Role::Manager];

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ContractQuery {
    pub kind: Option<ContractKind>,
    pub status: Option<ContractStatus>,
    pub customer_id: Option<u64>,
    /// Only contracts that end within this many days from today (e.g. 30),
    /// soonest first.
    pub expiring_days: Option<u32>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// Contracts, filtered; `expiring_days` lists those that end soon.
#[utoipa::path(path = "/api/contracts", tag = "contracts", params(ContractQuery), responses((status = 200, body = Page<Contract>)))]
#[get("/contracts")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<ContractQuery>,
) -> Result<HttpResponse, AppError> {
    let (limit, cursor) = paging::params(query.limit, query.cursor.as_deref())?;
    let today = rules::today();
    let keep = |c: &ContractRecord| {
        query.kind.is_none_or(|k| c.kind == k)
            && query.customer_id.is_none_or(|id| c.customer_id == id)
            && query.status.is_none_or(|s| {
                contract_status(c.draft, c.terminated_on, c.start_date, c.end_date, today) == s
            })
    };
    let (items, next) = if let Some(days) = query.expiring_days {
        if days > 3660 {
            return Err(AppError::invalid("expiring_days", "must be at most 3660"));
        }
        let until = today + chrono::Duration::days(days.into());
        let ending: Vec<ContractRecord> = state
            .store
            .contracts_ending(today, until)?
            .into_iter()
            .filter(|c| keep(c) && !c.draft && c.terminated_on.is_none())
            .collect();
        // Soonest first: the cursor is the position in that order.
        let start = cursor.unwrap_or(0) as usize;
        let page: Vec<ContractRecord> = ending.iter().skip(start).take(limit).cloned().collect();
        let next = (ending.len() > start + limit).then_some((start + limit) as u64);
        (page, next)
    } else if let Some(customer) = query.customer_id {
        let all: Vec<ContractRecord> = state
            .store
            .contracts_of_customer(customer)?
            .into_iter()
            .filter(|c| keep(c) && cursor.is_none_or(|k| c.meta.id > k))
            .collect();
        let next = (all.len() > limit).then(|| all[limit - 1].meta.id);
        (all.into_iter().take(limit).collect(), next)
    } else {
        state
            .store
            .list_where::<ContractRecord>(cursor, limit, keep)?
    };
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(|c| c.to_wire(today)).collect::<Vec<_>>(),
        next_cursor: paging::cursor(next),
    }))
}

/// Inside the write: the customer exists and every device is still its own.
fn recheck(
    tx: &crate::store::Tx,
    customer_id: u64,
    device_ids: &[u64],
) -> crate::store::TxResult<()> {
    tx.require::<CustomerRecord>(customer_id)?;
    let mut devices = Vec::new();
    for id in device_ids {
        devices.push(tx.get::<DeviceRecord>(*id)?);
    }
    let mut e = FieldErrors::new();
    rules::check_devices(device_ids, customer_id, &devices, &mut e);
    if e.is_empty() {
        Ok(())
    } else {
        abort(StoreError::Rejected(Rejection {
            status: 422,
            code: ProblemCode::Invalid,
            message: "A device changed meanwhile.".into(),
            fields: e,
        }))
    }
}

fn devices(state: &AppState, ids: &[u64]) -> Result<Vec<Option<DeviceRecord>>, AppError> {
    ids.iter()
        .map(|id| state.store.get::<DeviceRecord>(*id).map_err(AppError::from))
        .collect()
}

/// Create a contract.
#[utoipa::path(path = "/api/contracts", tag = "contracts", request_body = NewContract,
    responses((status = 201, body = Contract), (status = 409, description = "The number is taken", body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/contracts")]
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    body: web::Json<NewContract>,
) -> Result<HttpResponse, AppError> {
    session.require(EDITORS)?;
    let input = body.into_inner();
    if state
        .store
        .get::<CustomerRecord>(input.customer_id)?
        .is_none()
    {
        return Err(AppError::invalid(
            "customer_id",
            format!("there is no customer {}", input.customer_id),
        ));
    }
    super::customers::check_owner(&state, input.sales_owner_id)?;
    let found = devices(&state, &input.device_ids)?;
    let record = rules::new_contract(input, &found).map_err(AppError::fields)?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| {
            recheck(tx, record.customer_id, &record.device_ids)?;
            give_sale_warranty(tx, &record, &actor)?;
            tx.insert_audited(record.clone(), &actor)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/contracts/{}", saved.meta.id)))
        .json(saved.to_wire(rules::today())))
}

/// A sale contract's free warranty months reach the devices it lists
/// (those whose warranty end was not set by hand), in the same write.
fn give_sale_warranty(
    tx: &crate::store::Tx<'_>,
    contract: &ContractRecord,
    actor: &crate::store::Actor,
) -> crate::store::TxResult<()> {
    if contract.kind != servicebook_shared::contracts::ContractKind::Sale || contract.draft {
        return Ok(());
    }
    for id in &contract.device_ids {
        let device: DeviceRecord = tx.require(*id)?;
        if let Some(next) = rules::sale_warranty(&device, contract.warranty_months) {
            let v = device.meta.version;
            tx.update_audited(next, v, actor, "warranty")?;
        }
    }
    Ok(())
}

fn load(state: &AppState, id: u64) -> Result<ContractRecord, AppError> {
    state
        .store
        .get::<ContractRecord>(id)?
        .ok_or_else(|| AppError::not_found(format!("There is no contract with id {id}.")))
}

/// One contract, with its status today.
#[utoipa::path(path = "/api/contracts/{id}", tag = "contracts", responses((status = 200, body = Contract), (status = 404, body = ApiProblem)))]
#[get("/contracts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, id.into_inner())?.to_wire(rules::today())))
}

/// Change a contract (send its `version`).
#[utoipa::path(path = "/api/contracts/{id}", tag = "contracts", request_body = ContractPatch,
    responses((status = 200, body = Contract), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[patch("/contracts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<ContractPatch>,
) -> Result<HttpResponse, AppError> {
    session.require(EDITORS)?;
    let current = load(&state, id.into_inner())?;
    let patch = body.into_inner();
    let found = devices(&state, patch.device_ids.as_deref().unwrap_or_default())?;
    let next = rules::patch_contract(&current, &patch, &found).map_err(AppError::fields)?;
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| {
            recheck(tx, next.customer_id, &next.device_ids)?;
            give_sale_warranty(tx, &next, &actor)?;
            tx.update_audited(next.clone(), patch.version, &actor, "update")
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved.to_wire(rules::today())))
}
