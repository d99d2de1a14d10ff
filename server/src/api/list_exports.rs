//! Every list of the app as a CSV or XLSX file: `GET /api/<list>/export`
//! with `format=csv|xlsx`, `lang=zh|en` and exactly the list's own filter
//! parameters. The pages are the list's own (`list_page` of each list's
//! module), read 500 at a time while the file is sent. Whoever may read the
//! list may export it.

use super::export::{self, Cell, Options, Rows, Table};
use super::session::Session;
use super::{contracts, customers, devices, requests, work_orders};
use crate::app::AppState;
use crate::error::AppError;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use servicebook_shared::paging::MAX_LIMIT;
use servicebook_shared::ApiProblem;

/// Before the lists' `/{id}` routes, which would otherwise claim `export`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(requests_export)
        .service(work_orders_export)
        .service(customers_export)
        .service(devices_export)
        .service(contracts_export);
}

/// A value's wire name (`in_progress`), in Chinese when `zh` and known.
pub fn label<T: serde::Serialize>(value: &T, zh: bool) -> String {
    let name = serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if !zh {
        return name.replace('_', " ");
    }
    let cn = match name.as_str() {
        "urgent" => "紧急",
        "important" => "重要",
        "normal" => "一般",
        "contract" => "合同",
        "warranty" => "保修",
        "nothing" => "收费",
        "requested" => "待派工",
        "dispatched" => "已派工",
        "in_progress" => "进行中",
        "extension_requested" => "申请延期",
        "completion_requested" => "申请完工",
        "completed" => "已完成",
        "cancelled" => "已取消",
        "support" => "技术支持",
        "field" => "施工",
        "repair" => "维修",
        "inspection" => "巡检",
        "key" => "大客户",
        "sale" => "商务合同",
        "maintenance" => "维护服务合同",
        "draft" => "草稿",
        "pending" => "未生效",
        "active" => "生效中",
        "expired" => "已到期",
        "terminated" => "已终止",
        "work_order" => "工单",
        "report" => "服务报告",
        _ => return name,
    };
    cn.to_owned()
}

