//! Documents attached to customers, devices and contracts. Uploads are the
//! raw bytes as the request body (`curl --data-binary @scan.pdf`), the name
//! in the query; the content decides the type, not the name or the header.

use super::session::Session;
use crate::app::AppState;
use crate::domain::files::{clean_name, sniff, SNIFF_BYTES};
use crate::error::AppError;
use crate::service::files as service;
use crate::store::FileRecord;
use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use servicebook_shared::files::{human_size, AttachedTo, FileInfo};
use servicebook_shared::permissions;
use servicebook_shared::ProblemCode;
use servicebook_shared::{ApiProblem, Page};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(upload)
        .service(get_one)
        .service(content)
        .service(remove);
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
    // Whether this user may attach to such a record at all; the write
    // decides for the record itself (a work order's engineers).
    session.allow(
        permissions::attach_documents(session.who(), record_type, true),
        "attach documents here",
    )?;
    let name = clean_name(&name);
    if name.is_empty() {
        return Err(AppError::invalid("name", "give the file's name"));
    }
    service::check_owner(&state.store, record_type, record_id)?;
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
    let doc = service::NewDocument {
        record_type,
        record_id,
        name,
        content_type: content_type.to_owned(),
        size: bytes.size,
        sha256: bytes.sha256.clone(),
        stored_as: bytes.stored_as.clone(),
    };
    let saved = service::attach_document(&state.store, &session.caller(), doc).await;
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
    let (handle, size) = web::block(move || store.open_file(&record))
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
        .no_chunking(size)
        .streaming(super::stream::file_body(handle)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RemoveQuery {
    /// The document's `version` as read (required: a stale one gets 409).
    pub version: u64,
}

/// Remove a document from its record (send its `version`:
/// `DELETE /api/files/7?version=1`). The removal is in the audit trail of
/// the document and of the record; the bytes are kept on disk.
#[utoipa::path(path = "/api/files/{id}", tag = "files", params(RemoveQuery),
    responses((status = 204), (status = 403, body = ApiProblem), (status = 404, body = ApiProblem), (status = 409, body = ApiProblem), (status = 422, body = ApiProblem)))]
#[delete("/files/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    session: Session,
    id: web::Path<u64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    // Read here rather than by the extractor, so that a missing version is
    // a 422 naming the field, as for a JSON body.
    let RemoveQuery { version } = web::Query::<RemoveQuery>::from_query(req.query_string())
        .map_err(|e| {
            AppError::invalid(
                "version",
                format!("send the version you read, e.g. ?version=1 ({e})"),
            )
        })?
        .into_inner();
    service::remove_document(&state.store, &session.caller(), id.into_inner(), version).await?;
    Ok(HttpResponse::NoContent().finish())
}
