//! Answers only requests addressed to the host the sandbox serves. A web page can make a
//! browser reach 127.0.0.1 through a name of its own (DNS rebinding); such a request carries
//! that name in `Host` and is refused here.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header::HOST, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

#[derive(Clone)]
pub struct Allowed {
    hosts: Arc<Vec<String>>,
    /// Listening on every address: any IP literal with the right port is one of ours.
    any_ip: Option<u16>,
}

impl Allowed {
    pub fn for_address(address: SocketAddr) -> Self {
        let port = address.port();
        let mut hosts = vec![address.to_string()];
        if address.ip().is_loopback() {
            hosts.push(format!("localhost:{port}"));
        }
        Self {
            hosts: Arc::new(hosts),
            any_ip: address.ip().is_unspecified().then_some(port),
        }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.hosts.contains(&host) {
            return true;
        }
        match (self.any_ip, host.parse::<SocketAddr>()) {
            (Some(port), Ok(address)) => address.port() == port,
            _ => false,
        }
    }
}

pub async fn check(allowed: Allowed, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if allowed.allows(host) => next.run(request).await,
        _ => ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "invalid-host",
            "This server answers only requests addressed to its own loopback address",
        )
        .into_response(),
    }
}
