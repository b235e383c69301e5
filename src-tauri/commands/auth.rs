//! Tokens and profiles. The token comes in once, with `token_check`; no command returns it.

use greenroom_core::profiles::{Profile, Profiles};
use greenroom_core::{Account, ApiToken, Error, RetryPolicy, Session};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;

use super::blocking;
use crate::profiles_store;
use crate::state::{AppState, Pending};

/// Where a user finds their token.
const TOKEN_PAGE: &str = "https://console.apify.com/settings/integrations";

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfilesView {
    pub profiles: Vec<Profile>,
    pub active: Option<String>,
}

impl From<Profiles> for ProfilesView {
    fn from(profiles: Profiles) -> Self {
        ProfilesView {
            profiles: profiles.profiles,
            active: profiles.active,
        }
    }
}

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

fn state<R: Runtime>(app: &AppHandle<R>) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}

/// The profiles; a sandbox profile's server is started first, so its address is current.
#[tauri::command]
pub async fn profiles_list<R: Runtime>(app: AppHandle<R>) -> Result<ProfilesView, Error> {
    let mut profiles = profiles_store::load(&app)?;
    super::sandbox::revive(&app, &mut profiles).await?;
    Ok(profiles.into())
}

#[tauri::command]
pub async fn token_check<R: Runtime>(
    app: AppHandle<R>,
    token: String,
    api_base_url: Option<String>,
) -> Result<TokenCheck, Error> {
    check_and_hold(&app, ApiToken::new(&token), api_base_url).await
}

/// The environment variable the official tools read the token from.
const ENV_TOKEN: &str = "APIFY_TOKEN";

/// Whether `APIFY_TOKEN` is set, so the wizard can offer to use it. Only the answer crosses.
#[tauri::command]
pub fn env_token_present() -> bool {
    std::env::var(ENV_TOKEN).is_ok_and(|token| !token.trim().is_empty())
}

/// Checks the token of `APIFY_TOKEN`, read here in Rust: this token never enters the web layer.
#[tauri::command]
pub async fn env_token_check<R: Runtime>(
    app: AppHandle<R>,
    api_base_url: Option<String>,
) -> Result<TokenCheck, Error> {
    let token = std::env::var(ENV_TOKEN).map_err(|_| Error::MissingToken {
        detail: format!("{ENV_TOKEN} is not set"),
    })?;
    check_and_hold(&app, ApiToken::new(&token), api_base_url).await
}

/// Asks the server whose account the token opens, and holds the token until it is saved.
async fn check_and_hold<R: Runtime>(
    app: &AppHandle<R>,
    token: ApiToken,
    api_base_url: Option<String>,
) -> Result<TokenCheck, Error> {
    let api_base_url = api_base_url
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| greenroom_core::APIFY_API_BASE_URL.into());
    // Someone is waiting on this answer: a few quick retries, not the minutes-long default.
    let quick = RetryPolicy {
        max_retries: 2,
        first_delay: std::time::Duration::from_millis(300),
    };
    let account = Session::with_retries(&api_base_url, token.clone(), quick)?
        .account()
        .await?;
    let check = TokenCheck {
        account: account.clone(),
        token_hint: token.hint(),
        api_base_url: api_base_url.clone(),
        looks_like_token: token.looks_like_apify_token(),
    };
    set_pending(
        app,
        Some(Pending {
            token,
            account,
            api_base_url,
        }),
    );
    Ok(check)
}

/// The checked token waiting for Save (or Replace); `None` once it is used.
fn set_pending<R: Runtime>(app: &AppHandle<R>, pending: Option<Pending>) {
    *state(app).pending.lock().unwrap_or_else(|p| p.into_inner()) = pending;
}

fn pending<R: Runtime>(app: &AppHandle<R>) -> Result<Pending, Error> {
    let slot = state(app);
    let pending = slot.pending.lock().unwrap_or_else(|p| p.into_inner());
    let Some(pending) = pending.as_ref() else {
        return Err(Error::MissingToken {
            detail: "no checked token is waiting to be saved".into(),
        });
    };
    Ok(Pending {
        token: pending.token.clone(),
        account: pending.account.clone(),
        api_base_url: pending.api_base_url.clone(),
    })
}

