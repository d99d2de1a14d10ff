//! The customers' voice as files: the complaint and survey lists as CSV or
//! XLSX (`GET /api/complaints/export`, `GET /api/surveys/export`), with the
//! lists' own filters and exactly their rows (each list's `list_page`, read
//! 500 at a time while the file is sent). Whoever reads the list reads the
//! file: an engineer's file holds only what their list shows them.

use super::export::{self, Cell, Options, Rows, Table};
use super::list_exports::{local_time, offset, ExportParams};
use super::session::Session;
use super::{complaints, surveys};
use crate::app::AppState;
use crate::error::AppError;
use actix_web::{get, web, HttpRequest, HttpResponse};
use servicebook_shared::complaints::{ComplaintOutcome, ComplaintSource, ComplaintState};
use servicebook_shared::paging::MAX_LIMIT;
use servicebook_shared::surveys::SurveyState;
use servicebook_shared::ApiProblem;

/// Before the lists' `/{id}` routes, which would otherwise claim `export`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(complaints_export).service(surveys_export);
}

fn source(s: ComplaintSource, zh: bool) -> &'static str {
    match (s, zh) {
        (ComplaintSource::Phone, true) => "电话",
        (ComplaintSource::Email, true) => "邮件",
        (ComplaintSource::Survey, true) => "满意度调查",
        (ComplaintSource::Sales, true) => "销售反馈",
        (ComplaintSource::Other, true) => "其他",
        (ComplaintSource::Phone, false) => "phone",
        (ComplaintSource::Email, false) => "e-mail",
        (ComplaintSource::Survey, false) => "survey",
        (ComplaintSource::Sales, false) => "sales",
        (ComplaintSource::Other, false) => "other",
    }
}

fn complaint_state(s: ComplaintState, zh: bool) -> &'static str {
    match (s, zh) {
        (ComplaintState::Open, true) => "待受理",
        (ComplaintState::Acknowledged, true) => "处理中",
        (ComplaintState::Closed, true) => "已结案",
        (ComplaintState::Open, false) => "open",
        (ComplaintState::Acknowledged, false) => "acknowledged",
        (ComplaintState::Closed, false) => "closed",
    }
}

fn outcome(o: Option<ComplaintOutcome>, zh: bool) -> &'static str {
    match (o, zh) {
        (None, _) => "",
        (Some(ComplaintOutcome::Upheld), true) => "属实",
        (Some(ComplaintOutcome::PartlyUpheld), true) => "部分属实",
        (Some(ComplaintOutcome::NotUpheld), true) => "不属实",
        (Some(ComplaintOutcome::Upheld), false) => "upheld",
        (Some(ComplaintOutcome::PartlyUpheld), false) => "partly upheld",
        (Some(ComplaintOutcome::NotUpheld), false) => "not upheld",
    }
}

fn survey_state(s: SurveyState, zh: bool) -> &'static str {
    match (s, zh) {
        (SurveyState::ToSend, true) => "待发送",
        (SurveyState::Sent, true) => "已发送",
        (SurveyState::Answered, true) => "已回复",
        (SurveyState::Expired, true) => "已过期",
        (SurveyState::NotSent, true) => "不发送",
        (SurveyState::ToSend, false) => "to send",
        (SurveyState::Sent, false) => "sent",
        (SurveyState::Answered, false) => "answered",
        (SurveyState::Expired, false) => "expired",
        (SurveyState::NotSent, false) => "not sent",
    }
}

