//! Stock: locations, movements (the only way stock changes), balances per
//! part and location, and the reorder list with its CSV export. Everyone
//! signed in reads; who may record which movement is decided per movement
//! by `permissions::move_stock` inside the write.

use super::paging;
use super::session::Session;
use crate::app::AppState;
use crate::error::{field_of, AppError};
use crate::service::stock as service;
use crate::store::{LocationRecord, MovementFilter, PartRecord, ReorderRecord, Store, StoreError};
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use servicebook_shared::permissions;
use servicebook_shared::stock::{
    Balance, Location, LocationKind, MarkOrdered, Movement, NewLocation, NewMovement, ReorderLine,
    ReorderState, StockCheck,
};
use servicebook_shared::{ApiProblem, Page};
use std::collections::HashMap;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(balances)
        .service(list_locations)
        .service(create_location)
        .service(list_movements)
        .service(create_movement)
        .service(reorder_list)
        .service(reorder_csv)
        .service(reorder_xlsx_file)
        .service(refresh_reorder)
        .service(mark_ordered)
        .service(check);
}

fn may_read(session: &Session) -> Result<(), AppError> {
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
                        "must be a whole number of at least 1",
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReorderQuery {
    /// Only this location's lines.
    pub location_id: Option<u64>,
    /// `zh-CN` for Chinese column headers and names (CSV only).
    pub lang: Option<String>,
}

/// The open and ordered suggestions with their parts and locations.
fn reorder_lines(store: &Store, location: Option<u64>) -> Result<Vec<ReorderLine>, StoreError> {
    let mut records: Vec<ReorderRecord> = store.reorders_in(ReorderState::Open)?;
    records.extend(store.reorders_in(ReorderState::Ordered)?);
    records.retain(|r| location.is_none_or(|l| r.location_id == l));
    let names: HashMap<u64, String> = store
        .locations()?
        .into_iter()
        .map(|l| (l.meta.id, l.name))
        .collect();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let Some(part) = store.get::<PartRecord>(r.part_id)? else {
            continue;
        };
        out.push(ReorderLine {
            id: r.meta.id,
            version: r.meta.version,
            created_at: r.meta.created_at,
            updated_at: r.meta.updated_at,
            part_id: r.part_id,
            part_number: part.part_number,
            part_name_zh: part.name_zh,
            part_name_en: part.name_en,
            unit: part.unit,
            supplier: part.supplier,
            location_id: r.location_id,
            location_name: names.get(&r.location_id).cloned().unwrap_or_default(),
            state: r.state,
            available: r.available,
            point: r.point,
            reorder_quantity: r.reorder_quantity,
            suggested: r.suggested,
        });
    }
    out.sort_by(|a, b| {
        (a.location_name.as_str(), a.part_number.as_str())
            .cmp(&(b.location_name.as_str(), b.part_number.as_str()))
    });
    Ok(out)
}

/// Parts at or below their reorder point, per location, with the quantity
/// to order (open first-time suggestions and those already ordered).
#[utoipa::path(path = "/api/stock/reorder", tag = "stock", params(ReorderQuery),
    responses((status = 200, body = Page<ReorderLine>)))]
#[get("/stock/reorder")]
pub async fn reorder_list(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ReorderQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let store = state.store.clone();
    let location = query.location_id;
    let items = web::block(move || reorder_lines(&store, location))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// A cell a spreadsheet will not read as a formula (`=`, `+`, `-`, `@`).
fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// The column headers of the reorder list's exports.
fn reorder_headers(zh: bool) -> [&'static str; 10] {
    if zh {
        [
            "备件编号",
            "名称",
            "库位",
            "可用",
            "订货点",
            "订货量",
            "建议订货",
            "单位",
            "供应商",
            "状态",
        ]
    } else {
        [
            "Part number",
            "Name",
            "Location",
            "Available",
            "Reorder point",
            "Reorder quantity",
            "Suggested",
            "Unit",
            "Supplier",
            "State",
        ]
    }
}

/// One line's cells as text, in the headers' order.
fn reorder_cells(l: &ReorderLine, zh: bool) -> [String; 10] {
    let (first, second) = if zh {
        (&l.part_name_zh, &l.part_name_en)
    } else {
        (&l.part_name_en, &l.part_name_zh)
    };
    let name = if first.is_empty() { second } else { first };
    let state = match (l.state, zh) {
        (ReorderState::Open, true) => "待订货",
        (ReorderState::Ordered, true) => "已订货",
        (ReorderState::Closed, true) => "已关闭",
        (ReorderState::Open, false) => "open",
        (ReorderState::Ordered, false) => "ordered",
        (ReorderState::Closed, false) => "closed",
    };
    [
        safe_cell(&l.part_number),
        safe_cell(name),
        safe_cell(&l.location_name),
        l.available.to_string(),
        l.point.to_string(),
        l.reorder_quantity.to_string(),
        l.suggested.to_string(),
        safe_cell(&l.unit),
        safe_cell(&l.supplier),
        state.to_owned(),
    ]
}

/// The reorder list as CSV (UTF-8 with a BOM so Excel reads Chinese).
pub fn reorder_csv_text(lines: &[ReorderLine], zh: bool) -> Result<Vec<u8>, AppError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    let fail = |e: csv::Error| AppError::internal(e);
    out.write_record(reorder_headers(zh)).map_err(fail)?;
    for l in lines {
        out.write_record(reorder_cells(l, zh)).map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal(e.to_string()))
}

