//! "When" as a person picks it (every 15 minutes, weekdays at 9:00, the 1st of each month…),
//! turned into the cron expression the platform keeps, read back from one, and said in words.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Error;

/// The names cron takes for months and days of the week (Sunday is 0).
pub(super) const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
pub(super) const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimeOfDay {
    pub hour: u8,
    pub minute: u8,
}

/// The forms of the schedule picker; anything else is `Custom`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "form", rename_all = "camelCase")]
pub enum When {
    EveryMinutes {
        minutes: u8,
    },
    /// `minute` past every `hours`-th hour, counted from midnight.
    EveryHours {
        hours: u8,
        minute: u8,
    },
    Daily {
        at: TimeOfDay,
    },
    Weekdays {
        at: TimeOfDay,
    },
    /// Days of the week, 0 for Sunday to 6 for Saturday.
    Weekly {
        days: Vec<u8>,
        at: TimeOfDay,
    },
    /// A day of the month, 1 to 31 (a month without that day is skipped, as cron does).
    Monthly {
        day: u8,
        at: TimeOfDay,
    },
    Custom {
        expression: String,
    },
}

const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn bad(message: &str) -> Error {
    Error::validation(message, "schedule picker")
}

fn check_time(at: &TimeOfDay) -> Result<(), Error> {
    if at.hour > 23 || at.minute > 59 {
        return Err(bad("A time is from 0:00 to 23:59."));
    }
    Ok(())
}

impl When {
    /// The cron expression for this choice, after checking it makes sense.
    pub fn to_cron(&self) -> Result<String, Error> {
        Ok(match self {
            When::EveryMinutes { minutes } => {
                if !(1..=59).contains(minutes) {
                    return Err(bad("Every 1 to 59 minutes; for longer, pick hours."));
                }
                if *minutes == 1 {
                    "* * * * *".into()
                } else {
                    format!("*/{minutes} * * * *")
                }
            }
            When::EveryHours { hours, minute } => {
                if !(1..=23).contains(hours) || *minute > 59 {
                    return Err(bad(
                        "Every 1 to 23 hours, at a minute from 0 to 59; for longer, pick days.",
                    ));
                }
                if *hours == 1 {
                    format!("{minute} * * * *")
                } else {
                    format!("{minute} */{hours} * * *")
                }
            }
            When::Daily { at } => {
                check_time(at)?;
                format!("{} {} * * *", at.minute, at.hour)
            }
            When::Weekdays { at } => {
                check_time(at)?;
                format!("{} {} * * 1-5", at.minute, at.hour)
            }
            When::Weekly { days, at } => {
                check_time(at)?;
                let mut days = days.clone();
                days.sort_unstable();
                days.dedup();
                if days.is_empty() || days.iter().any(|d| *d > 6) {
                    return Err(bad("Pick at least one day of the week."));
                }
                let list: Vec<String> = days.iter().map(u8::to_string).collect();
                format!("{} {} * * {}", at.minute, at.hour, list.join(","))
            }
            When::Monthly { day, at } => {
                check_time(at)?;
                if !(1..=31).contains(day) {
                    return Err(bad("A day of the month is from 1 to 31."));
                }
                format!("{} {} {day} * *", at.minute, at.hour)
            }
            When::Custom { expression } => expression.trim().to_owned(),
        })
    }

