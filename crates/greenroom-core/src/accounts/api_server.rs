//! Which servers a token may be sent to. The page may suggest a server; Rust decides:
//! - `https://` servers, with no user name, password, query or fragment in the address;
//! - the bundled sandbox the app itself started, at its exact loopback address;
//! - the app's default server, which only the environment can change (`GREENROOM_API_BASE_URL`,
//!   https or a loopback address), for self-hosted mirrors and the end-to-end tests.
//!
//! Nothing else, and never plain `http://` to another machine.

use std::net::IpAddr;

use crate::Error;
use crate::ErrorKind;

/// The API server a new profile talks to unless the user picks another.
pub const APIFY_API_BASE_URL: &str = "https://api.apify.com";

/// The environment variable that changes the default server for one run of the app.
pub const API_BASE_URL_ENV: &str = "GREENROOM_API_BASE_URL";

#[derive(Debug, Clone)]
pub struct ApiServers {
    default: String,
}

impl ApiServers {
    /// The official server, or the one `GREENROOM_API_BASE_URL` names if it is allowed.
    pub fn from_env() -> Self {
        match std::env::var(API_BASE_URL_ENV) {
            Ok(url) if !url.trim().is_empty() => match Self::with_default(&url) {
                Ok(servers) => servers,
                Err(error) => {
                    tracing::warn!(
                        "{API_BASE_URL_ENV} is ignored: {}",
                        error.detail().unwrap_or_default()
                    );
                    Self::official()
                }
            },
            _ => Self::official(),
        }
    }

    /// A default server of the app's owner's choosing: https, or plain http to this machine.
    pub fn with_default(url: &str) -> Result<Self, Error> {
        Ok(Self {
            default: normalize(url, true)?,
        })
    }

    pub fn official() -> Self {
        Self {
            default: APIFY_API_BASE_URL.into(),
        }
    }

    /// The server new profiles and the `APIFY_TOKEN` import use.
    pub fn default_server(&self) -> &str {
        &self.default
    }

    /// The address a token may go to, normalized, or `ServerNotAllowed`. `sandbox` is the
    /// bundled sandbox's base URL while it runs.
    pub fn check(&self, url: &str, sandbox: Option<&str>) -> Result<String, Error> {
        let trimmed = url.trim().trim_end_matches('/');
        if trimmed == self.default || Some(trimmed) == sandbox {
            return Ok(trimmed.to_owned());
        }
        normalize(trimmed, false)
    }
}

/// Parses and checks an address; `loopback_http` also allows `http://` to this machine.
fn normalize(url: &str, loopback_http: bool) -> Result<String, Error> {
    let refuse = |reason: &str, detail: String| {
        Error::with_reason(ErrorKind::ServerNotAllowed, reason, detail)
    };
    let parsed = url::Url::parse(url.trim()).map_err(|e| {
        refuse(
            "This is not a web address. It should look like https://api.apify.com.",
            format!("{url:?}: {e}"),
        )
    })?;
    if !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(refuse(
            "An API server's address has no user name, password, query or fragment.",
            format!("{url:?} carries more than a server address"),
        ));
    }
    let is_loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(_)) | None => false,
    };
    match parsed.scheme() {
        "https" if parsed.host().is_some() => {}
        "http" if loopback_http && is_loopback => {}
        _ => {
            return Err(refuse(
                "It accepts only secure https:// addresses: over plain http:// your token would travel unencrypted.",
                format!("{url:?} is not an https:// address"),
            ))
        }
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn https_servers_and_the_running_sandbox_are_allowed_nothing_else() {
        let servers = ApiServers::official();
        let sandbox = Some("http://127.0.0.1:41234");
        assert_eq!(
            servers.check("https://api.apify.com/", None).unwrap(),
            "https://api.apify.com"
        );
        assert_eq!(
            servers.check("https://apify.example.org", None).unwrap(),
            "https://apify.example.org"
        );
        assert_eq!(
            servers.check("http://127.0.0.1:41234/", sandbox).unwrap(),
            "http://127.0.0.1:41234"
        );
        for refused in [
            "http://127.0.0.1:41234",  // the sandbox's address, but it is not running
            "http://evil.example.com", // plain http elsewhere
            "http://127.0.0.1:9",      // another local server
            "https://user:pw@api.apify.com",
            "https://api.apify.com/?token=x",
            "ftp://api.apify.com",
            "api.apify.com",
            "",
        ] {
            let error = servers.check(refused, None).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::ServerNotAllowed, "{refused}");
        }
        assert!(servers.check("http://127.0.0.1:9", sandbox).is_err());
    }

    #[test]
    fn the_environment_may_name_an_https_or_loopback_default() {
        assert_eq!(
            normalize("http://127.0.0.1:8099/", true).unwrap(),
            "http://127.0.0.1:8099"
        );
        assert!(normalize("http://[::1]:8099", true).is_ok());
        assert!(normalize("http://192.168.1.2:8099", true).is_err());
        assert!(normalize("http://localhost.evil.com", true).is_err());
    }
}
