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
    pub last_used_at: Option<String>,
    /// A profile of the bundled sandbox ("try without an account").
    pub sandbox: bool,
}

impl Profile {
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
            sandbox,
        }
    }
}

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
        self.require_mut(id)?.last_used_at =
            Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
        self.active = Some(id.to_owned());
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
