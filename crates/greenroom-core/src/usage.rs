//! The account's usage this month against its limit, for the status bar's gauge and the Usage
//! page: `GET /v2/users/me/limits` and `GET /v2/users/me/usage/monthly`.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceUsage {
    /// The service in plain words, e.g. "Actor compute units".
    pub name: String,
    pub quantity: f64,
    pub usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayUsage {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub cycle_start: String,
    pub cycle_end: String,
    pub used_usd: f64,
    pub max_usd: f64,
    pub compute_units: f64,
    pub max_compute_units: f64,
    pub memory_gbytes_in_use: f64,
    pub max_memory_gbytes: f64,
    pub active_runs: u64,
    pub max_concurrent_runs: u64,
    /// What the cycle asked for cost in all, and its Actor compute units: for a past cycle,
    /// whose figures the limits (which know only the current one) do not give.
    pub cycle_usd: f64,
    pub cycle_compute_units: f64,
    /// The cycle holding the date asked for, most expensive first.
    pub services: Vec<ServiceUsage>,
    pub days: Vec<DayUsage>,
}

/// The limits and what is used of them now, with the breakdown of the cycle holding `date`
/// (`YYYY-MM-DD`; the current one when `None`).
pub async fn usage(session: &Session, date: Option<&str>) -> Result<Usage, Error> {
    let me = session.client().me();
    let (limits, monthly) = futures_util::try_join!(
        async { me.limits().await.map_err(|e| session.error(e)) },
        async {
            me.monthly_usage_for_date(date)
                .await
                .map_err(|e| session.error(e))
        },
    )?;
    Ok(from_answers(&limits, &monthly))
}

fn number(value: &Value, pointer: &str) -> f64 {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or(0.0)
}

fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn from_answers(limits: &Value, monthly: &Value) -> Usage {
    let mut services: Vec<ServiceUsage> = monthly
        .pointer("/monthlyServiceUsage")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(key, item)| ServiceUsage {
            name: service_name(key),
            quantity: number(item, "/quantity"),
            usd: item
                .pointer("/amountAfterVolumeDiscountUsd")
                .or_else(|| item.pointer("/baseAmountUsd"))
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
        })
        .collect();
    services.sort_by(|a, b| b.usd.total_cmp(&a.usd));
    let days = monthly
        .pointer("/dailyServiceUsages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|day| DayUsage {
            date: text(day, "/date").chars().take(10).collect(),
            usd: number(day, "/totalUsageCreditsUsd"),
        })
        .collect();
    Usage {
        cycle_start: text(monthly, "/usageCycle/startAt"),
        cycle_end: text(monthly, "/usageCycle/endAt"),
        used_usd: number(limits, "/current/monthlyUsageUsd"),
        max_usd: number(limits, "/limits/maxMonthlyUsageUsd"),
        compute_units: number(limits, "/current/monthlyActorComputeUnits"),
        max_compute_units: number(limits, "/limits/maxMonthlyActorComputeUnits"),
        memory_gbytes_in_use: number(limits, "/current/actorMemoryGbytes"),
        max_memory_gbytes: number(limits, "/limits/maxActorMemoryGbytes"),
        active_runs: number(limits, "/current/activeActorJobCount") as u64,
        max_concurrent_runs: number(limits, "/limits/maxConcurrentActorJobs") as u64,
        cycle_usd: monthly
            .pointer("/totalUsageCreditsUsdAfterVolumeDiscount")
            .and_then(Value::as_f64)
            .unwrap_or_else(|| services.iter().map(|s| s.usd).sum()),
        cycle_compute_units: number(monthly, "/monthlyServiceUsage/ACTOR_COMPUTE_UNITS/quantity"),
        services,
        days,
    }
}

/// `ACTOR_COMPUTE_UNITS` → "Actor compute units"; names Apify adds later read the same way.
fn service_name(key: &str) -> String {
    match key {
        "ACTOR_COMPUTE_UNITS" => "Actor compute units".into(),
        "DATA_TRANSFER_EXTERNAL_GBYTES" => "Data transfer out (GB)".into(),
        "DATA_TRANSFER_INTERNAL_GBYTES" => "Data transfer within Apify (GB)".into(),
        "PROXY_RESIDENTIAL_TRANSFER_GBYTES" => "Residential proxy (GB)".into(),
        "PROXY_SERPS" => "Google SERP proxy (searches)".into(),
        other => {
            let words = other.to_lowercase().replace('_', " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn services_read_in_plain_words_most_expensive_first() {
        let monthly = json!({
            "usageCycle": { "startAt": "2026-11-01T00:00:00.000Z", "endAt": "2026-11-30T23:59:59.999Z" },
            "monthlyServiceUsage": {
                "ACTOR_COMPUTE_UNITS": { "quantity": 2.5, "baseAmountUsd": 1.0, "amountAfterVolumeDiscountUsd": 1.0 },
                "KEY_VALUE_STORE_READS": { "quantity": 100, "baseAmountUsd": 2.0 },
            },
            "dailyServiceUsages": [{ "date": "2026-11-03T00:00:00.000Z", "serviceUsage": {}, "totalUsageCreditsUsd": 3.0 }],
        });
        let limits =
            json!({ "limits": { "maxMonthlyUsageUsd": 5 }, "current": { "monthlyUsageUsd": 3.0 } });
        let usage = from_answers(&limits, &monthly);
        assert_eq!(usage.services[0].name, "Key value store reads");
        assert_eq!(usage.services[1].name, "Actor compute units");
        assert_eq!(
            usage.days,
            [DayUsage {
                date: "2026-11-03".into(),
                usd: 3.0
            }]
        );
        assert_eq!((usage.used_usd, usage.max_usd), (3.0, 5.0));
        // Without the API's total, the cycle's cost is its services' sum.
        assert_eq!((usage.cycle_usd, usage.cycle_compute_units), (3.0, 2.5));
    }
}