/// Complaints (`GET /api/complaints`'s filters).
#[utoipa::path(path = "/api/complaints/export", tag = "complaints", params(complaints::ComplaintQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/complaints/export")]
pub async fn complaints_export(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: complaints::ComplaintQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let headers: &[&str] = if zh {
        &[
            "编号",
            "收到时间",
            "来源",
            "客户",
            "服务请求",
            "工单",
            "涉及人员",
            "投诉内容",
            "状态",
            "受理时间",
            "调查结果",
            "处理措施",
            "结论",
            "结案时间",
        ]
    } else {
        &[
            "Number",
            "Received",
            "Source",
            "Customer",
            "Request",
            "Work order",
            "Concerning",
            "Summary",
            "State",
            "Acknowledged",
            "Findings",
            "Action",
            "Outcome",
            "Closed",
        ]
    };
    let table = Table::new(
        "complaints",
        if zh { "客户投诉" } else { "Complaints" },
        headers,
    );
    let tz = offset(&state)?;
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = complaints::list_page(&state, &session, &q)?;
        let rows: Rows = items
            .into_iter()
            .map(|c| {
                vec![
                    Cell::text(c.number),
                    Cell::text(local_time(c.received_at, tz)),
                    Cell::text(source(c.source, zh)),
                    Cell::text(c.customer_name),
                    Cell::opt_text(c.request_number),
                    Cell::opt_text(c.work_order_number),
                    Cell::text(c.person_names.join(", ")),
                    Cell::text(c.summary),
                    Cell::text(complaint_state(c.state, zh)),
                    Cell::opt_text(c.acknowledged_at.map(|t| local_time(t, tz))),
                    Cell::text(c.findings),
                    Cell::text(c.action),
                    Cell::text(outcome(c.outcome, zh)),
                    Cell::opt_text(c.closed_at.map(|t| local_time(t, tz))),
                ]
            })
            .collect();
        Ok((rows, next.map(|n| n.to_string())))
    });
    export::respond(opts, table, pages).await
}

/// Satisfaction surveys (`GET /api/surveys`'s filters), with the scores.
#[utoipa::path(path = "/api/surveys/export", tag = "surveys", params(surveys::SurveyQuery, ExportParams),
    responses((status = 200, description = "CSV or XLSX file", content_type = "text/csv"), (status = 403, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[get("/surveys/export")]
pub async fn surveys_export(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let opts = Options::from_query(req.query_string())?;
    let mut q: surveys::SurveyQuery = export::filters(req.query_string())?;
    let zh = opts.zh;
    let headers: &[&str] = if zh {
        &[
            "服务请求",
            "完成时间",
            "客户",
            "服务对象",
            "工程师",
            "状态",
            "发送时间",
            "回复时间",
            "响应速度",
            "专业水平",
            "服务态度",
            "服务结果",
            "总体评价",
            "意见",
            "电话回访",
        ]
    } else {
        &[
            "Request",
            "Completed",
            "Customer",
            "Serviced",
            "Engineers",
            "State",
            "Sent",
            "Answered",
            "Response speed",
            "Professionalism",
            "Attitude",
            "Result",
            "Overall",
            "Comment",
            "By call",
        ]
    };
    let table = Table::new(
        "surveys",
        if zh { "满意度调查" } else { "Surveys" },
        headers,
    );
    let tz = offset(&state)?;
    let pages = export::paged(move |cursor| {
        q.cursor = cursor;
        q.limit = Some(MAX_LIMIT);
        let (items, next) = surveys::list_page(&state, &session, &q)?;
        let rows: Rows = items
            .into_iter()
            .map(|s| {
                let score =
                    |f: fn(&servicebook_shared::surveys::SurveyAnswer) -> u8| match &s.answer {
                        Some(a) => Cell::int(f(a)),
                        None => Cell::opt_text(None::<String>),
                    };
                let by_call = s
                    .answer
                    .as_ref()
                    .and_then(|a| a.by_call.as_ref())
                    .map(|c| format!("{} {}", c.called_by, local_time(c.called_at, tz)));
                vec![
                    Cell::text(s.request_number.clone()),
                    Cell::text(local_time(s.created_at, tz)),
                    Cell::text(s.customer_name.clone()),
                    Cell::text(s.device.clone()),
                    Cell::text(
                        s.engineers
                            .iter()
                            .map(|e| e.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Cell::text(survey_state(s.state, zh)),
                    Cell::opt_text(s.sent_at.map(|t| local_time(t, tz))),
                    Cell::opt_text(s.answer.as_ref().map(|a| local_time(a.answered_at, tz))),
                    score(|a| a.response_speed),
                    score(|a| a.professionalism),
                    score(|a| a.attitude),
                    score(|a| a.result),
                    score(|a| a.overall),
                    Cell::text(
                        s.answer
                            .as_ref()
                            .map(|a| a.comment.clone())
                            .unwrap_or_default(),
                    ),
                    Cell::opt_text(by_call),
                ]
            })
            .collect();
        Ok((rows, next.map(|n| n.to_string())))
    });
    export::respond(opts, table, pages).await
}
