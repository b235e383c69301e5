//! Runs as the Runs screen lists them (newest first, by status, for one Actor or all), and one
//! run with what its page shows: timing, cost, items, origin.

use std::collections::HashMap;

use apify_client::clients::run_collection::RunListOptions;
use apify_client::common::ListOptions;
use apify_client::models::ActorRun;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::runs::catalog::CatalogRow;
use crate::runs::output::RunOutput;
use crate::runs::RunSummary;
use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunRow {
    pub run: RunSummary,
    /// `username/name` of the Actor, where the user's Actors list has it.
    pub actor_name: Option<String>,
    /// The Actor's title ("Generate sample items"), which a person knows it by.
    pub actor_title: Option<String>,
    pub duration_secs: Option<f64>,
    /// Where the run was started, as the API says it: `API`, `WEB`, `SCHEDULER`…
    pub origin: Option<String>,
    /// Where it was started in a person's words: "started here", "from a schedule"…
    pub started_by: Option<String>,
    /// Items in its default dataset, where it was asked for (the recent runs of one Actor).
    pub item_count: Option<u64>,
    /// The schedule that started it, where one did.
    pub schedule_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunsPage {
    pub rows: Vec<RunRow>,
    pub total: u64,
    pub offset: u64,
}

/// Everything a run's page shows besides its log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunDetails {
    pub row: RunRow,
    pub compute_units: Option<f64>,
    pub usage_total_usd: Option<f64>,
    /// Items in the run's default dataset.
    pub item_count: Option<u64>,
    pub build_number: Option<String>,
    /// Apify Console's page of the run, for runs on the real platform.
    pub console_url: Option<String>,
    /// What the Actor's output schema names, in its order; empty without one.
    pub outputs: Vec<RunOutput>,
}

pub async fn list(
    session: &Session,
    actor_id: Option<&str>,
    status: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<RunsPage, Error> {
    let client = session.client();
    let runs = match actor_id {
        Some(actor) => client.actor(actor).runs(),
        None => client.runs(),
    };
    let filter = RunListOptions {
        status: status.map(|s| vec![s.to_owned()]).unwrap_or_default(),
        ..Default::default()
    };
    let page = runs
        .list(
            ListOptions {
                offset: Some(offset as i64),
                limit: Some(limit.clamp(1, 1000) as i64),
                desc: Some(true),
            },
            filter,
        )
        .await
        .map_err(|e| session.error(e))?;
    let names = known_actors(session).await?;
    let rows = page.items.into_iter().map(|run| row(run, &names)).collect();
    Ok(RunsPage {
        rows,
        total: page.total.max(0) as u64,
        offset,
    })
}

/// The last `limit` runs of one Actor with their item counts, oldest first, for a chart.
pub async fn recent(session: &Session, actor_id: &str, limit: u64) -> Result<Vec<RunRow>, Error> {
    let mut rows = list(session, Some(actor_id), None, 0, limit).await?.rows;
    let counts = rows.iter().map(|row| async {
        let Some(dataset) = &row.run.default_dataset_id else {
            return Ok(None);
        };
        let info = session
            .client()
            .dataset(dataset)
            .get()
            .await
            .map_err(|e| session.error(e))?;
        Ok::<_, Error>(info.and_then(|d| d.item_count).map(|c| c.max(0) as u64))
    });
    let counts = futures_util::future::join_all(counts).await;
    for (row, count) in rows.iter_mut().zip(counts) {
        row.item_count = count?;
    }
    rows.reverse();
    Ok(rows)
}

/// What changes while a run works: light enough to read each second while its page shows
/// (one read of the run and one of its dataset, not the Actor catalog the title needs).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunNow {
    pub run: RunSummary,
    pub duration_secs: Option<f64>,
    pub compute_units: Option<f64>,
    pub usage_total_usd: Option<f64>,
    /// Items in the run's default dataset so far.
    pub item_count: Option<u64>,
}

pub async fn now(session: &Session, run_id: &str) -> Result<RunNow, Error> {
    let run = crate::runs::read(session, run_id).await?;
    let facts = Facts::of(session, &run).await?;
    let row = row(run, &HashMap::new());
    Ok(RunNow {
        run: row.run,
        duration_secs: row.duration_secs,
        compute_units: facts.compute_units,
        usage_total_usd: facts.usage_total_usd,
        item_count: facts.item_count,
    })
}