    /// The picker's form an expression is in, so editing a schedule opens on the form it was
    /// made with; an expression no form makes stays `Custom`.
    pub fn from_cron(expression: &str) -> When {
        let custom = || When::Custom {
            expression: expression.trim().to_owned(),
        };
        let trimmed = expression.trim().to_lowercase();
        let nickname = match trimmed.as_str() {
            "@hourly" => Some("0 * * * *"),
            "@daily" | "@midnight" => Some("0 0 * * *"),
            "@weekly" => Some("0 0 * * 0"),
            "@monthly" => Some("0 0 1 * *"),
            _ => None,
        };
        let text = nickname.unwrap_or(&trimmed);
        let mut parts: Vec<&str> = text.split_whitespace().collect();
        if parts.len() == 6 && parts[0] == "0" {
            parts.remove(0);
        }
        let [minute, hour, day, month, weekday] = parts[..] else {
            return custom();
        };
        if month != "*" {
            return custom();
        }
        let number = |text: &str, high: u8| text.parse::<u8>().ok().filter(|n| *n <= high);
        let step = |text: &str, high: u8| {
            text.strip_prefix("*/")
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (2..=high).contains(n))
        };
        let at = match (number(minute, 59), number(hour, 23)) {
            (Some(minute), Some(hour)) => Some(TimeOfDay { hour, minute }),
            _ => None,
        };
        match (day, weekday) {
            ("*", "*") => {
                if minute == "*" && hour == "*" {
                    return When::EveryMinutes { minutes: 1 };
                }
                if let (Some(minutes), "*") = (step(minute, 59), hour) {
                    return When::EveryMinutes { minutes };
                }
                if let Some(minute) = number(minute, 59) {
                    if hour == "*" {
                        return When::EveryHours { hours: 1, minute };
                    }
                    if let Some(hours) = step(hour, 23) {
                        return When::EveryHours { hours, minute };
                    }
                }
                match at {
                    Some(at) => When::Daily { at },
                    None => custom(),
                }
            }
            ("*", days) => {
                let Some(at) = at else { return custom() };
                if days == "1-5" || days == "mon-fri" {
                    return When::Weekdays { at };
                }
                match weekday_list(days) {
                    Some(days) => When::Weekly { days, at },
                    None => custom(),
                }
            }
            (day, "*") => match (number(day, 31).filter(|d| *d >= 1), at) {
                (Some(day), Some(at)) => When::Monthly { day, at },
                _ => custom(),
            },
            _ => custom(),
        }
    }

    /// The choice in a person's words: "Every weekday at 9:00".
    pub fn words(&self) -> String {
        match self {
            When::EveryMinutes { minutes: 1 } => "Every minute".into(),
            When::EveryMinutes { minutes } => format!("Every {minutes} minutes"),
            When::EveryHours { hours, minute } => {
                let every = if *hours == 1 {
                    "Every hour".to_owned()
                } else {
                    format!("Every {hours} hours")
                };
                match minute {
                    0 => every,
                    1 => format!("{every}, at 1 minute past"),
                    m => format!("{every}, at {m} minutes past"),
                }
            }
            When::Daily { at } => format!("Every day at {}", clock(at)),
            When::Weekdays { at } => format!("Every weekday at {}", clock(at)),
            When::Weekly { days, at } => {
                let names: Vec<&str> = days.iter().map(|d| DAY_NAMES[*d as usize % 7]).collect();
                if names.len() == 7 {
                    format!("Every day at {}", clock(at))
                } else {
                    format!("Every {} at {}", and_list(&names), clock(at))
                }
            }
            When::Monthly { day, at } => {
                format!("On the {} of each month at {}", nth(*day), clock(at))
            }
            When::Custom { expression } => custom_words(expression),
        }
    }
}

fn weekday_list(text: &str) -> Option<Vec<u8>> {
    let mut days = Vec::new();
    for item in text.split(',') {
        let day = match item.parse::<u8>() {
            Ok(7) => 0,
            Ok(n) if n <= 6 => n,
            _ => WEEKDAYS
                .iter()
                .position(|name| name.eq_ignore_ascii_case(item))? as u8,
        };
        days.push(day);
    }
    days.sort_unstable();
    days.dedup();
    Some(days)
}

fn clock(at: &TimeOfDay) -> String {
    format!("{}:{:02}", at.hour, at.minute)
}

