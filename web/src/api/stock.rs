//! Stock: locations, balances, movements and the reorder list.

use serde::Serialize;
use servicebook_shared::stock::{
    Balance, Location, MarkOrdered, Movement, NewLocation, NewMovement, ReorderLine,
};
use servicebook_shared::{ApiProblem, Page};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LocationQuery {
    pub engineer_id: Option<u64>,
}

pub async fn locations(q: &LocationQuery) -> Result<Vec<Location>, ApiProblem> {
    let page: Page<Location> = super::get(&super::with_query("/api/stock/locations", q)).await?;
    Ok(page.items)
}

pub async fn create_location(body: &NewLocation) -> Result<Location, ApiProblem> {
    super::post("/api/stock/locations", body).await
}

/// `GET /api/stock`: give a part, a location or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BalanceQuery {
    pub part_id: Option<u64>,
    pub location_id: Option<u64>,
}

pub async fn balances(q: &BalanceQuery) -> Result<Vec<Balance>, ApiProblem> {
    let page: Page<Balance> = super::get(&super::with_query("/api/stock", q)).await?;
    Ok(page.items)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MovementQuery {
    pub part_id: Option<u64>,
    pub location_id: Option<u64>,
    pub work_order_id: Option<u64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn movements(q: &MovementQuery) -> Result<Page<Movement>, ApiProblem> {
    super::get(&super::with_query("/api/stock/movements", q)).await
}

pub async fn record(body: &NewMovement) -> Result<Movement, ApiProblem> {
    super::post("/api/stock/movements", body).await
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReorderQuery {
    pub location_id: Option<u64>,
    pub lang: Option<String>,
}

pub async fn reorder(q: &ReorderQuery) -> Result<Vec<ReorderLine>, ApiProblem> {
    let page: Page<ReorderLine> = super::get(&super::with_query("/api/stock/reorder", q)).await?;
    Ok(page.items)
}

pub async fn refresh_reorder() -> Result<Page<ReorderLine>, ApiProblem> {
    super::post_empty("/api/stock/reorder/refresh").await
}

pub async fn mark_ordered(id: u64, version: u64) -> Result<Option<ReorderLine>, ApiProblem> {
    super::post(
        &format!("/api/stock/reorder/{id}/ordered"),
        &MarkOrdered { version },
    )
    .await
}

/// The reorder list's CSV file, for a download link.
pub fn reorder_csv_url(q: &ReorderQuery) -> String {
    super::with_query("/api/stock/reorder.csv", q)
}

/// The reorder list's XLSX workbook, for a download link.
pub fn reorder_xlsx_url(q: &ReorderQuery) -> String {
    super::with_query("/api/stock/reorder.xlsx", q)
}
