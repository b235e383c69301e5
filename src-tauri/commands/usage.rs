//! The active profile's account usage and limits.

use greenroom_core::usage::Usage;
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn usage_get<R: Runtime>(
    app: &AppHandle<R>,
    date: Option<String>,
) -> Result<Usage, Error> {
    let session = state(app).session().await?;
    greenroom_core::usage::usage(&session, date.as_deref()).await
}
