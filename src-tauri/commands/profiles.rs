//! Tokens and profiles. The token comes in once, with `token_check`; no command returns it.

use greenroom_core::accounts::profiles::Profiles;
use greenroom_core::accounts::{Accounts, TokenCheck};
use greenroom_core::{Account, ApiToken, Error};
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn profiles_list<R: Runtime>(app: &AppHandle<R>) -> Result<Profiles, Error> {
    state(app).accounts.profiles().await
}

/// `api_base_url` is a wish: the core sends the token only to a server its rules allow.
pub async fn token_check<R: Runtime>(
    app: &AppHandle<R>,
    token: String,
    api_base_url: Option<String>,
) -> Result<TokenCheck, Error> {
    let token = ApiToken::new(&zeroize::Zeroizing::new(token));
    let accounts = state(app).accounts.clone();
    accounts.check_token(token, api_base_url.as_deref()).await
}

pub async fn token_forget<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    state(app).accounts.forget_pending();
    Ok(())
}

/// Only the answer crosses, never the token.
pub async fn env_token_present<R: Runtime>(_app: &AppHandle<R>) -> Result<bool, Error> {
    Ok(Accounts::env_token_present())
}

pub async fn env_token_check<R: Runtime>(app: &AppHandle<R>) -> Result<TokenCheck, Error> {
    let accounts = state(app).accounts.clone();
    accounts.check_env_token().await
}

pub async fn profile_save<R: Runtime>(app: &AppHandle<R>, name: String) -> Result<Profiles, Error> {
    state(app).accounts.save_pending(&name).await
}

pub async fn profile_replace_token<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
) -> Result<Profiles, Error> {
    state(app).accounts.replace_token(&id).await
}

pub async fn profile_activate<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
) -> Result<Profiles, Error> {
    state(app).accounts.activate(&id).await
}

pub async fn profile_rename<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
    name: String,
) -> Result<Profiles, Error> {
    state(app).accounts.rename(&id, &name).await
}

pub async fn profile_sign_out<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
) -> Result<Profiles, Error> {
    let profiles = state(app).sign_out(&id).await?;
    super::preferences::forget_at_sign_out(app)?;
    Ok(profiles)
}

pub async fn profile_test<R: Runtime>(app: &AppHandle<R>, id: String) -> Result<Account, Error> {
    state(app).accounts.test(&id).await
}

pub async fn try_without_account<R: Runtime>(app: &AppHandle<R>) -> Result<Profiles, Error> {
    state(app).accounts.try_without_account().await
}
