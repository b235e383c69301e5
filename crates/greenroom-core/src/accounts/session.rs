//! A connection to one Apify API server with one token.

use std::collections::HashMap;
use std::time::Duration;

use apify_client::http_client::{
    HttpBackend, HttpMethod, HttpRequest, ReqwestBackend, StreamingHttpResponse,
};
use apify_client::{ApiError, ApifyClient, ApifyClientError};
use serde::Serialize;
use ts_rs::TS;

use crate::accounts::secret::ApiToken;
use crate::Error;
use crate::ErrorKind;

/// The official clients' tier for downloads: the longest wait for an answer to start, or for
/// the next chunk of one.
pub(crate) const STREAM_TIMEOUT: Duration = Duration::from_secs(360);

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
    /// The official client's own transport, for the one download it only does whole (records).
    transport: ReqwestBackend,
    /// The same connection pool, for the one upload it only sends whole (records from files).
    http: reqwest::Client,
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
            return Err(Error::new(ErrorKind::MissingToken, "no token was given"));
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        let client = ApifyClient::builder()
            .token(token.expose())
            .base_url(&base_url)
            .max_retries(retries.max_retries)
            .min_delay_between_retries(retries.first_delay)
            .user_agent_suffix(format!("Greenroom/{}", env!("CARGO_PKG_VERSION")))
            .build();
        let http = reqwest::Client::new();
        Ok(Session {
            client,
            transport: ReqwestBackend::with_client(http.clone()),
            http,
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
        Error::from_api(error, |text| self.token.redact(text))
    }

    /// A GET of `path` whose body comes as a stream, with the official client's headers. An
    /// answer of 400 or above (but 416, which a range request may get) becomes the same kinds
    /// of [`Error`] as the client's. Waits at most `STREAM_TIMEOUT` for the answer to start;
    /// the caller bounds the wait for each chunk.
    pub(crate) async fn get_streaming(
        &self,
        path: &str,
        extra_headers: &[(&str, String)],
    ) -> Result<StreamingHttpResponse, Error> {
        let mut headers = HashMap::from([
            ("User-Agent".to_owned(), self.client.user_agent().to_owned()),
            (
                "Authorization".to_owned(),
                format!("Bearer {}", self.token.expose()),
            ),
        ]);
        for (name, value) in extra_headers {
            headers.insert((*name).to_owned(), value.clone());
        }
        let request = HttpRequest {
            method: HttpMethod::Get,
            url: format!("{}{path}", self.base_url),
            headers,
            body: None,
            timeout: STREAM_TIMEOUT,
        };
        let response = tokio::time::timeout(STREAM_TIMEOUT, self.transport.send_streaming(request))
            .await
            .map_err(|_| self.error(ApifyClientError::Timeout))?
            .map_err(|e| self.error(e))?;
        if response.status < 400 || response.status == 416 {
            return Ok(response);
        }
        let mut body = Vec::new();
        let mut stream = response.body;
        while let Ok(Some(Ok(chunk))) =
            tokio::time::timeout(STREAM_TIMEOUT, futures_util::StreamExt::next(&mut stream)).await
        {
            body.extend(chunk);
        }
        Err(self.answer_error(response.status, &body, "GET", path))
    }

    /// A PUT of `path` whose body is a stream, with the official client's headers; answers of
    /// 400 and above become the client's kinds of [`Error`]. Not retried here: the caller
    /// knows whether the body can be sent again.
    pub(crate) async fn put_streaming(
        &self,
        path: &str,
        extra_headers: &[(&str, String)],
        body: reqwest::Body,
    ) -> Result<(), Error> {
        let mut request = self
            .http
            .put(format!("{}{path}", self.base_url))
            .header("User-Agent", self.client.user_agent())
            .bearer_auth(self.token.expose())
            .body(body);
        for (name, value) in extra_headers {
            request = request.header(*name, value);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.error(ApifyClientError::Http(e.to_string())))?;
        let status = response.status().as_u16();
        if status < 400 {
            return Ok(());
        }
        let body = response.bytes().await.unwrap_or_default();
        Err(self.answer_error(status, &body, "PUT", path))
    }

    /// An error answer as the client would have reported it.
    fn answer_error(&self, status: u16, body: &[u8], method: &str, path: &str) -> Error {
        let parsed: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let field = |name: &str| parsed["error"][name].as_str().map(str::to_owned);
        self.error(ApifyClientError::from(ApiError {
            status_code: status,
            error_type: field("type"),
            message: field("message").unwrap_or_default(),
            attempt: 1,
            http_method: Some(method.into()),
            path: Some(path.to_owned()),
            data: None,
        }))
    }

    /// `GET /v2/users/me`: checks the token and says whose account it is.
    pub async fn account(&self) -> Result<Account, Error> {
        let user = self
            .client
            .me()
            .get()
            .await
            .map_err(|e| self.error(e))?
            .ok_or_else(|| Error::new(ErrorKind::InvalidToken, "users/me answered 404"))?;
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
