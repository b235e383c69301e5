//! Named profiles: which account on which API server. Only non-secret data is here (the app
//! keeps it in its settings store); tokens live in the [`crate::accounts::vault::Vault`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Account, ApiToken, Error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub username: String,
    pub user_id: String,
    pub plan: Option<String>,
    pub api_base_url: String,
    /// What the UI shows of the token, e.g. `apify_api_Ab…x9`.
    pub token_hint: String,
    pub created_at: String,
    /// When Greenroom last used the profile: switched to it, or called Apify with its token,
    /// to the hour. Kept here because the API does not say.
    pub last_used_at: Option<String>,
    /// When its token was saved or last replaced; `None` in profiles saved before this was
    /// kept, whose token is as old as the profile.
    #[serde(default)]
    pub token_added_at: Option<String>,
    /// A profile of the bundled sandbox ("try without an account").
    pub sandbox: bool,
}

impl Profile {
    pub fn used_within_the_hour(&self) -> bool {
        self.last_used_at
            .as_deref()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .is_some_and(|at| chrono::Utc::now() - at.to_utc() < chrono::TimeDelta::hours(1))
    }

    /// A new profile for a token already checked against the server.
    pub fn new(
        name: &str,
        account: &Account,
        api_base_url: &str,
        token: &ApiToken,
        sandbox: bool,
    ) -> Self {
        let now = chrono::Utc::now();
        Profile {
            id: format!(
                "{}-{:08x}",
                now.timestamp_millis(),
                now.timestamp_subsec_nanos()
            ),
            name: name.trim().to_owned(),
            username: account.username.clone(),
            user_id: account.user_id.clone(),
            plan: account.plan.clone(),
            api_base_url: api_base_url.trim_end_matches('/').to_owned(),
            token_hint: token.hint(),
            created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            last_used_at: None,
            token_added_at: Some(now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            sandbox,
        }
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Apify advises replacing tokens regularly; after this many days Settings suggests it.
pub const TOKEN_REPLACE_AFTER_DAYS: u32 = 90;

/// Every profile, and which one is in use. The UI sees exactly this.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profiles {
    pub profiles: Vec<Profile>,
    pub active: Option<String>,
}

impl Profiles {
    /// Adds a profile and makes it the active one.
    pub fn add(&mut self, profile: Profile) {
        self.active = Some(profile.id.clone());
        self.profiles.push(profile);
    }

    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    pub fn active(&self) -> Option<&Profile> {
        self.active.as_deref().and_then(|id| self.get(id))
    }

    /// The profile, or the one error every caller gives for a profile that is gone.
    pub fn require(&self, id: &str) -> Result<&Profile, Error> {
        self.get(id).ok_or_else(|| not_found(id))
    }

    pub fn require_mut(&mut self, id: &str) -> Result<&mut Profile, Error> {
        self.profiles
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| not_found(id))
    }

    pub fn sandbox_profile(&self) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.sandbox)
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), Error> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::validation(
                "A profile needs a name.",
                "empty profile name",
            ));
        }
        self.require_mut(id)?.name = name.to_owned();
        Ok(())
    }

    pub fn activate(&mut self, id: &str) -> Result<(), Error> {
        self.require_mut(id)?.last_used_at = Some(now());
        self.active = Some(id.to_owned());
        Ok(())
    }

    /// Notes that the profile's token was used now, unless that was noted within the hour:
    /// answers whether anything changed, so the file is written at most hourly.
    pub fn note_use(&mut self, id: &str) -> Result<bool, Error> {
        let profile = self.require_mut(id)?;
        let recent = profile.used_within_the_hour();
        if !recent {
            profile.last_used_at = Some(now());
        }
        Ok(!recent)
    }

    /// A new token for the profile: its hint and the date it was added.
    pub fn token_replaced(&mut self, id: &str, token: &ApiToken) -> Result<(), Error> {
        let profile = self.require_mut(id)?;
        profile.token_hint = token.hint();
        profile.token_added_at = Some(now());
        Ok(())
    }

    /// Removes a profile; if it was active, the first remaining one becomes active.
    pub fn remove(&mut self, id: &str) -> Result<Profile, Error> {
        let index = self
            .profiles
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| not_found(id))?;
        let removed = self.profiles.remove(index);
        if self.active.as_deref() == Some(id) {
            self.active = self.profiles.first().map(|p| p.id.clone());
        }
        Ok(removed)
    }
}

fn not_found(id: &str) -> Error {
    Error::local_not_found(format!("profile {id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str) -> Profile {
        let account = Account {
            user_id: "u1".into(),
            username: "ann".into(),
            plan: Some("FREE".into()),
        };
        let mut profile = Profile::new(
            name,
            &account,
            "https://api.apify.com/",
            &ApiToken::new("apify_api_Ab34567890123456789012345678901234x9"),
            false,
        );
        profile.id = name.into();
        profile
    }

    #[test]
    fn use_is_noted_at_most_hourly_and_a_replaced_token_is_dated() {
        let mut profiles = Profiles::default();
        profiles.add(profile("work"));
        assert!(profiles.note_use("work").unwrap(), "a first use is noted");
        assert!(
            !profiles.note_use("work").unwrap(),
            "again within the hour is not"
        );
        let old = "2026-01-01T00:00:00.000Z".to_owned();
        profiles.require_mut("work").unwrap().last_used_at = Some(old.clone());
        profiles.require_mut("work").unwrap().token_added_at = Some(old.clone());
        assert!(profiles.note_use("work").unwrap(), "an hour later it is");
        let token = ApiToken::new("apify_api_Zz34567890123456789012345678901234q1");
        profiles.token_replaced("work", &token).unwrap();
        let work = profiles.get("work").unwrap();
        assert_eq!(work.token_hint, "apify_api_Zz…q1");
        assert_ne!(work.token_added_at, Some(old));
    }

    #[test]
    fn a_profile_saved_before_token_dates_were_kept_still_reads() {
        let json = r#"{"id":"p","name":"n","username":"u","userId":"u1","plan":null,
            "apiBaseUrl":"https://api.apify.com","tokenHint":"apify_api_Ab…x9",
            "createdAt":"2026-01-01T00:00:00.000Z","lastUsedAt":null,"sandbox":false}"#;
        let profile: Profile = serde_json::from_str(json).unwrap();
        assert_eq!(profile.token_added_at, None);
    }

    #[test]
    fn a_new_profile_keeps_only_the_hint_of_the_token() {
        let profile = profile("work");
        assert_eq!(profile.token_hint, "apify_api_Ab…x9");
        assert_eq!(profile.api_base_url, "https://api.apify.com");
        assert!(!serde_json::to_string(&profile)
            .unwrap()
            .contains("34567890"));
    }

    #[test]
    fn adding_activates_and_removing_the_active_one_falls_back() {
        let mut profiles = Profiles::default();
        profiles.add(profile("work"));
        profiles.add(profile("home"));
        assert_eq!(profiles.active().unwrap().name, "home");
        profiles.activate("work").unwrap();
        assert!(profiles.active().unwrap().last_used_at.is_some());
        profiles.rename("work", "  Office ").unwrap();
        assert_eq!(profiles.get("work").unwrap().name, "Office");
        assert!(profiles.rename("work", " ").is_err());
        profiles.remove("work").unwrap();
        assert_eq!(profiles.active().unwrap().id, "home");
        assert_eq!(
            profiles.remove("nope").unwrap_err().kind(),
            crate::ErrorKind::LocalNotFound
        );
    }
}
