use std::sync::Mutex;

use greenroom_core::keychain::{Keychain, SERVICE};
use greenroom_core::vault::Vault;
use greenroom_core::{Account, ApiToken};

/// A token the user checked but has not saved yet. It stays here, in Rust: saving sends only a
/// profile name, so the token crosses from the web layer once.
pub struct Pending {
    pub token: ApiToken,
    pub account: Account,
    pub api_base_url: String,
}

/// What the commands share for the life of the app.
pub struct AppState {
    pub vault: Vault,
    pub pending: Mutex<Option<Pending>>,
    /// The bundled sandbox, once "Try without an account" (or a sandbox profile) needs it.
    pub sandbox: tokio::sync::Mutex<Option<apify_sandbox::Sandbox>>,
}

impl AppState {
    pub fn new() -> Self {
        Self {
            vault: Vault::new(Keychain::new(SERVICE)),
            pending: Mutex::new(None),
            sandbox: tokio::sync::Mutex::new(None),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
