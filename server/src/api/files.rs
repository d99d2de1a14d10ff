//! Documents attached to customers, devices and contracts. Uploads are the
//! raw bytes as the request body (`curl --data-binary @scan.pdf`), the name
//! in the query; the content decides the type, not the name or the header.

use super::session::Session;
use crate::app::AppState;
use crate::domain::files::{clean_name, sniff, SNIFF_BYTES};
use crate::error::AppError;
use crate::store::{
    ContractRecord, CustomerRecord, DeviceRecord, FileRecord, RecordMeta, Tx, TxResult,
};
use crate::store::{SettingsRecord, WorkOrderRecord};
use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use servicebook_shared::audit::FieldChange;
use servicebook_shared::files::{human_size, AttachedTo, FileInfo};
use servicebook_shared::users::Role;
use servicebook_shared::ProblemCode;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(upload)
        .service(get_one)
        .service(content)
        .service(remove);
}

/// Who may attach and remove documents: whoever may edit the record.
fn editors(kind: AttachedTo) -> &'static [Role] {
    match kind {
        AttachedTo::Customer => super::customers::EDITORS,
        AttachedTo::Contract => super::contracts::EDITORS,
        AttachedTo::Device => super::devices::EDITORS,
        AttachedTo::WorkOrder => &[Role::Engineer, Role::Dispatcher, Role::Manager],
        AttachedTo::Firm => &[Role::Admin, Role::Manager],
    }
}

fn table(kind: AttachedTo) -> &'static str {
    match kind {
        AttachedTo::Customer => "customers",
        AttachedTo::Device => "devices",
        AttachedTo::Contract => "contracts",
        AttachedTo::WorkOrder => "work_orders",
        AttachedTo::Firm => "settings",
    }
}

/// Inside a write: the record the document belongs to must exist.
fn require_owner(tx: &Tx, kind: AttachedTo, id: u64) -> TxResult<()> {
    match kind {
        AttachedTo::Customer => tx.require::<CustomerRecord>(id).map(drop),
        AttachedTo::Device => tx.require::<DeviceRecord>(id).map(drop),
        AttachedTo::Contract => tx.require::<ContractRecord>(id).map(drop),
        AttachedTo::WorkOrder => tx.require::<WorkOrderRecord>(id).map(drop),
        AttachedTo::Firm => tx.require::<SettingsRecord>(id).map(drop),
    }
}

fn owner_exists(state: &AppState, kind: AttachedTo, id: u64) -> Result<bool, AppError> {
    Ok(match kind {
        AttachedTo::Customer => state.store.get::<CustomerRecord>(id)?.is_some(),
        AttachedTo::Device => state.store.get::<DeviceRecord>(id)?.is_some(),
        AttachedTo::Contract => state.store.get::<ContractRecord>(id)?.is_some(),
        AttachedTo::WorkOrder => state.store.get::<WorkOrderRecord>(id)?.is_some(),
        AttachedTo::Firm => state.store.get::<SettingsRecord>(id)?.is_some(),
    })
}

