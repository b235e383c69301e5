//! Schedules of the active profile's account, each shown with the folder its results go to.

use greenroom_core::auto_export::AutoExportRule;
use greenroom_core::runs::RunSummary;
use greenroom_core::schedules::zones::{self, TimeZones};
use greenroom_core::schedules::{
    self, CronReading, ScheduleDetails, ScheduleDraft, ScheduleRow, When,
};
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

async fn rules<R: Runtime>(app: &AppHandle<R>) -> Result<Vec<AutoExportRule>, Error> {
    let state = state(app);
    let profile = state.active_profile().await?;
    Ok(state
        .auto_export()?
        .rules(&profile)
        .into_iter()
        .map(|view| view.rule)
        .collect())
}

pub async fn schedules_list<R: Runtime>(app: &AppHandle<R>) -> Result<Vec<ScheduleRow>, Error> {
    let session = state(app).session().await?;
    schedules::list(&session, &rules(app).await?).await
}

pub async fn schedule_details<R: Runtime>(
    app: &AppHandle<R>,
    schedule_id: String,
) -> Result<ScheduleDetails, Error> {
    let session = state(app).session().await?;
    let mut details = schedules::details(&session, &schedule_id, &rules(app).await?).await?;
    state(app).started.mark(&mut details.runs);
    Ok(details)
}

pub async fn schedule_read_when<R: Runtime>(
    _app: &AppHandle<R>,
    when: When,
    timezone: String,
) -> Result<CronReading, Error> {
    schedules::read_when(&when, &timezone)
}

pub async fn time_zones<R: Runtime>(_app: &AppHandle<R>) -> Result<TimeZones, Error> {
    Ok(zones::time_zones())
}

pub async fn schedule_create<R: Runtime>(
    app: &AppHandle<R>,
    draft: ScheduleDraft,
) -> Result<ScheduleRow, Error> {
    let session = state(app).session().await?;
    schedules::create(&session, &draft, &rules(app).await?).await
}

pub async fn schedule_update<R: Runtime>(
    app: &AppHandle<R>,
    schedule_id: String,
    draft: ScheduleDraft,
) -> Result<ScheduleRow, Error> {
    let session = state(app).session().await?;
    schedules::update(&session, &schedule_id, &draft, &rules(app).await?).await
}

pub async fn schedule_set_enabled<R: Runtime>(
    app: &AppHandle<R>,
    schedule_id: String,
    enabled: bool,
) -> Result<ScheduleRow, Error> {
    let session = state(app).session().await?;
    schedules::set_enabled(&session, &schedule_id, enabled, &rules(app).await?).await
}

pub async fn schedule_delete<R: Runtime>(
    app: &AppHandle<R>,
    schedule_id: String,
) -> Result<(), Error> {
    let session = state(app).session().await?;
    schedules::delete(&session, &schedule_id).await
}

/// The runs it starts are "started here", like any run started in the app.
pub async fn schedule_run_now<R: Runtime>(
    app: &AppHandle<R>,
    schedule_id: String,
) -> Result<Vec<RunSummary>, Error> {
    let state = state(app);
    let session = state.session().await?;
    let runs = schedules::run_now(&session, &schedule_id).await?;
    Ok(runs
        .into_iter()
        .map(|run| state.started.started(run))
        .collect())
}