fn nth(n: u8) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A reading of an expression no picker form makes, field by field: "At 9:00 and 17:00, on
/// Monday to Friday, in January".
fn custom_words(expression: &str) -> String {
    let lower = expression.trim().to_lowercase();
    if lower == "@yearly" || lower == "@annually" {
        return "Every year on 1 January at 0:00".into();
    }
    let mut parts: Vec<&str> = lower.split_whitespace().collect();
    let seconds = if parts.len() == 6 {
        Some(parts.remove(0))
    } else {
        None
    };
    let [minute, hour, day, month, weekday] = parts[..] else {
        return expression.trim().to_owned();
    };
    let mut said = Vec::new();
    let single = |t: &str| t.parse::<u8>().ok();
    match (single(minute), hour) {
        (Some(m), h) if h.split(',').all(|x| x.parse::<u8>().is_ok()) => {
            let times: Vec<String> = h
                .split(',')
                .map(|x| format!("{}:{m:02}", x.parse::<u8>().unwrap_or(0)))
                .collect();
            let refs: Vec<&str> = times.iter().map(String::as_str).collect();
            said.push(format!("At {}", and_list(&refs)));
        }
        _ => {
            said.push(field_words(minute, "minute", "minutes", |v| v.to_owned()));
            if let Some((from, to)) = hour.split_once('-').filter(|_| !hour.contains([',', '/'])) {
                said.push(format!("between {from}:00 and {to}:59"));
            } else if hour != "*" {
                said.push(field_words(hour, "hour", "hours", |v| format!("{v}:00")));
            }
        }
    }
    if let Some(s) = seconds.filter(|s| *s != "0") {
        said.push(field_words(s, "second", "seconds", |v| v.to_owned()));
    }
    if day != "*" && day != "?" {
        said.push(if day == "l" {
            "on the last day of the month".to_owned()
        } else {
            format!("on day {} of the month", day.replace(',', ", "))
        });
    }
    if month != "*" {
        said.push(format!("in {}", name_list(month, &MONTHS, &MONTH_NAMES, 1)));
    }
    if weekday != "*" && weekday != "?" {
        said.push(format!(
            "on {}",
            name_list(weekday, &WEEKDAYS, &DAY_NAMES, 0)
        ));
    }
    let text = said.join(", ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn field_words(value: &str, one: &str, many: &str, show: impl Fn(&str) -> String) -> String {
    if value == "*" {
        return format!("every {one}");
    }
    if let Some(step) = value.strip_prefix("*/") {
        return format!("every {step} {many}");
    }
    let shown: Vec<String> = value.split(',').map(show).collect();
    let refs: Vec<&str> = shown.iter().map(String::as_str).collect();
    format!("at {one} {}", and_list(&refs))
}

/// `1-5` as "Monday to Friday", `jan,jul` as "January and July".
fn name_list(value: &str, short: &[&str], long: &[&str], first: usize) -> String {
    let name = |text: &str| -> String {
        let index = text
            .parse::<usize>()
            .ok()
            .map(|n| (n + long.len() - first) % long.len())
            .or_else(|| short.iter().position(|s| s.eq_ignore_ascii_case(text)));
        index.map_or_else(|| text.to_owned(), |i| long[i].to_owned())
    };
    let items: Vec<String> = value
        .split(',')
        .map(|item| match item.split_once('-') {
            Some((from, to)) => format!("{} to {}", name(from), name(to)),
            None => name(item),
        })
        .collect();
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    and_list(&refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u8, minute: u8) -> TimeOfDay {
        TimeOfDay { hour, minute }
    }

    /// Each picker form, its expression, its words, and the form read back from the expression.
    #[test]
    fn each_form_makes_its_expression_and_reads_back() {
        let cases = [
            (
                When::EveryMinutes { minutes: 15 },
                "*/15 * * * *",
                "Every 15 minutes",
            ),
            (
                When::EveryMinutes { minutes: 1 },
                "* * * * *",
                "Every minute",
            ),
            (
                When::EveryHours {
                    hours: 6,
                    minute: 0,
                },
                "0 */6 * * *",
                "Every 6 hours",
            ),
            (
                When::EveryHours {
                    hours: 1,
                    minute: 30,
                },
                "30 * * * *",
                "Every hour, at 30 minutes past",
            ),
            (
                When::Daily { at: at(9, 0) },
                "0 9 * * *",
                "Every day at 9:00",
            ),
            (
                When::Weekdays { at: at(9, 0) },
                "0 9 * * 1-5",
                "Every weekday at 9:00",
            ),
            (
                When::Weekly {
                    days: vec![1, 3, 5],
                    at: at(7, 45),
                },
                "45 7 * * 1,3,5",
                "Every Monday, Wednesday and Friday at 7:45",
            ),
            (
                When::Monthly {
                    day: 1,
                    at: at(8, 30),
                },
                "30 8 1 * *",
                "On the 1st of each month at 8:30",
            ),
            (
                When::Monthly {
                    day: 22,
                    at: at(23, 5),
                },
                "5 23 22 * *",
                "On the 22nd of each month at 23:05",
            ),
        ];
        for (when, expression, words) in cases {
            assert_eq!(when.to_cron().unwrap(), expression);
            assert_eq!(when.words(), words);
            assert_eq!(When::from_cron(expression), when, "{expression}");
        }
    }

    #[test]
    fn other_spellings_read_as_the_form_they_mean() {
        assert_eq!(When::from_cron("@daily").words(), "Every day at 0:00");
        assert_eq!(When::from_cron("@hourly").words(), "Every hour");
        assert_eq!(When::from_cron("@weekly").words(), "Every Sunday at 0:00");
        assert_eq!(
            When::from_cron("0 0 9 * * MON-FRI").words(),
            "Every weekday at 9:00"
        );
        assert_eq!(
            When::from_cron("0 9 * * SUN,SAT").words(),
            "Every Sunday and Saturday at 9:00"
        );
        assert_eq!(
            When::from_cron("@yearly").words(),
            "Every year on 1 January at 0:00"
        );
        assert_eq!(
            When::from_cron("0 9,17 * 1,7 1-5").words(),
            "At 9:00 and 17:00, in January and July, on Monday to Friday"
        );
        assert_eq!(
            When::from_cron("*/10 8-18 L * *").words(),
            "Every 10 minutes, between 8:00 and 18:59, on the last day of the month"
        );
    }

    #[test]
    fn a_choice_that_makes_no_sense_is_refused_in_words() {
        for when in [
            When::EveryMinutes { minutes: 0 },
            When::EveryMinutes { minutes: 60 },
            When::EveryHours {
                hours: 24,
                minute: 0,
            },
            When::Daily { at: at(24, 0) },
            When::Weekly {
                days: vec![],
                at: at(9, 0),
            },
            When::Monthly {
                day: 32,
                at: at(9, 0),
            },
        ] {
            let error = when.to_cron().unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::Validation, "{when:?}");
        }
    }
}
