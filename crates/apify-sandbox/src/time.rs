use chrono::{SecondsFormat, Utc};

/// An ISO 8601 timestamp with milliseconds, as the API writes them.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}
