//! Cron expressions as the platform takes them (five fields, or six with seconds first, or a
//! nickname such as `@daily`): checked field by field so a mistake is named where it is, read
//! in plain words, and their next times worked out in a time zone.

use chrono::{DateTime, Timelike, Utc};
use croner::parser::{CronParser, Seconds, Year};
use serde::Serialize;
use ts_rs::TS;

use super::when::{When, MONTHS, WEEKDAYS};

/// How many next times the dialog shows while the user types.
pub const NEXT_TIMES: usize = 5;

/// What an expression means, or what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CronReading {
    pub expression: String,
    /// "Every weekday at 9:00"; `None` when the expression is not valid.
    pub words: Option<String>,
    /// The next times it fires, as UTC timestamps the page shows in the user's own time.
    pub next: Vec<String>,
    pub problem: Option<CronProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CronProblem {
    pub message: String,
    /// Which field (1 for the first) the problem is in, where one is to blame.
    pub field: Option<u32>,
}

#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    low: u32,
    high: u32,
    names: &'static [&'static str],
}

const SECOND: Field = Field {
    name: "second",
    low: 0,
    high: 59,
    names: &[],
};
const MINUTE: Field = Field {
    name: "minute",
    low: 0,
    high: 59,
    names: &[],
};
const HOUR: Field = Field {
    name: "hour",
    low: 0,
    high: 23,
    names: &[],
};
const DAY: Field = Field {
    name: "day of the month",
    low: 1,
    high: 31,
    names: &[],
};
const MONTH: Field = Field {
    name: "month",
    low: 1,
    high: 12,
    names: &MONTHS,
};
const WEEKDAY: Field = Field {
    name: "day of the week",
    low: 0,
    high: 7,
    names: &WEEKDAYS,
};

const NICKNAMES: [&str; 7] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
];

fn ordinal(n: usize) -> &'static str {
    ["first", "second", "third", "fourth", "fifth", "sixth"][n.min(5)]
}

/// Checks each field's values against its range and names, so the message says which field
/// and what it should be; what that leaves to the parser (L, W, #) it checks afterwards.
fn check_fields(expression: &str) -> Result<(), CronProblem> {
    let trimmed = expression.trim();
    if trimmed.is_empty() {
        return Err(CronProblem {
            message: "Type an expression, such as 0 9 * * 1-5 for 9:00 on weekdays.".into(),
            field: None,
        });
    }
    if trimmed.starts_with('@') {
        if NICKNAMES.contains(&trimmed.to_lowercase().as_str()) {
            return Ok(());
        }
        return Err(CronProblem {
            message: format!(
                "{trimmed} is not a name Apify knows; it knows {}.",
                NICKNAMES.join(", ")
            ),
            field: None,
        });
    }
    let parts: Vec<&str> = trimmed.split_whitespace().collect();
    let layout: &[Field] = match parts.len() {
        5 => &[MINUTE, HOUR, DAY, MONTH, WEEKDAY],
        6 => &[SECOND, MINUTE, HOUR, DAY, MONTH, WEEKDAY],
        n => {
            return Err(CronProblem {
                message: format!(
                    "It has {n} field{}; Apify takes 5 (minute, hour, day of the month, month, day of the week) or 6 with seconds first.",
                    if n == 1 { "" } else { "s" }
                ),
                field: None,
            })
        }
    };
    for (index, (part, field)) in parts.iter().zip(layout).enumerate() {
        check_field(part, field).map_err(|why| CronProblem {
            message: format!("The {} field, the {}, {why}", ordinal(index), field.name),
            field: Some(index as u32 + 1),
        })?;
    }
    Ok(())
}

fn check_field(part: &str, field: &Field) -> Result<(), String> {
    for item in part.split(',') {
        if item.is_empty() {
            return Err(format!("has an empty value in \"{part}\"."));
        }
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        if let Some(step) = step {
            match step.parse::<u32>() {
                Ok(n) if n >= 1 => {}
                _ => return Err(format!("has \"/{step}\"; a step is a whole number from 1.")),
            }
        }
        if range == "*" || range == "?" {
            continue;
        }
        // The platform's extras (last day, nearest weekday, nth weekday) are left to the parser.
        if range.contains(['L', 'l', 'W', 'w', '#']) {
            continue;
        }
        let (from, to) = match range.split_once('-') {
            Some((from, to)) => (from, Some(to)),
            None => (range, None),
        };
        let from = value(from, field)?;
        if let Some(to) = to {
            let to = value(to, field)?;
            if to < from {
                return Err(format!(
                    "has the range {range}, which goes backwards; write the smaller value first."
                ));
            }
        }
    }
    Ok(())
}

fn article(field: &Field) -> &'static str {
    if field.name == "hour" {
        "an"
    } else {
        "a"
    }
}

