//! `servicebook serve`: open the store, bind, serve until SIGTERM/Ctrl-C,
//! then finish in-flight requests, flush the store and exit 0.

use crate::app::{app, AppState};
use crate::assets::Assets;
use crate::cli::{DurabilityArg, ServeArgs};
use crate::store::{Durability, Store, StoreOptions};
use actix_web::{web, HttpServer};
use std::time::Instant;

pub fn run(args: ServeArgs) -> Result<(), String> {
    let begun = Instant::now();
    let options = StoreOptions {
        durability: match args.durability {
            DurabilityArg::Full => Durability::Full,
            DurabilityArg::Flush => Durability::Flush,
        },
        cache_capacity_bytes: args.cache_mb * 1024 * 1024,
    };
    let store = Store::open(&args.data, &options).map_err(|e| e.to_string())?;
    let assets = web::Data::new(Assets::load());
    if !assets.has_app() {
        tracing::warn!("the browser app is not built into this binary: only the API is served (build it with `cargo xtask run`)");
    }
    let key = crate::auth::secret::load_or_create(&args.data)?;
    let mut state = AppState::new(store.clone(), &key)?;
    state.max_upload_bytes = args.max_upload_mb * 1024 * 1024;
    state.public_url = args.public_url.clone();
    state.trusted_proxy = args.trusted_proxy;
    let metrics_state = state.clone();
    if let Some(password) = crate::bootstrap::ensure_first_admin(&store)? {
        println!("First start: created the user `admin` with the one-time password  {password}");
        println!(
            "Sign in with it; you will be asked to choose a new password. It is not shown again."
        );
    }
    crate::bootstrap::ensure_settings(&store)?;
    if args.demo {
        crate::demo::seed(&store)?;
    }

    let system = actix_web::rt::System::new();
    let result = system.block_on(async {
        let mut server = HttpServer::new(move || app(state.clone(), assets.clone()))
            .shutdown_timeout(30)
            // A client that sends its headers or body too slowly is cut
            // off instead of holding a connection forever.
            .client_request_timeout(std::time::Duration::from_secs(30))
            .client_disconnect_timeout(std::time::Duration::from_secs(5))
            .keep_alive(std::time::Duration::from_secs(75));
        if let Some(n) = args.workers {
            server = server.workers(n.into());
        }
        let server = server
            .bind(&args.listen)
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let metrics = match &args.metrics_listen {
            Some(addr) => Some(metrics_server(metrics_state, addr)?),
            None => None,
        };
        let addrs: Vec<String> = server
            .addrs()
            .iter()
            .map(|a| format!("http://{a}"))
            .collect();
        let ms = begun.elapsed().as_secs_f64() * 1000.0;
        tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            data = %args.data.display(),
            durability = options.durability.as_str(),
            startup_ms = format_args!("{ms:.1}"),
            "listening on {}",
            addrs.join(", ")
        );
        println!(
            "Servicebook is running at {} (data: {}). Press Ctrl-C to stop.",
            addrs.join(", "),
            args.data.display()
        );
        let main = server.run();
        let stopped = match metrics {
            // Each server stops on SIGTERM/Ctrl-C by itself; wait for both.
            Some(metrics) => tokio::try_join!(main, metrics).map(|_| ()),
            None => main.await,
        };
        stopped.map_err(|e| format!("the server stopped with an error: {e}"))
    });
    tracing::info!("stopping: flushing the store");
    store.close();
    tracing::info!("stopped");
    result
}

/// The metrics listener: `/metrics` without a session and nothing else, so
/// a scraper on a trusted network needs no token.
fn metrics_server(state: AppState, addr: &str) -> Result<actix_web::dev::Server, String> {
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(crate::api::metrics::open_metrics))
    })
    .workers(1)
    .shutdown_timeout(5)
    .bind(addr)
    .map_err(|e| format!("cannot listen on {addr} for metrics: {e}"))?;
    for a in server.addrs() {
        println!("Metrics are served at http://{a}/metrics");
    }
    Ok(server.run())
}
