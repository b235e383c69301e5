//! Signing in and the profiles' rules: a token is checked once and held here (never in the
//! page) until it is saved; profiles change one at a time, so two quick actions never lose a
//! write; every session goes to a server [`ApiServers`] allows.

pub mod api_server;
pub mod keychain;
pub mod local_sandbox;
pub mod profile_store;
pub mod profiles;
pub mod secret;
pub mod session;
pub mod vault;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use crate::accounts::api_server::ApiServers;
use crate::accounts::local_sandbox::LocalSandbox;
use crate::accounts::profile_store::ProfileStore;
use crate::accounts::profiles::{Profile, Profiles};
use crate::accounts::vault::Vault;
use crate::ErrorKind;
use crate::{lock, Account, ApiToken, Error, KeychainStatus, RetryPolicy, Session};

/// The environment variable the official tools read the token from.
pub const ENV_TOKEN: &str = "APIFY_TOKEN";

/// How long a checked token waits for Save before it is wiped from memory.
pub const PENDING_LIFETIME: Duration = Duration::from_secs(5 * 60);

const SANDBOX_PROFILE_NAME: &str = "Sandbox";

/// What a checked token opens, and what may be shown of it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenCheck {
    pub account: Account,
    pub token_hint: String,
    pub api_base_url: String,
    /// False for text that does not look like a personal token: a warning, not a refusal.
    pub looks_like_token: bool,
}

/// A token the user checked but has not saved yet.
struct Pending {
    token: ApiToken,
    account: Account,
    api_base_url: String,
    checked_at: Instant,
    /// Tells a timer which check it was set to wipe.
    generation: u64,
}

pub struct Accounts {
    store: Box<dyn ProfileStore>,
    vault: Arc<Vault>,
    servers: ApiServers,
    sandbox: LocalSandbox,
    pending: Mutex<Option<Pending>>,
    pending_lifetime: Duration,
    generation: Mutex<u64>,
    /// Held from the load of the profiles to their save, so changes never interleave.
    changes: tokio::sync::Mutex<()>,
}

impl Accounts {
    pub fn new(
        store: Box<dyn ProfileStore>,
        vault: Vault,
        servers: ApiServers,
        sandbox: LocalSandbox,
    ) -> Self {
        Self {
            store,
            vault: Arc::new(vault),
            servers,
            sandbox,
            pending: Mutex::new(None),
            pending_lifetime: PENDING_LIFETIME,
            generation: Mutex::new(0),
            changes: tokio::sync::Mutex::new(()),
        }
    }

    /// For tests: a shorter wait before a checked token is wiped.
    pub fn with_pending_lifetime(mut self, lifetime: Duration) -> Self {
        self.pending_lifetime = lifetime;
        self
    }

    pub fn servers(&self) -> &ApiServers {
        &self.servers
    }

