//! Auto-export rules of the active profile. The sweeps themselves run in the background
//! (`lib.rs`), not from a command.

use std::sync::Arc;

use greenroom_core::auto_export::{AutoExport, AutoExportChoice, AutoExportView};
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

pub(crate) fn auto_export<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<AutoExport>, Error> {
    state(app)
        .auto_export
        .clone()
        .map_err(|detail| Error::StoreUnreadable { detail })
}

async fn active_profile<R: Runtime>(app: &AppHandle<R>) -> Result<String, Error> {
    state(app)
        .accounts
        .profiles()
        .await?
        .active
        .ok_or_else(|| Error::MissingToken {
            detail: "no profile is active".into(),
        })
}

pub async fn auto_export_list<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Vec<AutoExportView>, Error> {
    let profile = active_profile(app).await?;
    Ok(auto_export(app)?.rules(&profile))
}

pub async fn auto_export_set<R: Runtime>(
    app: &AppHandle<R>,
    choice: AutoExportChoice,
) -> Result<AutoExportView, Error> {
    let profile = active_profile(app).await?;
    auto_export(app)?.set_rule(&profile, choice)
}

pub async fn auto_export_remove<R: Runtime>(
    app: &AppHandle<R>,
    rule_id: String,
) -> Result<(), Error> {
    auto_export(app)?.remove_rule(&rule_id)
}
