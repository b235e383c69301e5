//! The OS keychain: macOS Keychain, Windows Credential Manager or the Linux Secret Service, through
//! keyring-core. Only persistent stores are used, never kernel keyutils (it forgets on reboot), and
//! there is no plaintext fallback: without a keychain the user is told what to install or unlock.

use std::sync::{Arc, Mutex};

use keyring_core::api::CredentialStore;
use keyring_core::Entry;
use serde::Serialize;
use ts_rs::TS;

use crate::Error;
use crate::ErrorKind;

/// The keychain service name under which the app's entries are stored.
pub const SERVICE: &str = "app.greenroom.desktop";

const PROBE_USER: &str = "greenroom-keychain-check";

/// What the user sees once the keychain has answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    /// The keychain's everyday name, e.g. "macOS Keychain".
    pub store_name: String,
}

/// A connection to the platform keychain, made on first use.
///
/// keyring-core's process-wide default store is set once and keeps its first failure, so a
/// "Retry" after the user unlocks or installs a keychain would need a restart. Holding the store
/// here, and not caching failures, lets the next call simply try again.
pub struct Keychain {
    service: String,
    store: Mutex<Option<Arc<CredentialStore>>>,
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            store: Mutex::new(None),
        }
    }

    /// The keychain's everyday name on this platform, without asking it anything.
    pub fn store_name() -> &'static str {
        platform::STORE_NAME
    }

    /// Checks that the keychain can store, read and delete an entry: a locked keychain still
    /// answers searches, so only a round trip proves it will keep a token.
    pub fn check(&self) -> Result<KeychainStatus, Error> {
        let entry = self.entry(PROBE_USER)?;
        let probe = "greenroom keychain check";
        entry.set_password(probe).map_err(classify)?;
        let read = entry.get_password().map_err(classify)?;
        entry.delete_credential().map_err(classify)?;
        if read != probe {
            return Err(Error::new(
                ErrorKind::Keychain,
                "the keychain returned a different value than was stored",
            ));
        }
        Ok(KeychainStatus {
            store_name: platform::STORE_NAME.into(),
        })
    }

    pub(crate) fn entry(&self, user: &str) -> Result<Entry, Error> {
        self.store()?
            .build(&self.service, user, None)
            .map_err(classify)
    }

    fn store(&self) -> Result<Arc<CredentialStore>, Error> {
        let mut slot = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(store) = slot.as_ref() {
            return Ok(store.clone());
        }
        let store = platform::connect().map_err(|error| {
            Error::with_reason(
                ErrorKind::KeychainUnavailable,
                platform::UNAVAILABLE_REASON,
                error.to_string(),
            )
        })?;
        *slot = Some(store.clone());
        Ok(store)
    }
}

/// Maps a keychain failure to what the user can do about it.
pub(crate) fn classify(error: keyring_core::Error) -> Error {
    match error {
        keyring_core::Error::NoStorageAccess(_) => Error::with_reason(
            ErrorKind::KeychainLocked,
            platform::LOCKED_REASON,
            error.to_string(),
        ),
        keyring_core::Error::NoDefaultStore => Error::with_reason(
            ErrorKind::KeychainUnavailable,
            platform::UNAVAILABLE_REASON,
            error.to_string(),
        ),
        other => Error::new(ErrorKind::Keychain, other.to_string()),
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use super::*;

    pub const STORE_NAME: &str = "Secret Service (GNOME Keyring or KWallet)";
    pub const UNAVAILABLE_REASON: &str = "Install GNOME Keyring (package gnome-keyring) or KWallet, sign in to your desktop session, \
        then press Retry. Greenroom never stores your token in a plain file.";
    pub const LOCKED_REASON: &str =
        "Open \"Passwords and Keys\" (or KWallet), unlock the Login keyring, then press Retry.";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
        Ok(store)
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use super::*;

    pub const STORE_NAME: &str = "macOS Keychain";
    pub const UNAVAILABLE_REASON: &str = "Restart your Mac, then press Retry.";
    pub const LOCKED_REASON: &str =
        "Open Keychain Access, unlock the login keychain, then press Retry.";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
        Ok(store)
    }
}

#[cfg(target_os = "windows")]
mod platform {
    use super::*;

    pub const STORE_NAME: &str = "Windows Credential Manager";
    pub const UNAVAILABLE_REASON: &str = "Sign out of Windows and in again, then press Retry.";
    pub const LOCKED_REASON: &str =
        "Windows Credential Manager refused access. Sign out of Windows and in again, then press Retry.";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_storage_access_asks_the_user_to_unlock() {
        let refused = keyring_core::Error::NoStorageAccess("SS error: prompt dismissed".into());
        let error = classify(refused);
        assert_eq!(error.kind(), ErrorKind::KeychainLocked);
        assert!(error.to_string().contains("unlock"));
        assert_eq!(
            error.detail(),
            Some("Couldn't access platform storage: SS error: prompt dismissed")
        );
    }

    #[test]
    fn a_missing_store_asks_the_user_to_install_one() {
        let error = classify(keyring_core::Error::NoDefaultStore);
        assert_eq!(error.kind(), ErrorKind::KeychainUnavailable);
    }
}