/// The owner's history shows documents coming and going.
fn owner_change(name: &str, added: bool) -> Vec<FieldChange> {
    let (before, after) = if added {
        (serde_json::Value::Null, name.into())
    } else {
        (name.into(), serde_json::Value::Null)
    };
    vec![FieldChange::set("documents".into(), before, after)]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FilesQuery {
    pub record_type: AttachedTo,
    pub record_id: u64,
}

/// The documents of one record, oldest first.
#[utoipa::path(path = "/api/files", tag = "files", params(FilesQuery), responses((status = 200, body = Page<FileInfo>)))]
#[get("/files")]
pub async fn list(
    state: web::Data<AppState>,
    _session: Session,
    query: web::Query<FilesQuery>,
) -> Result<HttpResponse, AppError> {
    let files = state.store.files_of(query.record_type, query.record_id)?;
    Ok(HttpResponse::Ok().json(Page {
        items: files.iter().map(FileRecord::to_wire).collect::<Vec<_>>(),
        next_cursor: None,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    pub record_type: AttachedTo,
    pub record_id: u64,
    /// The file's name, with its extension (e.g. `合同扫描.pdf`).
    pub name: String,
}

fn too_large(limit: u64) -> AppError {
    AppError::new(
        413,
        ProblemCode::UploadTooLarge,
        "Too large",
        format!(
            "The file is larger than the upload limit of {} (the administrator sets it with --max-upload-mb).",
            human_size(limit)
        ),
    )
}

/// Attach a document: the body is the file's bytes. PDF, images, Office and
/// OpenDocument files, zip archives and text are accepted when their
/// content agrees with their name.
#[utoipa::path(path = "/api/files", tag = "files", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = FileInfo), (status = 413, body = ApiProblem), (status = 415, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[post("/files")]
pub async fn upload(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    query: web::Query<UploadQuery>,
    mut body: web::Payload,
) -> Result<HttpResponse, AppError> {
    let UploadQuery {
        record_type,
        record_id,
        name,
    } = query.into_inner();
    session.require(editors(record_type))?;
    let name = clean_name(&name);
    if name.is_empty() {
        return Err(AppError::invalid("name", "give the file's name"));
    }
    if !owner_exists(&state, record_type, record_id)? {
        return Err(AppError::invalid(
            "record_id",
            format!("there is no {} {record_id}", record_type.as_str()),
        ));
    }
    let limit = state.max_upload_bytes;
    let announced = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }

    let mut upload = state.store.begin_upload(SNIFF_BYTES)?;
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|e| AppError::bad_request(format!("The upload broke off: {e}")))?;
        if upload.size() + chunk.len() as u64 > limit {
            return Err(too_large(limit));
        }
        upload.write(&chunk)?;
    }
    if upload.size() == 0 {
        return Err(AppError::invalid("body", "the file is empty"));
    }
    let content_type = sniff(&name, upload.head()).map_err(|r| {
        AppError::new(
            415,
            ProblemCode::UnsupportedFile,
            "Unsupported file",
            r.to_string(),
        )
    })?;

    let store = state.store.clone();
    let bytes = web::block(move || store.keep_upload(upload))
        .await
        .map_err(AppError::internal)??;
    let record = FileRecord {
        meta: RecordMeta::new(),
        record_type,
        record_id,
        name: name.clone(),
        content_type: content_type.to_owned(),
        size: bytes.size,
        sha256: bytes.sha256.clone(),
        stored_as: bytes.stored_as.clone(),
        uploaded_by: session.user.username.clone(),
        removed_at: None,
        removed_by: None,
    };
    let actor = session.actor();
    let saved = state
        .store
        .write(move |tx| {
            require_owner(tx, record_type, record_id)?;
            let saved = tx.insert_audited(record.clone(), &actor)?;
            tx.audit(
                &actor,
                "attach",
                table(record_type),
                record_id,
                owner_change(&record.name, true),
            )?;
            Ok(saved)
        })
        .await;
    let saved = match saved {
        Ok(s) => s,
        Err(e) => {
            state.store.discard_bytes(&bytes);
            return Err(e.into());
        }
    };
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/files/{}", saved.meta.id)))
        .json(saved.to_wire()))
}

fn load(state: &AppState, id: u64) -> Result<FileRecord, AppError> {
    state
        .store
        .get::<FileRecord>(id)?
        .filter(|f| f.removed_at.is_none())
        .ok_or_else(|| AppError::not_found(format!("There is no document with id {id}.")))
}

/// One document's details.
#[utoipa::path(path = "/api/files/{id}", tag = "files", responses((status = 200, body = FileInfo), (status = 404, body = ApiProblem)))]
#[get("/files/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, id.into_inner())?.to_wire()))
}

/// Download a document (as an attachment, with its own name).
#[utoipa::path(path = "/api/files/{id}/content", tag = "files",
    responses((status = 200, description = "The file's bytes"), (status = 404, body = ApiProblem)))]
#[get("/files/{id}/content")]
pub async fn content(
    state: web::Data<AppState>,
    _session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let file = load(&state, id.into_inner())?;
    let store = state.store.clone();
    let record = file.clone();
    let bytes = web::block(move || store.read_bytes(&record))
        .await
        .map_err(AppError::internal)??;
    let ascii: String = file
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.name.clone().into_bytes(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.as_str())
        .insert_header(disposition)
        .insert_header(("Cache-Control", "private, no-store"))
        .body(bytes))
}

/// Remove a document from its record. The removal is in the audit trail of
/// the document and of the record; the bytes are kept on disk.
#[utoipa::path(path = "/api/files/{id}", tag = "files", responses((status = 204), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem)))]
#[delete("/files/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
) -> Result<HttpResponse, AppError> {
    let current = load(&state, id.into_inner())?;
    session.require(editors(current.record_type))?;
    let actor = session.actor();
    let by = session.user.username.clone();
    state
        .store
        .write(move |tx| {
            let mut next = current.clone();
            next.removed_at = Some(tx.now());
            next.removed_by = Some(by.clone());
            let saved = tx.update_audited(next, current.meta.version, &actor, "delete")?;
            tx.audit(
                &actor,
                "detach",
                table(saved.record_type),
                saved.record_id,
                owner_change(&saved.name, false),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
