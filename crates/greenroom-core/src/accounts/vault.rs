//! Profile tokens in the OS keychain, one entry per profile. A token that cannot be read is an
//! error for that profile only: nothing here ever removes the profiles themselves.

use crate::accounts::keychain::{classify, Keychain};
use crate::{ApiToken, Error};

pub struct Vault {
    keychain: Keychain,
}

fn entry_name(profile_id: &str) -> String {
    format!("profile:{profile_id}")
}

impl Vault {
    pub fn new(keychain: Keychain) -> Self {
        Self { keychain }
    }

    /// The keychain itself, for checking that it can keep tokens at all.
    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    pub fn store(&self, profile_id: &str, token: &ApiToken) -> Result<(), Error> {
        self.keychain
            .entry(&entry_name(profile_id))?
            .set_password(token.expose())
            .map_err(classify)
    }

    /// `Ok(None)` when the keychain holds no token for the profile (signed out elsewhere, or the
    /// keychain was reset); an error when the keychain cannot be read.
    pub fn load(&self, profile_id: &str) -> Result<Option<ApiToken>, Error> {
        match self.keychain.entry(&entry_name(profile_id))?.get_password() {
            Ok(token) => Ok(Some(ApiToken::new(&token))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(error) => Err(classify(error)),
        }
    }

    /// Removes the profile's token; a token that is already gone is not an error.
    pub fn forget(&self, profile_id: &str) -> Result<(), Error> {
        match self
            .keychain
            .entry(&entry_name(profile_id))?
            .delete_credential()
        {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(error) => Err(classify(error)),
        }
    }
}