/// Saves the checked token in the keychain under a new profile, which becomes the active one.
#[tauri::command]
pub async fn profile_save<R: Runtime>(
    app: AppHandle<R>,
    name: String,
) -> Result<ProfilesView, Error> {
    let pending = pending(&app)?;
    let mut profiles = profiles_store::load(&app)?;
    let name = if name.trim().is_empty() {
        pending.account.username.clone()
    } else {
        name
    };
    let profile = Profile::new(
        &name,
        &pending.account,
        &pending.api_base_url,
        &pending.token,
        false,
    );
    let (id, token) = (profile.id.clone(), pending.token.clone());
    blocking(&app, move |state| state.vault.store(&id, &token)).await?;
    profiles.add(profile);
    profiles_store::save(&app, &profiles)?;
    set_pending(&app, None);
    tracing::info!(profiles = profiles.profiles.len(), "profile saved");
    Ok(profiles.into())
}

/// Replaces a profile's token with the checked one, which must open the same account.
#[tauri::command]
pub async fn profile_replace_token<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<ProfilesView, Error> {
    let pending = pending(&app)?;
    let mut profiles = profiles_store::load(&app)?;
    let profile = profiles.get(&id).cloned().ok_or_else(|| Error::NotFound {
        detail: format!("profile {id}"),
    })?;
    if profile.user_id != pending.account.user_id {
        return Err(Error::InvalidInput {
            api_message: format!(
                "this token opens the account {}, not {}.",
                pending.account.username, profile.username
            ),
            detail: "token of another account".into(),
        });
    }
    let (key, token) = (id.clone(), pending.token.clone());
    blocking(&app, move |state| state.vault.store(&key, &token)).await?;
    if let Some(stored) = profiles.profiles.iter_mut().find(|p| p.id == id) {
        stored.token_hint = pending.token.hint();
    }
    profiles_store::save(&app, &profiles)?;
    set_pending(&app, None);
    Ok(profiles.into())
}

#[tauri::command]
pub fn profile_activate<R: Runtime>(app: AppHandle<R>, id: String) -> Result<ProfilesView, Error> {
    let mut profiles = profiles_store::load(&app)?;
    profiles.activate(&id)?;
    profiles_store::save(&app, &profiles)?;
    Ok(profiles.into())
}

#[tauri::command]
pub fn profile_rename<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    name: String,
) -> Result<ProfilesView, Error> {
    let mut profiles = profiles_store::load(&app)?;
    profiles.rename(&id, &name)?;
    profiles_store::save(&app, &profiles)?;
    Ok(profiles.into())
}

/// Deletes the profile's keychain entry, then the profile. If the keychain refuses, the profile
/// stays, so the user can retry.
#[tauri::command]
pub async fn profile_sign_out<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<ProfilesView, Error> {
    let mut profiles = profiles_store::load(&app)?;
    profiles.get(&id).ok_or_else(|| Error::NotFound {
        detail: format!("profile {id}"),
    })?;
    let key = id.clone();
    blocking(&app, move |state| state.vault.forget(&key)).await?;
    profiles.remove(&id)?;
    profiles_store::save(&app, &profiles)?;
    Ok(profiles.into())
}

/// Checks a saved profile's token against its server, as "Test connection" does.
#[tauri::command]
pub async fn profile_test<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Account, Error> {
    let profiles = profiles_store::load(&app)?;
    let profile = profiles.get(&id).cloned().ok_or_else(|| Error::NotFound {
        detail: format!("profile {id}"),
    })?;
    let key = id.clone();
    let token = blocking(&app, move |state| state.vault.load(&key))
        .await?
        .ok_or_else(|| Error::MissingToken {
            detail: format!("the keychain has no token for profile {id}"),
        })?;
    Session::new(&profile.api_base_url, token)?.account().await
}

#[tauri::command]
pub fn open_token_page<R: Runtime>(app: AppHandle<R>) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(TOKEN_PAGE, None::<&str>)
        .map_err(|e| Error::Offline {
            detail: format!("could not open the browser: {e}"),
        })
}
