//! Who is calling, and what their token allows.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::{ApiError, ApiResult};
use crate::state::{Access, AppState, Scope, User};

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub token: String,
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Actor,
    Task,
    Run,
    Dataset,
    KvStore,
    RequestQueue,
    Schedule,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Actor => "Actor",
            Kind::Task => "Actor task",
            Kind::Run => "Actor run",
            Kind::Dataset => "Dataset",
            Kind::KvStore => "Key-value store",
            Kind::RequestQueue => "Request queue",
            Kind::Schedule => "Schedule",
        }
    }
}

impl Caller {
    /// Fails with 403 unless the token may do `needed` on the resource.
    pub fn require(
        &self,
        kind: Kind,
        resource_id: &str,
        created_by_token: Option<&str>,
        needed: Access,
    ) -> ApiResult<()> {
        let Some(scope) = &self.scope else {
            return Ok(());
        };
        if created_by_token.is_some_and(|creator| creator == fingerprint(&self.token)) {
            return Ok(());
        }
        let account = match kind {
            Kind::Actor | Kind::Task | Kind::Run => scope.actors,
            Kind::Dataset | Kind::KvStore | Kind::RequestQueue => scope.storages,
            Kind::Schedule => scope.schedules,
        };
        let granted = account.is_some_and(|access| access.covers(needed))
            || scope
                .resources
                .get(resource_id)
                .is_some_and(|grants| grants.iter().any(|access| access.covers(needed)));
        if granted {
            Ok(())
        } else {
            Err(ApiError::insufficient_permissions(
                kind.label(),
                needed.label(),
            ))
        }
    }

    /// Creating storages needs account-level write access to storages.
    pub fn require_create(&self, kind: Kind) -> ApiResult<()> {
        match &self.scope {
            Some(scope) if !scope.storages.is_some_and(|a| a.covers(Access::Write)) => Err(
                ApiError::insufficient_permissions(kind.label(), Access::Write.label()),
            ),
            _ => Ok(()),
        }
    }

    /// What records a new resource's creator, so a scoped token keeps access to it: the token's
    /// fingerprint, never the token, since the state file keeps it.
    pub fn creator(&self) -> Option<String> {
        self.scope.as_ref().map(|_| fingerprint(&self.token))
    }
}

/// A token's SHA-256, as the state file may keep it.
fn fingerprint(token: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(token.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn token_of(parts: &Parts) -> Option<String> {
    if let Some(value) = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(token) = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
        {
            return Some(token.trim().to_owned());
        }
    }
    let query = parts.uri.query()?;
    url_pairs(query)
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value)
}

/// `name=value` pairs of a query string, percent-decoded.
pub fn url_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
}

pub fn percent_decode(text: &str) -> String {
    fn hex(byte: u8) -> Option<u8> {
        (byte as char).to_digit(16).map(|digit| digit as u8)
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                match (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = token_of(parts).ok_or_else(ApiError::token_not_provided)?;
        let db = state.db();
        let grant = db
            .tokens
            .iter()
            .find(|grant| grant.token == token)
            .ok_or_else(ApiError::invalid_token)?;
        let user = db
            .user(&grant.user_id)
            .cloned()
            .ok_or_else(ApiError::invalid_token)?;
        Ok(Caller {
            user,
            token,
            scope: grant.scope.clone(),
        })
    }
}
