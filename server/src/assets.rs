//! The browser app, embedded in the binary and served from memory.
//!
//! Rules (kellnr/vaultwarden): an exact file → that file, hashed names cached
//! for a year; a GET without a file extension outside `/api` → index.html,
//! never cached, so deep links work on reload; a missing file with an
//! extension → a real 404 (index.html there would turn a missing `.wasm`
//! into a confusing "magic word" error in the browser).

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use flate2::{write::GzEncoder, Compression};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../web/dist"]
struct Dist;

const INDEX: &str = "index.html";

struct Asset {
    body: web::Bytes,
    /// Brotli, made at build time (`cargo xtask` writes `<file>.br` into
    /// web/dist): the smallest download, sent when the client accepts `br`.
    brotli: Option<web::Bytes>,
    /// Gzip, also made at build time (`<file>.gz`), else once at start-up;
    /// sent when the client accepts gzip but not brotli.
    gzip: Option<web::Bytes>,
    content_type: String,
    cache_control: &'static str,
}

pub struct Assets {
    files: HashMap<String, Asset>,
    csp: String,
}

impl Assets {
    /// Loads every embedded file; compresses what compresses.
    pub fn load() -> Assets {
        let mut files = HashMap::new();
        for name in Dist::iter() {
            if name.ends_with(".br") || name.ends_with(".gz") {
                continue; // served as the encoding of the file it compresses
            }
            let Some(file) = Dist::get(&name) else {
                continue;
            };
            let brotli =
                Dist::get(&format!("{name}.br")).map(|f| web::Bytes::from(f.data.into_owned()));
            let body = web::Bytes::from(file.data.into_owned());
            let content_type = mime_guess::from_path(name.as_ref())
                .first_or_octet_stream()
                .essence_str()
                .to_owned();
            let gzip = match Dist::get(&format!("{name}.gz")) {
                Some(f) => Some(web::Bytes::from(f.data.into_owned())),
                None => compressible(&content_type).then(|| gzip(&body)).flatten(),
            };
            let cache_control = if name == INDEX {
                "no-cache"
            } else if is_hashed(&name) {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=3600"
            };
            files.insert(
                name.into_owned(),
                Asset {
                    body,
                    brotli,
                    gzip,
                    content_type,
                    cache_control,
                },
            );
        }
        let index = files
            .get(INDEX)
            .map(|a| String::from_utf8_lossy(&a.body).into_owned())
            .unwrap_or_default();
        Assets {
            csp: content_security_policy(&index),
            files,
        }
    }

    /// Whether the app was built into this binary.
    pub fn has_app(&self) -> bool {
        self.files.contains_key(INDEX)
    }

    pub fn csp(&self) -> &str {
        &self.csp
    }

    fn serve(&self, req: &HttpRequest, name: &str) -> Option<HttpResponse> {
        let asset = self.files.get(name)?;
        let mut res = HttpResponse::Ok();
        res.content_type(asset.content_type.as_str())
            .insert_header((header::CACHE_CONTROL, asset.cache_control))
            .insert_header((header::VARY, "Accept-Encoding"));
        if let Some(br) = asset.brotli.as_ref().filter(|_| accepts(req, "br")) {
            res.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("br")));
            return Some(res.body(br.clone()));
        }
        match &asset.gzip {
            Some(gz) if accepts(req, "gzip") => {
                res.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip")));
                Some(res.body(gz.clone()))
            }
            _ => Some(res.body(asset.body.clone())),
        }
    }
}

/// The default service for every path outside `/api`.
pub async fn spa(req: HttpRequest, assets: web::Data<Assets>) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    let name = if path.is_empty() { INDEX } else { path };
    if let Some(res) = assets.serve(&req, name) {
        return res;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if !last.contains('.') {
        if let Some(res) = assets.serve(&req, INDEX) {
            return res;
        }
        return HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("The browser app is not built into this binary. Build it with `cargo xtask run` (see README.md).\n");
    }
    HttpResponse::NotFound()
        .content_type("text/plain; charset=utf-8")
        .body("not found\n")
}

/// Whether the client's Accept-Encoding admits `encoding` (by name or `*`,
/// without `q=0`).
fn accepts(req: &HttpRequest, encoding: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|enc| {
            let mut parts = enc.trim().split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (name == encoding || name == "*") && !refused
        })
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(
            content_type,
            "application/wasm"
                | "application/javascript"
                | "text/javascript"
                | "application/json"
                | "image/svg+xml"
        )
}

fn gzip(data: &[u8]) -> Option<web::Bytes> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(data).ok()?;
    let out = enc.finish().ok()?;
    (out.len() < data.len()).then(|| web::Bytes::from(out))
}

/// Trunk names its outputs `name-<hash>[_bg].ext`, the hash a 64-bit number
/// in hex without leading zeros (10 to 16 digits in practice).
fn is_hashed(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.split(['-', '_', '.']).any(|part| {
        (10..=16).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && part.bytes().any(|b| b.is_ascii_digit())
    })
}

/// The CSP allows only the app's own files, plus each inline script of
/// index.html by its hash (Trunk's module loader is inline: without its hash
/// the page stays blank).
fn content_security_policy(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let open = rest.find("<script")?;
        let after_tag = &rest[open..];
        let tag_end = after_tag.find('>')?;
        let tag = &after_tag[..tag_end];
        let body_start = open + tag_end + 1;
        let close = rest[body_start..].find("</script>")?;
        let body = &rest[body_start..body_start + close];
        rest = &rest[body_start + close + "</script>".len()..];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            return Some(body);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("servicebook-web-4f3a2b1c9d8e7f60_bg.wasm"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(is_hashed("servicebook-web-1b09325b3ecf1f3.js"));
        assert!(!is_hashed("servicebook-web.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("favicon.svg"));
    }

    #[test]
    fn inline_scripts_are_hashed_into_the_policy_and_external_ones_are_not() {
        let html = r#"<head><script type="module">import init from '/a.js';init();</script>
            <script src="/b.js"></script></head>"#;
        let scripts: Vec<_> = inline_scripts(html).collect();
        assert_eq!(scripts, vec!["import init from '/a.js';init();"]);
        let csp = content_security_policy(html);
        let digest = Sha256::digest(scripts[0].as_bytes());
        let expected = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(csp.contains(&format!("'sha256-{expected}'")));
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(csp.matches("sha256-").count(), 1);
    }

    #[test]
    fn an_encoding_is_chosen_only_when_accepted() {
        let req = |v: &str| {
            actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, v))
                .to_http_request()
        };
        assert!(accepts(&req("gzip, deflate, br"), "gzip"));
        assert!(accepts(&req("br;q=1.0, gzip;q=0.8"), "gzip"));
        assert!(!accepts(&req("gzip;q=0, br"), "gzip"));
        assert!(accepts(&req("gzip;q=0, br"), "br"));
        assert!(!accepts(&req("identity"), "br"));
        assert!(!accepts(&req("gzip, br;q=0"), "br"));
    }
}
