//! "Try without an account": the bundled sandbox on 127.0.0.1, with its data in the app's data
//! folder, so a newcomer can use every feature offline and find their work again next time.

use apify_sandbox::{Sandbox, SandboxOptions};
use greenroom_core::profiles::{Profile, Profiles};
use greenroom_core::{ApiToken, Error, Session};
use tauri::{AppHandle, Manager, Runtime};

use super::auth::ProfilesView;
use super::blocking;
use crate::profiles_store;
use crate::state::AppState;

const PROFILE_NAME: &str = "Sandbox";

/// Starts the sandbox if it is not running, accepting `token`, and answers its base URL.
async fn ensure_running<R: Runtime>(app: &AppHandle<R>, token: &ApiToken) -> Result<String, Error> {
    let state = app.state::<AppState>();
    let mut running = state.sandbox.lock().await;
    if let Some(sandbox) = running.as_ref() {
        return Ok(sandbox.base_url().to_owned());
    }
    let data = app
        .path()
        .app_data_dir()
        .map_err(|e| Error::Disk {
            detail: format!("no data folder for the sandbox: {e}"),
        })?
        .join("sandbox");
    let options = SandboxOptions {
        data: Some(data.clone()),
        tokens: vec![token.with_secret(str::to_owned)],
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::start_with(options)
        .await
        .map_err(|e| Error::from_io(e, &data))?;
    let base_url = sandbox.base_url().to_owned();
    *running = Some(sandbox);
    tracing::info!(%base_url, "sandbox started");
    Ok(base_url)
}

/// Brings a sandbox profile's server back after a restart (it listens on a new port each time).
pub async fn revive<R: Runtime>(app: &AppHandle<R>, profiles: &mut Profiles) -> Result<(), Error> {
    let Some(profile) = profiles.profiles.iter().find(|p| p.sandbox).cloned() else {
        return Ok(());
    };
    let id = profile.id.clone();
    let Some(token) = blocking(app, move |state| state.vault.load(&id)).await? else {
        return Ok(());
    };
    let base_url = ensure_running(app, &token).await?;
    if profile.api_base_url != base_url {
        if let Some(stored) = profiles.profiles.iter_mut().find(|p| p.id == profile.id) {
            stored.api_base_url = base_url;
        }
        profiles_store::save(app, profiles)?;
    }
    Ok(())
}

/// Starts the sandbox and signs in to it with a profile of its own (or the existing one).
#[tauri::command]
pub async fn try_without_account<R: Runtime>(app: AppHandle<R>) -> Result<ProfilesView, Error> {
    let mut profiles = profiles_store::load(&app)?;
    if let Some(existing) = profiles
        .profiles
        .iter()
        .find(|p| p.sandbox)
        .map(|p| p.id.clone())
    {
        revive(&app, &mut profiles).await?;
        profiles.activate(&existing)?;
        profiles_store::save(&app, &profiles)?;
        return Ok(profiles.into());
    }
    let token = ApiToken::generate();
    let base_url = ensure_running(&app, &token).await?;
    let account = Session::new(&base_url, token.clone())?.account().await?;
    let profile = Profile::new(PROFILE_NAME, &account, &base_url, &token, true);
    let (id, stored) = (profile.id.clone(), token.clone());
    blocking(&app, move |state| state.vault.store(&id, &stored)).await?;
    profiles.add(profile);
    profiles_store::save(&app, &profiles)?;
    Ok(profiles.into())
}
