//! Auto-export rules of the active profile. The sweeps themselves run in the background
//! (`Greenroom::sweep_auto_exports`), not from a command.

use greenroom_core::auto_export::{AutoExportChoice, AutoExportView};
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn auto_export_list<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Vec<AutoExportView>, Error> {
    let state = state(app);
    let profile = state.active_profile().await?;
    Ok(state.auto_export()?.rules(&profile))
}

/// `folder`: the number of a folder the user chose in the folder dialog; without one, the rule
/// keeps its folder.
pub async fn auto_export_set<R: Runtime>(
    app: &AppHandle<R>,
    choice: AutoExportChoice,
    folder: Option<u32>,
    also_last: bool,
) -> Result<AutoExportView, Error> {
    state(app).set_auto_export(choice, folder, also_last).await
}

pub async fn auto_export_remove<R: Runtime>(
    app: &AppHandle<R>,
    rule_id: String,
) -> Result<(), Error> {
    state(app).auto_export()?.remove_rule(&rule_id)
}
