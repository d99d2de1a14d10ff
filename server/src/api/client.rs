//! Who is on the other end of a request: the client's address and whether
//! it came over HTTPS. Forwarding headers are believed only from the one
//! reverse proxy the admin named (`--trusted-proxy`); from anyone else they
//! are the client's own words and are ignored.

use crate::app::AppState;
use actix_web::HttpRequest;
use std::net::IpAddr;

fn from_trusted_proxy(req: &HttpRequest, state: &AppState) -> bool {
    match (state.trusted_proxy, req.peer_addr()) {
        (Some(proxy), Some(peer)) => peer.ip() == proxy,
        _ => false,
    }
}

/// The client's address: the peer, or behind the trusted proxy the last
/// address it appended to `X-Forwarded-For` (earlier entries are whatever
/// the client sent).
pub fn address(req: &HttpRequest, state: &AppState) -> String {
    let peer = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    if !from_trusted_proxy(req, state) {
        return peer;
    }
    req.headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter_map(|a| a.parse::<IpAddr>().ok())
        .last()
        .map_or(peer, |ip| ip.to_string())
}

/// Whether the browser reached us over HTTPS: the public URL says so, or
/// the trusted proxy does (`X-Forwarded-Proto`).
pub fn is_https(req: &HttpRequest, state: &AppState) -> bool {
    if state
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
    {
        return true;
    }
    from_trusted_proxy(req, state)
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}
