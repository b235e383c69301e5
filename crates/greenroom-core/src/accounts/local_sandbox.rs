//! "Try without an account": the bundled sandbox, in this process, on 127.0.0.1 and a free port,
//! with its data in a folder of the app's own (0700). Its token lives in the keychain like any
//! profile's; the sandbox holds it in memory only, and forgets it when the profile signs out.

use std::path::PathBuf;
use std::sync::Mutex;

#[cfg(feature = "local-sandbox")]
use apify_sandbox::{Sandbox, SandboxOptions};

use crate::{lock, ApiToken, Error};

/// Stands in for the sandbox in a build without one: it is never running.
#[cfg(not(feature = "local-sandbox"))]
enum Sandbox {}

pub struct LocalSandbox {
    data: PathBuf,
    running: tokio::sync::Mutex<Option<Sandbox>>,
    /// The running sandbox's base URL, readable without waiting for a start in progress.
    base_url: Mutex<Option<String>>,
}

impl LocalSandbox {
    pub fn new(data: impl Into<PathBuf>) -> Self {
        Self {
            data: data.into(),
            running: tokio::sync::Mutex::new(None),
            base_url: Mutex::new(None),
        }
    }

    /// `http://127.0.0.1:PORT` while it runs.
    pub fn base_url(&self) -> Option<String> {
        lock(&self.base_url).clone()
    }

    /// Starts the sandbox if it is not running, accepting `token`, and answers its base URL. A
    /// running sandbox is asked to accept `token` too, so a new sandbox profile works at once.
    #[cfg(not(feature = "local-sandbox"))]
    pub async fn ensure_running(&self, _token: &ApiToken) -> Result<String, Error> {
        Err(Error::validation(
            "This build of Greenroom has no bundled sandbox; sign in with an Apify token instead.",
            format!(
                "built without the local-sandbox feature ({})",
                self.data.display()
            ),
        ))
    }

    #[cfg(feature = "local-sandbox")]
    pub async fn ensure_running(&self, token: &ApiToken) -> Result<String, Error> {
        let mut running = self.running.lock().await;
        if let Some(sandbox) = running.as_ref() {
            sandbox.accept_token(token.expose());
            return Ok(sandbox.base_url().to_owned());
        }
        // Ids and URL-signing keys grow from this seed: from the OS, so signed links differ
        // from one computer to the next (the test sandbox keeps a fixed one).
        let mut seed = [0u8; 8];
        getrandom::fill(&mut seed)
            .map_err(|e| Error::internal(format!("no randomness from the OS: {e}")))?;
        let options = SandboxOptions {
            data: Some(self.data.clone()),
            tokens: vec![token.expose().to_owned()],
            control_token: None,
            random_seed: u64::from_le_bytes(seed),
            ..SandboxOptions::default()
        };
        let sandbox = Sandbox::start_with(options)
            .await
            .map_err(|e| Error::from_io(e, &self.data))?;
        let base_url = sandbox.base_url().to_owned();
        *running = Some(sandbox);
        *lock(&self.base_url) = Some(base_url.clone());
        tracing::info!(%base_url, "sandbox started");
        Ok(base_url)
    }

    /// Forgets every token it accepted and stops serving: a signed-out token stops working at
    /// once, and the data stays for the next "Try without an account".
    pub async fn stop(&self) -> Result<(), Error> {
        let Some(sandbox) = self.running.lock().await.take() else {
            return Ok(());
        };
        *lock(&self.base_url) = None;
        self.shut_down(sandbox)
    }

    #[cfg(feature = "local-sandbox")]
    fn shut_down(&self, sandbox: Sandbox) -> Result<(), Error> {
        sandbox.forget_tokens();
        sandbox.stop().map_err(|e| Error::from_io(e, &self.data))?;
        tracing::info!("sandbox stopped");
        Ok(())
    }

    #[cfg(not(feature = "local-sandbox"))]
    fn shut_down(&self, sandbox: Sandbox) -> Result<(), Error> {
        match sandbox {}
    }
}
