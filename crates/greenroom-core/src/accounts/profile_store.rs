//! Where profiles (never tokens) are kept: `profiles.json` in the app's data folder, written
//! whole to a temporary file and renamed into place, readable by the user alone.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::accounts::profiles::Profiles;
use crate::Error;

/// Loads and saves the profiles. The app uses [`ProfileFile`]; tests may slow it down or make
/// it fail.
pub trait ProfileStore: Send + Sync {
    /// A store that cannot be read is an error, never an empty list: saving over it would wipe
    /// the user's profiles.
    fn load(&self) -> Result<Profiles, Error>;
    fn save(&self, profiles: &Profiles) -> Result<(), Error>;
}

/// The key the profiles sit under, as the app's first versions wrote the file.
const KEY: &str = "profiles";

pub struct ProfileFile {
    path: PathBuf,
}

impl ProfileFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn unreadable(&self, error: impl std::fmt::Display) -> Error {
        Error::store_unreadable(&self.path, error)
    }
}

impl ProfileStore for ProfileFile {
    fn load(&self) -> Result<Profiles, Error> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Profiles::default())
            }
            Err(error) => return Err(self.unreadable(error)),
        };
        let mut file: Value = serde_json::from_slice(&bytes).map_err(|e| self.unreadable(e))?;
        match file.get_mut(KEY).map(Value::take) {
            None => Ok(Profiles::default()),
            Some(profiles) => serde_json::from_value(profiles).map_err(|e| self.unreadable(e)),
        }
    }

    fn save(&self, profiles: &Profiles) -> Result<(), Error> {
        let text = serde_json::to_vec_pretty(&serde_json::json!({ KEY: profiles }))
            .map_err(|e| Error::internal(format!("profiles did not serialize: {e}")))?;
        crate::files::private::replace_whole(&self.path, ".profiles.", &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_first_versions_wrote_and_tells_a_broken_file_apart() {
        let dir = tempfile::tempdir().unwrap();
        let file = ProfileFile::new(dir.path().join("profiles.json"));
        assert_eq!(file.load().unwrap(), Profiles::default());

        std::fs::write(
            file.path(),
            r#"{"profiles":{"profiles":[{"id":"1","name":"Work","username":"ann","userId":"u1",
            "plan":null,"apiBaseUrl":"https://api.apify.com","tokenHint":"apify_api_Ab…x9",
            "createdAt":"2026-01-01T00:00:00.000Z","lastUsedAt":null,"sandbox":false}],
            "active":"1"}}"#,
        )
        .unwrap();
        let profiles = file.load().unwrap();
        assert_eq!(profiles.active().unwrap().name, "Work");
        file.save(&profiles).unwrap();
        assert_eq!(file.load().unwrap(), profiles);

        std::fs::write(file.path(), "{ not json").unwrap();
        let error = file.load().unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::StoreUnreadable);
        assert!(error.detail().unwrap().contains("profiles.json"));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_the_users_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = ProfileFile::new(dir.path().join("data/profiles.json"));
        file.save(&Profiles::default()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(file.path()), 0o600);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
    }
}
