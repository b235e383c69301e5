//! A connection to one Apify API server with one token.

use std::time::Duration;

use apify_client::ApifyClient;
use serde::Serialize;
use ts_rs::TS;

use crate::secret::ApiToken;
use crate::Error;

/// How hard the client retries; the defaults are the official clients' (8 retries from 500 ms).
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub first_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 8,
            first_delay: Duration::from_millis(500),
        }
    }
}

/// Whose account a token opens, as the wizard and the status bar show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub user_id: String,
    pub username: String,
    pub plan: Option<String>,
}

/// `ApifyClient`'s own `Debug` prints the token, so the client lives only inside this type,
/// whose `Debug` shows the server and `***`.
pub struct Session {
    client: ApifyClient,
    token: ApiToken,
    base_url: String,
    retries: RetryPolicy,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("base_url", &self.base_url)
            .field("token", &"***")
            .finish()
    }
}

impl Session {
    pub fn new(base_url: &str, token: ApiToken) -> Result<Session, Error> {
        Self::with_retries(base_url, token, RetryPolicy::default())
    }

    pub fn with_retries(
        base_url: &str,
        token: ApiToken,
        retries: RetryPolicy,
    ) -> Result<Session, Error> {
        if token.is_empty() {
            return Err(Error::MissingToken {
                detail: "no token was given".into(),
            });
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        let client = ApifyClient::builder()
            .token(token.expose())
            .base_url(&base_url)
            .max_retries(retries.max_retries)
            .min_delay_between_retries(retries.first_delay)
            .user_agent_suffix(format!("Greenroom/{}", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Session {
            client,
            token,
            base_url,
            retries,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn client(&self) -> &ApifyClient {
        &self.client
    }

    pub(crate) fn retries(&self) -> &RetryPolicy {
        &self.retries
    }

    pub(crate) fn error(&self, error: apify_client::ApifyClientError) -> Error {
        Error::from_api(error, &self.token)
    }

    /// `GET /v2/users/me`: checks the token and says whose account it is.
    pub async fn account(&self) -> Result<Account, Error> {
        let user = self
            .client
            .me()
            .get()
            .await
            .map_err(|e| self.error(e))?
            .ok_or_else(|| Error::InvalidToken {
                detail: "users/me answered 404".into(),
            })?;
        Ok(Account {
            user_id: user.id.clone(),
            username: user.username.clone().unwrap_or_default(),
            plan: user
                .extra
                .get("plan")
                .and_then(|plan| plan.get("id"))
                .and_then(|id| id.as_str())
                .map(str::to_owned),
        })
    }
}
