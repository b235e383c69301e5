//! Time zones for the schedule picker: the computer's own first, then every IANA name.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimeZones {
    /// The computer's own zone, which a new schedule starts with ("UTC" when it cannot tell).
    pub system: String,
    pub all: Vec<String>,
}

pub fn time_zones() -> TimeZones {
    let all: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name().to_owned())
        .collect();
    let system = iana_time_zone::get_timezone()
        .ok()
        .filter(|zone| all.contains(zone))
        .unwrap_or_else(|| "UTC".into());
    TimeZones { system, all }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_has_the_zones_people_pick_and_the_system_one() {
        let zones = super::time_zones();
        for zone in ["UTC", "Europe/Prague", "America/New_York", "Asia/Tokyo"] {
            assert!(zones.all.iter().any(|z| z == zone), "{zone}");
        }
        assert!(zones.all.contains(&zones.system));
    }
}
