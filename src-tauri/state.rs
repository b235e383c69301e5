use greenroom_core::keychain::{Keychain, SERVICE};

/// What the commands share for the life of the app.
pub struct AppState {
    pub keychain: Keychain,
}

impl AppState {
    pub fn new() -> Self {
        Self {
            keychain: Keychain::new(SERVICE),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