/// A time as the firm's wall clock shows it.
pub fn local_time(t: DateTime<Utc>, offset_minutes: i32) -> String {
    servicebook_shared::coverage::firm_wall_clock(t, offset_minutes)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn date(d: Option<NaiveDate>) -> Cell {
    Cell::opt_text(d.map(|d| d.format("%Y-%m-%d")))
}

fn pick<'a>(zh: bool, cn: &'a [&'a str], en: &'a [&'a str]) -> &'a [&'a str] {
    if zh {
        cn
    } else {
        en
    }
}

/// The firm's offset from UTC, for the files' wall-clock times.
pub fn offset(state: &AppState) -> Result<i32, AppError> {
    Ok(state.store.settings()?.business_hours.utc_offset_minutes)
}

/// Service requests as the board lists them (`GET /api/requests`'s filters).
#[utoipa::path(path = "/api/requests/export", tag = "requests", params(requests::RequestQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 422, body = ApiProblem)))]
#[get("/requests/export")]
pub async fn requests_export(
    state: web::Data<AppState>,
    _session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: requests::RequestQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let headers = pick(
        zh,
        &[
            "编号",
            "受理时间",
            "客户",
            "联系人",
            "设备",
            "故障描述",
            "紧急程度",
            "故障等级",
            "保障",
            "合同",
            "状态",
            "最近到期",
            "受理人",
        ],
        &[
            "Number",
            "Received",
            "Customer",
            "Contact",
            "Device",
            "Description",
            "Urgency",
            "Fault level",
            "Covered by",
            "Contract",
            "State",
            "Next due",
            "Logged by",
        ],
    );
    let table = Table::new(
        "requests",
        if zh { "服务请求" } else { "Requests" },
        headers,
    );
    let settings = state.store.settings()?;
    let tz = settings.business_hours.utc_offset_minutes;
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = requests::list_page(&state, &q)?;
        let mut rows: Rows = Vec::with_capacity(items.len());
        for r in &items {
            let w = requests::wire(&state, r, &settings)?;
            rows.push(vec![
                Cell::text(w.number),
                Cell::text(local_time(w.received_at, tz)),
                Cell::text(w.customer_name),
                Cell::text(w.contact),
                Cell::text(w.device_name),
                Cell::text(w.description),
                Cell::text(label(&w.urgency, zh)),
                Cell::int(w.fault_level),
                Cell::text(label(&w.coverage.covered_by, zh)),
                Cell::opt_text(w.coverage.contract_number),
                Cell::text(match (w.closed, zh) {
                    (true, true) => "已关闭",
                    (false, true) => "处理中",
                    (true, false) => "closed",
                    (false, false) => "open",
                }),
                Cell::opt_text(w.next_due_at.map(|t| local_time(t, tz))),
                Cell::text(w.logged_by),
            ]);
        }
        Ok((rows, next))
    });
    export::respond(opts, table, pages).await
}

/// Work orders (`GET /api/work-orders`'s filters).
#[utoipa::path(path = "/api/work-orders/export", tag = "work orders", params(work_orders::WorkOrderQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 422, body = ApiProblem)))]
#[get("/work-orders/export")]
pub async fn work_orders_export(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: work_orders::WorkOrderQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let me = session.user.meta.id;
    let headers = pick(
        zh,
        &[
            "工单号",
            "创建时间",
            "服务请求",
            "客户",
            "设备",
            "类型",
            "状态",
            "工作内容",
            "工程师",
            "步骤数",
            "收费",
        ],
        &[
            "Number",
            "Created",
            "Request",
            "Customer",
            "Device",
            "Kind",
            "State",
            "Work",
            "Engineers",
            "Steps",
            "Chargeable",
        ],
    );
    let table = Table::new(
        "work-orders",
        if zh { "工单" } else { "Work orders" },
        headers,
    );
    let tz = offset(&state)?;
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = work_orders::list_page(&state, me, &q)?;
        let mut rows: Rows = Vec::with_capacity(items.len());
        for wo in &items {
            let w = work_orders::wire(&state, wo)?;
            rows.push(vec![
                Cell::text(w.number),
                Cell::text(local_time(w.created_at, tz)),
                Cell::text(w.request_number),
                Cell::text(w.customer_name),
                Cell::text(w.device_name),
                Cell::text(label(&w.kind, zh)),
                Cell::text(label(&w.state, zh)),
                Cell::text(w.description),
                Cell::text(w.assignee_names.join(", ")),
                Cell::int(w.steps.len() as i64),
                Cell::text(yes_no(w.chargeable, zh)),
            ]);
        }
        Ok((rows, next))
    });
    export::respond(opts, table, pages).await
}

fn yes_no(b: bool, zh: bool) -> &'static str {
    match (b, zh) {
        (true, true) => "是",
        (false, true) => "否",
        (true, false) => "yes",
        (false, false) => "no",
    }
}

/// Customers (`GET /api/customers`'s filters).
#[utoipa::path(path = "/api/customers/export", tag = "customers", params(customers::CustomerQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 422, body = ApiProblem)))]
#[get("/customers/export")]
pub async fn customers_export(
    state: web::Data<AppState>,
    _session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: customers::CustomerQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let headers = pick(
        zh,
        &[
            "客户名称",
            "行业",
            "级别",
            "主要联系人",
            "电话",
            "邮箱",
            "地点",
            "备注",
        ],
        &[
            "Name",
            "Industry",
            "Tier",
            "Primary contact",
            "Phone",
            "Email",
            "Sites",
            "Notes",
        ],
    );
    let table = Table::new("customers", if zh { "客户" } else { "Customers" }, headers);
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = customers::list_page(&state, &q)?;
        let rows = items
            .iter()
            .map(|c| {
                let contact = c.contacts.iter().find(|k| k.primary).or(c.contacts.first());
                vec![
                    Cell::text(c.name.clone()),
                    Cell::text(c.industry.clone()),
                    Cell::text(label(&c.tier, zh)),
                    Cell::opt_text(contact.map(|k| k.name.clone())),
                    Cell::opt_text(contact.map(|k| k.phone.clone())),
                    Cell::opt_text(contact.map(|k| k.email.clone())),
                    Cell::text(
                        c.sites
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    Cell::text(c.notes.clone()),
                ]
            })
            .collect();
        Ok((rows, next.map(|n| n.to_string())))
    });
    export::respond(opts, table, pages).await
}