pub async fn details(session: &Session, run_id: &str) -> Result<RunDetails, Error> {
    let run = crate::runs::read(session, run_id).await?;
    let facts = Facts::of(session, &run).await?;
    let build_number = run
        .extra
        .get("buildNumber")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let console_url = run.console_url.clone();
    let output_schema = output_schema(session, run.build_id.as_deref()).await;
    let names = known_actors(session).await?;
    let row = row(run, &names);
    let outputs = crate::runs::output::outputs(&output_schema, &row.run, console_url.as_deref());
    Ok(RunDetails {
        row,
        outputs,
        compute_units: facts.compute_units,
        usage_total_usd: facts.usage_total_usd,
        item_count: facts.item_count,
        build_number,
        console_url,
    })
}

/// The output schema of the build a run ran (`actorDefinition.output`). It only adds a section to
/// the run's page: a build that is gone, or a failed read, leaves the run's default storages.
async fn output_schema(session: &Session, build_id: Option<&str>) -> Value {
    let Some(build_id) = build_id else {
        return Value::Null;
    };
    match session.client().build(build_id).get().await {
        Ok(Some(build)) => build
            .extra
            .get("actorDefinition")
            .map(|definition| definition["output"].clone())
            .unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

/// The figures a run's page shows that move while it works.
struct Facts {
    compute_units: Option<f64>,
    usage_total_usd: Option<f64>,
    item_count: Option<u64>,
}

impl Facts {
    async fn of(session: &Session, run: &ActorRun) -> Result<Facts, Error> {
        let item_count = match &run.default_dataset_id {
            Some(dataset) => session
                .client()
                .dataset(dataset)
                .get()
                .await
                .map_err(|e| session.error(e))?
                .and_then(|d| d.item_count)
                .map(|count| count.max(0) as u64),
            None => None,
        };
        Ok(Facts {
            compute_units: run
                .extra
                .get("stats")
                .and_then(|stats| stats.get("computeUnits"))
                .and_then(Value::as_f64),
            usage_total_usd: run.extra.get("usageTotalUsd").and_then(Value::as_f64),
            item_count,
        })
    }
}

fn row(run: ActorRun, names: &HashMap<String, CatalogRow>) -> RunRow {
    let meta = |key: &str| {
        run.extra
            .get("meta")
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let origin = meta("origin");
    let schedule_id = meta("scheduleId");
    let duration_secs = match (run.started_at, run.finished_at) {
        (Some(start), Some(end)) => Some((end - start).num_milliseconds().max(0) as f64 / 1000.0),
        (Some(start), None) => {
            Some((chrono::Utc::now() - start).num_milliseconds().max(0) as f64 / 1000.0)
        }
        _ => None,
    };
    let actor = run.act_id.as_ref().and_then(|id| names.get(id));
    RunRow {
        actor_name: actor.map(|a| a.name.clone()),
        actor_title: actor.map(|a| a.title.clone()),
        run: RunSummary::from_run(run),
        duration_secs,
        started_by: origin.as_deref().and_then(started_by).map(str::to_owned),
        origin,
        item_count: None,
        schedule_id,
    }
}

/// The user's Actors (made or used) by id, for naming runs: one catalog read, not one call
/// per run.
async fn known_actors(session: &Session) -> Result<HashMap<String, CatalogRow>, Error> {
    crate::runs::catalog::known_actors(session).await
}

pub const STARTED_HERE: &str = "started here";

/// Where a run was started, in a person's words, from the API's `meta.origin`.
pub fn started_by(origin: &str) -> Option<&'static str> {
    Some(match origin {
        "SCHEDULER" => "from a schedule",
        "WEB" => "from Apify Console",
        "API" => "through the API",
        "CLI" => "from the Apify command line",
        "DEVELOPMENT" => "while developing the Actor",
        "WEBHOOK" => "by a webhook",
        "ACTOR" => "by another Actor",
        "STANDBY" => "by a request to the Actor",
        _ => return None,
    })
}
