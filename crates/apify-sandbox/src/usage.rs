//! The account's usage and limits, worked out from the sandbox's own runs: compute units are
//! gigabyte-hours of memory, as Apify counts them, at the Free plan's price. The memory limit
//! is enforced when a run starts, with Apify's error type and words.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::{Db, Run};

/// What one compute unit costs on Apify's Free plan.
const USD_PER_COMPUTE_UNIT: f64 = 0.4;
pub const MAX_MONTHLY_USAGE_USD: f64 = 5.0;
/// For all the runs working at once.
pub const MAX_ACTOR_MEMORY_MBYTES: u64 = 8 * 1024;

/// The monthly cycle holding `date`: its calendar month, as the Free plan's cycle.
fn cycle(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("a month's first day");
    let next = if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
    }
    .expect("the next month's first day");
    let at = |day: NaiveDate| Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"));
    (at(start), at(next) - chrono::Duration::milliseconds(1))
}

fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Compute units a run used so far: its memory in gigabytes times its hours.
fn compute_units(run: &Run, now: DateTime<Utc>) -> f64 {
    let Some(start) = parse(&run.started_at) else {
        return 0.0;
    };
    let end = run.finished_at.as_deref().and_then(parse).unwrap_or(now);
    let hours = (end - start).num_milliseconds().max(0) as f64 / 3_600_000.0;
    hours * run.options.memory_mbytes as f64 / 1024.0
}

fn usage_item(units: f64) -> Value {
    let usd = units * USD_PER_COMPUTE_UNIT;
    json!({
        "quantity": units,
        "baseAmountUsd": usd,
        "baseUnitPriceUsd": USD_PER_COMPUTE_UNIT,
        "amountAfterVolumeDiscountUsd": usd,
        "priceTiers": [],
    })
}

/// Compute units by day (UTC) of `user_id`'s runs that started in the cycle.
fn daily_units(
    db: &Db,
    user_id: &str,
    cycle: (DateTime<Utc>, DateTime<Utc>),
) -> Vec<(NaiveDate, f64)> {
    let now = Utc::now();
    let mut days: std::collections::BTreeMap<NaiveDate, f64> = Default::default();
    for run in db.runs.values().filter(|r| r.user_id == user_id) {
        let Some(start) = parse(&run.started_at) else {
            continue;
        };
        if start < cycle.0 || start > cycle.1 {
            continue;
        }
        *days.entry(start.date_naive()).or_default() += compute_units(run, now);
    }
    days.into_iter().collect()
}

/// `GET /v2/users/me/usage/monthly`: the cycle holding `date` (today by default).
pub fn monthly(db: &Db, user_id: &str, date: Option<&str>) -> Result<Value, ApiError> {
    let date = match date {
        None => Utc::now().date_naive(),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            ApiError::invalid_parameter(format!(
                "Parameter 'date' must be a date in the YYYY-MM-DD format, got '{text}'"
            ))
        })?,
    };
    let cycle = cycle(date);
    let days = daily_units(db, user_id, cycle);
    let total: f64 = days.iter().map(|(_, units)| units).sum();
    let daily: Vec<Value> = days
        .iter()
        .map(|(day, units)| {
            json!({
                "date": format!("{day}T00:00:00.000Z"),
                "serviceUsage": { "ACTOR_COMPUTE_UNITS": usage_item(*units) },
                "totalUsageCreditsUsd": units * USD_PER_COMPUTE_UNIT,
            })
        })
        .collect();
    Ok(json!({
        "usageCycle": { "startAt": stamp(cycle.0), "endAt": stamp(cycle.1) },
        "monthlyServiceUsage": { "ACTOR_COMPUTE_UNITS": usage_item(total) },
        "dailyServiceUsages": daily,
        "totalUsageCreditsUsdBeforeVolumeDiscount": total * USD_PER_COMPUTE_UNIT,
        "totalUsageCreditsUsdAfterVolumeDiscount": total * USD_PER_COMPUTE_UNIT,
    }))
}

/// Memory of `user_id`'s runs that are working now.
fn memory_in_use(db: &Db, user_id: &str) -> u64 {
    db.runs
        .values()
        .filter(|r| r.user_id == user_id && !r.status.is_terminal())
        .map(|r| r.options.memory_mbytes)
        .sum()
}

/// `GET /v2/users/me/limits`: the limits of the Free plan and what the account uses of them.
pub fn limits(db: &Db, user_id: &str) -> Value {
    let cycle = cycle(Utc::now().date_naive());
    let units: f64 = daily_units(db, user_id, cycle).iter().map(|(_, u)| u).sum();
    let working = db
        .runs
        .values()
        .filter(|r| r.user_id == user_id && !r.status.is_terminal())
        .count();
    json!({
        "monthlyUsageCycle": { "startAt": stamp(cycle.0), "endAt": stamp(cycle.1) },
        "limits": {
            "maxMonthlyUsageUsd": MAX_MONTHLY_USAGE_USD, "maxMonthlyActorComputeUnits": MAX_MONTHLY_USAGE_USD / USD_PER_COMPUTE_UNIT,
            "maxMonthlyExternalDataTransferGbytes": 7, "maxMonthlyProxySerps": 0,
            "maxMonthlyResidentialProxyGbytes": 0, "maxActorMemoryGbytes": MAX_ACTOR_MEMORY_MBYTES / 1024,
            "maxActorCount": 100, "maxActorTaskCount": 1000, "maxConcurrentActorJobs": 25,
            "maxTeamAccountSeatCount": 0, "dataRetentionDays": 7, "maxScheduleCount": 100,
        },
        "current": {
            "monthlyUsageUsd": units * USD_PER_COMPUTE_UNIT, "monthlyActorComputeUnits": units,
            "monthlyExternalDataTransferGbytes": 0, "monthlyProxySerps": 0,
            "monthlyResidentialProxyGbytes": 0,
            "actorMemoryGbytes": memory_in_use(db, user_id) as f64 / 1024.0,
            "actorCount": db.actors.values().filter(|a| a.user_id == user_id).count(),
            "actorTaskCount": db.tasks.values().filter(|t| t.user_id == user_id).count(),
            "activeActorJobCount": working, "teamAccountSeatCount": 0, "scheduleCount": 0,
        },
    })
}

/// Refuses a run whose memory, with the runs already working, is over the account's limit, in
/// Apify's words.
pub fn check_memory(db: &Db, user_id: &str, requested_mbytes: u64) -> Result<(), ApiError> {
    let used = memory_in_use(db, user_id);
    if used + requested_mbytes > MAX_ACTOR_MEMORY_MBYTES {
        return Err(ApiError::new(
            axum::http::StatusCode::PAYMENT_REQUIRED,
            "actor-memory-limit-exceeded",
            format!(
                "By launching this job you will exceed the memory limit of {MAX_ACTOR_MEMORY_MBYTES}MB for all your Actor runs and builds (currently used: {used}MB, requested: {requested_mbytes}MB)"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_the_calendar_month_of_its_date() {
        let (start, end) = cycle(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap());
        assert_eq!(stamp(start), "2026-12-01T00:00:00.000Z");
        assert_eq!(stamp(end), "2026-12-31T23:59:59.999Z");
    }
}