/// How wide a text shows in a spreadsheet, in character widths: Chinese
/// characters take two (rust_xlsxwriter's autofit counts them as one and
/// cuts Chinese columns in half, so widths are set here).
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{2e80}' { 2 } else { 1 }).sum()
}

/// The reorder list as an XLSX workbook: numbers as numbers, a bold
/// header row that stays in view, columns as wide as their text.
pub fn reorder_xlsx(lines: &[ReorderLine], zh: bool) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(if zh { "订货清单" } else { "Reorder list" })
        .map_err(fail)?;
    let bold = Format::new().set_bold();
    let headers = reorder_headers(zh);
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (r, l) in lines.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in reorder_cells(l, zh).iter().enumerate() {
            widths[c] = widths[c].max(display_width(cell));
            if (3..=6).contains(&c) {
                let n: f64 = cell.parse().unwrap_or(0.0);
                sheet.write_number(row, c as u16, n).map_err(fail)?;
            } else {
                sheet.write_string(row, c as u16, cell).map_err(fail)?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

/// The reorder list as an XLSX file (the same columns as the CSV);
/// `lang=zh-CN` gives Chinese headers and names.
#[utoipa::path(path = "/api/stock/reorder.xlsx", tag = "stock", params(ReorderQuery),
    responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
#[get("/stock/reorder.xlsx")]
pub async fn reorder_xlsx_file(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ReorderQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let zh = query
        .lang
        .as_deref()
        .is_some_and(|l| l.to_lowercase().starts_with("zh"));
    let store = state.store.clone();
    let location = query.location_id;
    let bytes = web::block(move || -> Result<Vec<u8>, AppError> {
        reorder_xlsx(&reorder_lines(&store, location)?, zh)
    })
    .await
    .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"reorder.xlsx\"",
        ))
        .body(bytes))
}

/// The reorder list as a CSV file; `lang=zh-CN` gives Chinese headers.
#[utoipa::path(path = "/api/stock/reorder.csv", tag = "stock", params(ReorderQuery),
    responses((status = 200, description = "CSV file", content_type = "text/csv")))]
#[get("/stock/reorder.csv")]
pub async fn reorder_csv(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<ReorderQuery>,
) -> Result<HttpResponse, AppError> {
    may_read(&session)?;
    let zh = query
        .lang
        .as_deref()
        .is_some_and(|l| l.to_lowercase().starts_with("zh"));
    let store = state.store.clone();
    let location = query.location_id;
    let lines = web::block(move || reorder_lines(&store, location))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"reorder.csv\"",
        ))
        .body(reorder_csv_text(&lines, zh)?))
}

/// Recompute every suggestion from the parts' rules and the stock now
/// (never duplicates one).
#[utoipa::path(path = "/api/stock/reorder/refresh", tag = "stock",
    responses((status = 200, body = Page<ReorderLine>), (status = 403, body = ApiProblem)))]
#[post("/stock/reorder/refresh")]
pub async fn refresh_reorder(
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "refresh the reorder list",
    )?;
    service::refresh_reorders(&state.store, &session.caller()).await?;
    let store = state.store.clone();
    let items = web::block(move || reorder_lines(&store, None))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Mark a suggestion ordered (at its `version`).
#[utoipa::path(path = "/api/stock/reorder/{id}/ordered", tag = "stock", request_body = MarkOrdered,
    responses((status = 200, description = "The suggestion, now ordered"), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/stock/reorder/{id}/ordered")]
pub async fn mark_ordered(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    body: web::Json<MarkOrdered>,
) -> Result<HttpResponse, AppError> {
    session.allow(
        permissions::manage_parts(session.who()),
        "mark reorders as ordered",
    )?;
    let saved = service::mark_ordered(
        &state.store,
        &session.caller(),
        id.into_inner(),
        body.version,
    )
    .await?;
    let store = state.store.clone();
    let line = web::block(move || reorder_lines(&store, Some(saved.location_id)))
        .await
        .map_err(AppError::internal)??
        .into_iter()
        .find(|l| l.id == saved.meta.id);
    Ok(HttpResponse::Ok().json(line))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: &str, zh: &str) -> ReorderLine {
        let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        ReorderLine {
            id: 1,
            version: 1,
            created_at: epoch,
            updated_at: epoch,
            part_id: 2,
            part_number: number.into(),
            part_name_zh: zh.into(),
            part_name_en: "Toner, black".into(),
            unit: "个".into(),
            supplier: "惠普".into(),
            location_id: 3,
            location_name: "主仓库".into(),
            state: ReorderState::Open,
            available: 1,
            point: 2,
            reorder_quantity: 5,
            suggested: 6,
        }
    }

    #[test]
    fn the_csv_quotes_and_defuses_formulas() {
        let text = reorder_csv_text(&[line("=CMD()", "硒鼓")], false).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            rows[1],
            "'=CMD(),\"Toner, black\",主仓库,1,2,5,6,个,惠普,open"
        );
    }

    #[test]
    fn the_workbook_is_a_zip_and_chinese_columns_are_wide_enough() {
        let bytes = reorder_xlsx(&[line("CE285A", "惠普八十五A黑色硒鼓")], true).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(display_width("硒鼓"), 4);
        assert_eq!(display_width("CE285A"), 6);
    }
}