/// Devices (`GET /api/devices`'s filters).
#[utoipa::path(path = "/api/devices/export", tag = "devices", params(devices::DeviceQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 422, body = ApiProblem)))]
#[get("/devices/export")]
pub async fn devices_export(
    state: web::Data<AppState>,
    _session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: devices::DeviceQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let headers = pick(
        zh,
        &[
            "客户",
            "地点",
            "产品线",
            "品牌",
            "型号",
            "序列号",
            "资产编号",
            "类别",
            "安装日期",
            "保修截止",
            "备注",
        ],
        &[
            "Customer",
            "Site",
            "Product",
            "Brand",
            "Model",
            "Serial number",
            "Asset tag",
            "Category",
            "Installed",
            "Warranty ends",
            "Notes",
        ],
    );
    let table = Table::new("devices", if zh { "设备" } else { "Devices" }, headers);
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = devices::list_page(&state, &q)?;
        let mut names = std::collections::HashMap::new();
        let mut rows: Rows = Vec::with_capacity(items.len());
        for d in &items {
            let name = customer_name(&state, d.customer_id, &mut names)?;
            rows.push(vec![
                Cell::text(name),
                Cell::text(d.site.clone()),
                Cell::text(d.product.clone()),
                Cell::text(d.brand.clone()),
                Cell::text(d.model.clone()),
                Cell::text(d.serial_number.clone()),
                Cell::text(d.asset_tag.clone()),
                Cell::text(d.category.clone()),
                date(d.install_date),
                date(d.warranty_end),
                Cell::text(d.notes.clone()),
            ]);
        }
        Ok((rows, next.map(|n| n.to_string())))
    });
    export::respond(opts, table, pages).await
}

/// A customer's name, looked up once a page.
fn customer_name(
    state: &AppState,
    id: u64,
    seen: &mut std::collections::HashMap<u64, String>,
) -> Result<String, AppError> {
    if let Some(n) = seen.get(&id) {
        return Ok(n.clone());
    }
    let name = state
        .store
        .get::<crate::store::CustomerRecord>(id)?
        .map(|c| c.name)
        .unwrap_or_default();
    seen.insert(id, name.clone());
    Ok(name)
}

/// Contracts (`GET /api/contracts`'s filters).
#[utoipa::path(path = "/api/contracts/export", tag = "contracts", params(contracts::ContractQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 422, body = ApiProblem)))]
#[get("/contracts/export")]
pub async fn contracts_export(
    state: web::Data<AppState>,
    _session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: contracts::ContractQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let headers = pick(
        zh,
        &[
            "合同编号",
            "类型",
            "客户",
            "开始日期",
            "结束日期",
            "金额",
            "设备数",
            "状态",
            "备注",
        ],
        &[
            "Number", "Kind", "Customer", "Starts", "Ends", "Value", "Devices", "Status", "Notes",
        ],
    );
    let table = Table::new("contracts", if zh { "合同" } else { "Contracts" }, headers);
    let today = crate::service::settings::today(&state.store)?;
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = contracts::list_page(&state, &q, today)?;
        let mut names = std::collections::HashMap::new();
        let mut rows: Rows = Vec::with_capacity(items.len());
        for c in &items {
            let w = c.to_wire(today);
            rows.push(vec![
                Cell::text(w.number),
                Cell::text(label(&w.kind, zh)),
                Cell::text(customer_name(&state, w.customer_id, &mut names)?),
                date(Some(w.start_date)),
                date(Some(w.end_date)),
                Cell::Number(w.value.minor() as f64 / 100.0),
                Cell::int(w.device_ids.len() as i64),
                Cell::text(label(&w.status, zh)),
                Cell::text(w.notes),
            ]);
        }
        Ok((rows, next.map(|n| n.to_string())))
    });
    export::respond(opts, table, pages).await
}

/// The file's parameters, next to the list's own filters.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ExportParams {
    /// `csv` (default; UTF-8 with a BOM) or `xlsx`.
    pub format: Option<String>,
    /// `zh` (Chinese headers) or `en` (default).
    pub lang: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use servicebook_shared::work_orders::WoState;

    #[test]
    fn labels_read_in_either_language() {
        assert_eq!(label(&WoState::InProgress, true), "进行中");
        assert_eq!(label(&WoState::InProgress, false), "in progress");
        let t = DateTime::parse_from_rfc3339("2026-12-03T01:30:00Z").unwrap();
        assert_eq!(local_time(t.with_timezone(&Utc), 480), "2026-12-03 09:30");
    }
}
