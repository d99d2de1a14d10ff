//! The embedded browser app: SPA fallback, content types, caching,
//! compression and security headers.

use servicebook_tests::{Reply, TestServer};

fn assert_security_headers(r: &Reply) {
    let csp = r.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "CSP: {csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "CSP: {csp}");
    assert!(csp.contains("object-src 'none'"), "CSP: {csp}");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("referrer-policy"), "same-origin");
}

/// The hashed asset names index.html refers to.
fn referenced_assets(index: &str) -> Vec<String> {
    index
        .split(['"', '\''])
        .filter(|s| {
            s.starts_with('/')
                && (s.ends_with(".wasm") || s.ends_with(".js") || s.ends_with(".css"))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_app_is_served_at_the_root_and_at_every_deep_link() {
    let server = TestServer::start();
    let root = server.get("/");
    assert_eq!(root.status, 200);
    assert!(root.header("content-type").starts_with("text/html"));
    assert_eq!(root.header("cache-control"), "no-cache");
    assert!(
        root.text().contains("<script"),
        "index.html: {}",
        root.text()
    );
    assert_security_headers(&root);

    for deep in [
        "/customers/42",
        "/status",
        "/api-docs",
        "/some/unknown/page",
    ] {
        let r = server.get(deep);
        assert_eq!(r.status, 200, "{deep}");
        assert_eq!(r.body, root.body, "{deep} should get index.html");
        assert_eq!(r.header("cache-control"), "no-cache");
    }
}

#[test]
fn a_missing_asset_is_a_real_404_not_the_app() {
    let server = TestServer::start();
    let r = server.get("/servicebook-web-0000000000000000_bg.wasm");
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("<script"));
    assert_security_headers(&r);
}

#[test]
fn assets_have_their_content_type_long_caching_and_gzip() {
    let server = TestServer::start();
    let index = server.get("/").text();
    let assets = referenced_assets(&index);
    let wasm = assets
        .iter()
        .find(|a| a.ends_with(".wasm"))
        .expect("index.html refers to a .wasm file");
    let js = assets
        .iter()
        .find(|a| a.ends_with(".js"))
        .expect("index.html refers to a .js file");

    let plain = server.get(wasm);
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-type"), "application/wasm");
    assert!(
        plain.header("cache-control").contains("immutable"),
        "{}",
        plain.header("cache-control")
    );
    assert_eq!(
        &plain.body[..4],
        b"\0asm",
        "an uncompressed request gets the raw module"
    );
    assert_security_headers(&plain);

    let gz = server.get_with(wasm, &[("accept-encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert!(gz.body.len() < plain.body.len());
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b]);
    assert!(gz.header("vary").contains("Accept-Encoding"));
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gz.body.as_slice()),
        &mut decoded,
    )
    .expect("valid gzip");
    assert_eq!(decoded, plain.body, "gzip decodes to the built file");

    // Brotli when the browser accepts it, preferred to gzip, and the same
    // bytes once decoded.
    let br = server.get_with(wasm, &[("accept-encoding", "gzip, deflate, br")]);
    assert_eq!(br.header("content-encoding"), "br");
    assert!(br.header("vary").contains("Accept-Encoding"));
    assert!(br.body.len() < gz.body.len());
    let mut decoded = Vec::new();
    brotli_decompressor::BrotliDecompress(&mut br.body.as_slice(), &mut decoded)
        .expect("valid brotli");
    assert_eq!(decoded, plain.body, "brotli decodes to the built file");
    let refused = server.get_with(wasm, &[("accept-encoding", "gzip, br;q=0")]);
    assert_eq!(refused.header("content-encoding"), "gzip");
    // The compressed copies are not files of their own.
    assert_eq!(server.get(&format!("{wasm}.br")).status, 404);
    assert_eq!(server.get(&format!("{wasm}.gz")).status, 404);

    let js = server.get(js);
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type").contains("javascript"),
        "{}",
        js.header("content-type")
    );
}

#[test]
fn the_csp_admits_exactly_the_inline_scripts_of_index_html() {
    let server = TestServer::start();
    let root = server.get("/");
    let inline =
        root.text().matches("<script").count() - root.text().matches("<script src=").count();
    let csp = root.header("content-security-policy").to_owned();
    assert_eq!(csp.matches("'sha256-").count(), inline, "CSP: {csp}");
    // The same policy is on API responses.
    assert_security_headers(&server.get("/api/health"));
}

#[test]
fn health_reports_the_server_and_store() {
    let server = TestServer::start();
    let r = server.get("/api/health");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/json");
    let h: servicebook_shared::Health = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(h.status, "ok");
    assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(h.schema_version, 3);
    assert_eq!(h.durability, "full");
}

#[test]
fn the_openapi_document_lists_the_endpoints() {
    let server = TestServer::start();
    let doc = server.get("/api/openapi.json").json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/health"]["get"].is_object(), "{doc}");
    assert!(doc["components"]["schemas"]["ApiProblem"].is_object());
}