    /// Keychain calls block on D-Bus (or the platform's equivalent), so they run on a blocking
    /// thread, never on an async worker.
    async fn keychain<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Vault) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let vault = self.vault.clone();
        tokio::task::spawn_blocking(move || work(&vault))
            .await
            .map_err(|e| Error::internal(format!("a keychain call stopped unexpectedly: {e}")))?
    }

    pub async fn keychain_status(&self) -> Result<KeychainStatus, Error> {
        self.keychain(|vault| vault.keychain().check()).await
    }

    /// The profiles; a sandbox profile's server is started first, so its address is current.
    pub async fn profiles(&self) -> Result<Profiles, Error> {
        let _change = self.changes.lock().await;
        let mut profiles = self.store.load()?;
        self.revive_sandbox(&mut profiles).await?;
        Ok(profiles)
    }

    /// Asks `server` (or the default one) whose account `token` opens, and holds the token
    /// until it is saved, cancelled, or [`PENDING_LIFETIME`] has passed.
    pub async fn check_token(
        self: &Arc<Self>,
        token: ApiToken,
        server: Option<&str>,
    ) -> Result<TokenCheck, Error> {
        // A token checked before is not kept while this one is checked, whatever the answer.
        self.forget_pending();
        let server = match server.filter(|s| !s.trim().is_empty()) {
            Some(server) => self
                .servers
                .check(server, self.sandbox.base_url().as_deref())?,
            None => self.servers.default_server().to_owned(),
        };
        // Someone is waiting on this answer: a few quick retries, not the minutes-long default.
        let quick = RetryPolicy {
            max_retries: 2,
            first_delay: Duration::from_millis(300),
        };
        let account = Session::with_retries(&server, token.clone(), quick)?
            .account()
            .await?;
        let check = TokenCheck {
            account: account.clone(),
            token_hint: token.hint(),
            api_base_url: server.clone(),
            looks_like_token: token.looks_like_apify_token(),
        };
        let generation = {
            let mut generation = lock(&self.generation);
            *generation += 1;
            *generation
        };
        *lock(&self.pending) = Some(Pending {
            token,
            account,
            api_base_url: server,
            checked_at: Instant::now(),
            generation,
        });
        let accounts = Arc::downgrade(self);
        let lifetime = self.pending_lifetime;
        tokio::spawn(async move {
            tokio::time::sleep(lifetime).await;
            if let Some(accounts) = accounts.upgrade() {
                let mut pending = lock(&accounts.pending);
                if pending.as_ref().is_some_and(|p| p.generation == generation) {
                    *pending = None;
                }
            }
        });
        Ok(check)
    }

    /// Checks the token of `APIFY_TOKEN`, read here: it never enters the web layer, and it goes
    /// only to the default server.
    pub async fn check_env_token(self: &Arc<Self>) -> Result<TokenCheck, Error> {
        let token = std::env::var(ENV_TOKEN)
            .map_err(|_| Error::new(ErrorKind::MissingToken, format!("{ENV_TOKEN} is not set")))?;
        self.check_token(ApiToken::new(&token), None).await
    }

    pub fn env_token_present() -> bool {
        std::env::var(ENV_TOKEN).is_ok_and(|token| !token.trim().is_empty())
    }

    /// Wipes a checked token the user decided not to save.
    pub fn forget_pending(&self) {
        *lock(&self.pending) = None;
    }

    /// Whether a checked token is held (for tests of its lifetime).
    pub fn has_pending(&self) -> bool {
        lock(&self.pending).is_some()
    }

    /// The checked token, if it is still fresh; it stays held until a save succeeds.
    fn pending(&self) -> Result<(ApiToken, Account, String), Error> {
        let mut slot = lock(&self.pending);
        if slot
            .as_ref()
            .is_some_and(|p| p.checked_at.elapsed() >= self.pending_lifetime)
        {
            *slot = None;
        }
        let pending = slot.as_ref().ok_or_else(|| {
            Error::new(
                ErrorKind::MissingToken,
                "no checked token is waiting to be saved (it is kept for a few minutes)",
            )
        })?;
        Ok((
            pending.token.clone(),
            pending.account.clone(),
            pending.api_base_url.clone(),
        ))
    }

    /// Saves the checked token in the keychain under a new profile, which becomes the active
    /// one. An empty name becomes the account's username.
    pub async fn save_pending(&self, name: &str) -> Result<Profiles, Error> {
        let _change = self.changes.lock().await;
        let (token, account, server) = self.pending()?;
        let mut profiles = self.store.load()?;
        let name = match name.trim() {
            "" => account.username.as_str(),
            name => name,
        };
        let profile = Profile::new(name, &account, &server, &token, false);
        let id = profile.id.clone();
        self.keychain(move |vault| vault.store(&id, &token)).await?;
        profiles.add(profile);
        self.store.save(&profiles)?;
        self.forget_pending();
        tracing::info!(profiles = profiles.profiles.len(), "profile saved");
        Ok(profiles)
    }

    /// Replaces a profile's token with the checked one. It must have been checked against the
    /// profile's own server, and open the same account there.
    pub async fn replace_token(&self, id: &str) -> Result<Profiles, Error> {
        let _change = self.changes.lock().await;
        let (token, account, server) = self.pending()?;
        let mut profiles = self.store.load()?;
        let profile = profiles.require(id)?;
        if server != profile.api_base_url {
            return Err(Error::validation(
                format!(
                    "Check the new token against this profile's server, {}, first.",
                    profile.api_base_url
                ),
                format!("the token was checked against {server}"),
            ));
        }
        if profile.user_id != account.user_id {
            return Err(Error::with_reason(
                ErrorKind::WrongAccount,
                format!(
                    "It opens the account {}, not {}.",
                    account.username, profile.username
                ),
                "token of another account",
            ));
        }
        let (key, stored) = (id.to_owned(), token.clone());
        self.keychain(move |vault| vault.store(&key, &stored))
            .await?;
        profiles.token_replaced(id, &token)?;
        self.store.save(&profiles)?;
        self.forget_pending();
        Ok(profiles)
    }

    pub async fn activate(&self, id: &str) -> Result<Profiles, Error> {
        self.change(|profiles| profiles.activate(id)).await
    }

    pub async fn rename(&self, id: &str, name: &str) -> Result<Profiles, Error> {
        self.change(|profiles| profiles.rename(id, name)).await
    }

    async fn change(
        &self,
        edit: impl FnOnce(&mut Profiles) -> Result<(), Error>,
    ) -> Result<Profiles, Error> {
        let _change = self.changes.lock().await;
        let mut profiles = self.store.load()?;
        edit(&mut profiles)?;
        self.store.save(&profiles)?;
        Ok(profiles)
    }

    /// Deletes the profile's keychain entry, then the profile. If the keychain refuses, the
    /// profile stays, so the user can retry. Signing out of the sandbox stops it, so its token
    /// stops working at once.
    pub async fn sign_out(&self, id: &str) -> Result<Profiles, Error> {
        let _change = self.changes.lock().await;
        let mut profiles = self.store.load()?;
        let sandbox = profiles.require(id)?.sandbox;
        let key = id.to_owned();
        self.keychain(move |vault| vault.forget(&key)).await?;
        if sandbox {
            self.sandbox.stop().await?;
        }
        profiles.remove(id)?;
        self.store.save(&profiles)?;
        Ok(profiles)
    }

    /// The profile's token, from the keychain.
    async fn token_of(&self, id: &str) -> Result<ApiToken, Error> {
        let key = id.to_owned();
        self.keychain(move |vault| vault.load(&key))
            .await?
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingToken,
                    format!("the keychain has no token for profile {id}"),
                )
            })
    }

    /// A session for a saved profile, to a server the rules still allow.
    async fn session_of(&self, profile: &Profile) -> Result<Session, Error> {
        let server = self
            .servers
            .check(&profile.api_base_url, self.sandbox.base_url().as_deref())?;
        Session::new(&server, self.token_of(&profile.id).await?)
    }

    /// Checks a saved profile's token against its server, as "Test connection" does.
    pub async fn test(&self, id: &str) -> Result<Account, Error> {
        let profile = self.profiles().await?.require(id)?.clone();
        self.session_of(&profile).await?.account().await
    }

    /// A session for the active profile.
    pub async fn active_session(&self) -> Result<Session, Error> {
        let profiles = self.profiles().await?;
        let profile = profiles
            .active()
            .ok_or_else(|| Error::new(ErrorKind::MissingToken, "no profile is active"))?;
        let session = self.session_of(profile).await?;
        if !profile.used_within_the_hour() {
            self.note_use(&profile.id).await;
        }
        Ok(session)
    }

    /// Keeps when the profile was last used, for Settings. Only a date shown to the user: a
    /// profile file that cannot be written now is logged, and the call goes on.
    async fn note_use(&self, id: &str) {
        let _change = self.changes.lock().await;
        let noted = self.store.load().and_then(|mut profiles| {
            if profiles.note_use(id)? {
                self.store.save(&profiles)?;
            }
            Ok(())
        });
        if let Err(error) = noted {
            tracing::warn!("could not note that profile {id} was used: {error}");
        }
    }

    /// Starts the sandbox and signs in to it with a profile of its own (or the existing one).
    pub async fn try_without_account(&self) -> Result<Profiles, Error> {
        let _change = self.changes.lock().await;
        let mut profiles = self.store.load()?;
        if let Some(existing) = profiles.sandbox_profile().map(|p| p.id.clone()) {
            self.revive_sandbox(&mut profiles).await?;
            profiles.activate(&existing)?;
            self.store.save(&profiles)?;
            return Ok(profiles);
        }
        let token = ApiToken::generate()
            .map_err(|e| Error::internal(format!("no randomness from the OS: {e}")))?;
        let base_url = self.sandbox.ensure_running(&token).await?;
        let account = Session::new(&base_url, token.clone())?.account().await?;
        let profile = Profile::new(SANDBOX_PROFILE_NAME, &account, &base_url, &token, true);
        let id = profile.id.clone();
        self.keychain(move |vault| vault.store(&id, &token)).await?;
        profiles.add(profile);
        self.store.save(&profiles)?;
        Ok(profiles)
    }

    /// Brings a sandbox profile's server back after a restart (it listens on a new port each
    /// time), with the profile's token from the keychain. Called with `changes` held.
    async fn revive_sandbox(&self, profiles: &mut Profiles) -> Result<(), Error> {
        let Some(profile) = profiles.sandbox_profile().cloned() else {
            return Ok(());
        };
        let key = profile.id.clone();
        let Some(token) = self.keychain(move |vault| vault.load(&key)).await? else {
            return Ok(());
        };
        let base_url = self.sandbox.ensure_running(&token).await?;
        if profile.api_base_url != base_url {
            profiles.require_mut(&profile.id)?.api_base_url = base_url;
            self.store.save(profiles)?;
        }
        Ok(())
    }
}