fn value(text: &str, field: &Field) -> Result<u32, String> {
    if let Ok(n) = text.parse::<u32>() {
        if (field.low..=field.high).contains(&n) {
            return Ok(n);
        }
        return Err(format!(
            "says {n}, but {} {} is {} to {}.",
            article(field),
            field.name,
            field.low,
            field.high
        ));
    }
    let upper = text.to_uppercase();
    if let Some(index) = field.names.iter().position(|name| *name == upper) {
        return Ok(index as u32 + field.low);
    }
    if field.names.is_empty() {
        Err(format!(
            "says \"{text}\", but {} {} is a number from {} to {}.",
            article(field),
            field.name,
            field.low,
            field.high
        ))
    } else {
        Err(format!(
            "says \"{text}\", but a {} is a number from {} to {} or a name such as {}.",
            field.name, field.low, field.high, field.names[1]
        ))
    }
}

/// The parsed expression, with the same settings as the platform (and the sandbox).
pub fn parse(expression: &str) -> Result<croner::Cron, CronProblem> {
    check_fields(expression)?;
    CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .build()
        .parse(expression.trim())
        .map_err(|error| CronProblem {
            message: format!("Apify would refuse it: {error}"),
            field: None,
        })
}

pub fn zone(name: &str) -> Result<chrono_tz::Tz, crate::Error> {
    name.parse::<chrono_tz::Tz>().map_err(|_| {
        crate::Error::validation(
            format!("\"{name}\" is not a time zone Greenroom knows; pick one from the list."),
            format!("time zone {name:?}"),
        )
    })
}

/// The next `count` times after `after`, in `zone`, as UTC timestamps.
pub fn next_times(
    cron: &croner::Cron,
    zone: chrono_tz::Tz,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<String> {
    // The parser keeps the start's fraction of a second in every time it finds.
    let after = after.with_nanosecond(0).unwrap_or(after);
    cron.iter_after(after.with_timezone(&zone))
        .take(count)
        .map(|time| {
            time.with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .collect()
}

/// What the expression means and when it fires next, or what is wrong with it.
pub fn read(expression: &str, zone: chrono_tz::Tz, now: DateTime<Utc>) -> CronReading {
    match parse(expression) {
        Ok(cron) => CronReading {
            expression: expression.trim().to_owned(),
            words: Some(When::from_cron(expression).words()),
            next: next_times(&cron, zone, now, NEXT_TIMES),
            problem: None,
        },
        Err(problem) => CronReading {
            expression: expression.trim().to_owned(),
            words: None,
            next: Vec::new(),
            problem: Some(problem),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_mistake_is_named_with_its_field() {
        let problem = |e: &str| parse(e).expect_err(e);
        let hour = problem("0 25 * * *");
        assert_eq!(hour.field, Some(2));
        assert_eq!(
            hour.message,
            "The second field, the hour, says 25, but an hour is 0 to 23."
        );
        assert_eq!(problem("0 9 * * FUN").field, Some(5));
        assert!(problem("0 9 * * FUN").message.contains("such as MON"));
        assert_eq!(problem("0 9 * 13 *").field, Some(4));
        assert_eq!(problem("0 9 5-1 * *").field, Some(3));
        assert_eq!(problem("*/0 * * * *").field, Some(1));
        assert!(problem("0 9 * *").message.starts_with("It has 4 fields"));
        assert!(problem("0 0 9 * * * 2030")
            .message
            .starts_with("It has 7 fields"));
        assert!(problem("@sometimes").message.contains("@daily"));
        assert!(problem("").message.starts_with("Type an expression"));
        for good in [
            "0 9 * * 1-5",
            "30 8 1 * *",
            "0 0 9 * * MON,WED",
            "@weekly",
            "0 12 L * *",
        ] {
            assert!(parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn next_times_follow_the_zone_and_its_clock_changes() {
        let cron = parse("0 9 * * *").unwrap();
        // Prague moves to summer time on 29 March 2026: 9:00 is 8:00 UTC before, 7:00 after.
        let times = next_times(
            &cron,
            "Europe/Prague".parse().unwrap(),
            utc("2026-03-27T12:00:00Z"),
            3,
        );
        assert_eq!(
            times,
            [
                "2026-03-28T08:00:00.000Z",
                "2026-03-29T07:00:00.000Z",
                "2026-03-30T07:00:00.000Z"
            ]
        );
    }

    #[test]
    fn a_reading_says_what_is_wrong_or_what_it_means() {
        let zone = "UTC".parse().unwrap();
        let bad = read("0 9 * * 8", zone, utc("2026-01-01T00:00:00Z"));
        assert!(bad.words.is_none() && bad.next.is_empty());
        assert_eq!(bad.problem.unwrap().field, Some(5));
        let good = read("0 9 * * 1-5", zone, utc("2026-01-01T00:00:00Z"));
        assert_eq!(good.words.as_deref(), Some("Every weekday at 9:00"));
        // 1 January 2026 is a Thursday.
        assert_eq!(
            good.next,
            [
                "2026-01-01T09:00:00.000Z",
                "2026-01-02T09:00:00.000Z",
                "2026-01-05T09:00:00.000Z",
                "2026-01-06T09:00:00.000Z",
                "2026-01-07T09:00:00.000Z"
            ]
        );
    }
}
