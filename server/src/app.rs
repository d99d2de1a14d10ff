//! The application factory: the binary and the tests build the same app.

use crate::assets::{self, Assets};
use crate::auth::{Hasher, LoginLimiter, Tokens};
use crate::metrics::HttpMetrics;
use crate::store::Store;
use crate::{api, http};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Instant;

/// What handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub tokens: Tokens,
    pub hasher: Hasher,
    pub limiter: Arc<LoginLimiter>,
    pub started: Instant,
    pub started_at: DateTime<Utc>,
    /// The largest document upload accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Where staff reach the app (`--public-url`), for links printed on labels.
    pub public_url: Option<String>,
    /// The reverse proxy whose forwarding headers are believed
    /// (`--trusted-proxy`).
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Request counts and latencies for `/metrics`.
    pub metrics: Arc<HttpMetrics>,
}

impl AppState {
    /// `key` signs session tokens (see `auth::secret`).
    pub fn new(store: Store, key: &[u8]) -> Result<Self, String> {
        Ok(AppState {
            store,
            tokens: Tokens::new(key),
            hasher: Hasher::new()?,
            limiter: Arc::new(LoginLimiter::default()),
            started: Instant::now(),
            started_at: Utc::now(),
            max_upload_bytes: servicebook_shared::files::DEFAULT_MAX_UPLOAD_MB * 1024 * 1024,
            public_url: None,
            trusted_proxy: None,
            metrics: Arc::new(HttpMetrics::default()),
        })
    }
}

pub fn app(
    state: AppState,
    assets: web::Data<Assets>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let csp = assets.csp().to_owned();
    let hsts = state
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    App::new()
        .app_data(web::Data::new(state))
        .app_data(assets)
        .service(
            web::scope("/api")
                .wrap(http::api_problems())
                .wrap(http::no_store())
                .wrap(from_fn(crate::json_path::keep_json_body))
                .configure(api::routes)
                .default_service(web::to(api::unknown_endpoint)),
        )
        .default_service(web::to(assets::spa))
        .wrap(Compress::default())
        .wrap(http::security_headers(&csp, hsts))
        .wrap(from_fn(http::request_log))
}
