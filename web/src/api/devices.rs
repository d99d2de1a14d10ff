//! Devices, the serial-number lookup and device labels.

use serde::Serialize;
use servicebook_shared::devices::{Device, DeviceLookup, DevicePatch, NewDevice};
use servicebook_shared::{ApiProblem, Page};

/// `GET /api/devices` filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeviceQuery {
    pub customer_id: Option<u64>,
    /// Part of the model (any case).
    pub model: Option<String>,
    /// Only devices whose free warranty ends within this many days from
    /// today (and has not ended yet).
    pub warranty_ending_within_days: Option<u32>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn list(q: &DeviceQuery) -> Result<Page<Device>, ApiProblem> {
    super::get(&super::with_query("/api/devices", q)).await
}

/// Every device of one customer, all pages.
pub async fn all_of_customer(customer_id: u64) -> Result<Vec<Device>, ApiProblem> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = list(&DeviceQuery {
            customer_id: Some(customer_id),
            limit: Some(500),
            cursor,
            ..Default::default()
        })
        .await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(out)
}

pub async fn get(id: u64) -> Result<Device, ApiProblem> {
    super::get(&format!("/api/devices/{id}")).await
}

pub async fn create(body: &NewDevice) -> Result<Device, ApiProblem> {
    super::post("/api/devices", body).await
}

pub async fn update(id: u64, body: &DevicePatch) -> Result<Device, ApiProblem> {
    super::patch(&format!("/api/devices/{id}"), body).await
}

#[derive(Serialize)]
struct LookupQuery<'a> {
    serial: &'a str,
    product: Option<&'a str>,
}

/// `GET /api/devices/lookup`: a serial (and the product line, when the
/// serial exists in several) → the device, its owner, warranty, contracts.
pub async fn lookup(serial: &str, product: Option<&str>) -> Result<DeviceLookup, ApiProblem> {
    super::get(&super::with_query(
        "/api/devices/lookup",
        &LookupQuery { serial, product },
    ))
    .await
}

/// The QR code image of a device's label.
pub fn qr_url(id: u64) -> String {
    format!("/api/devices/{id}/qr.svg")
}
