use std::path::Path;
use std::sync::Arc;

use greenroom_core::keychain::{Keychain, SERVICE};
use greenroom_core::local_sandbox::LocalSandbox;
use greenroom_core::profile_store::ProfileFile;
use greenroom_core::tables::Tables;
use greenroom_core::vault::Vault;
use greenroom_core::{Accounts, ApiServers, Jobs};

/// What the commands share for the life of the app.
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub jobs: Jobs,
    pub tables: Tables,
}

impl AppState {
    /// Profiles in `data/profiles.json`, tokens in the OS keychain, the bundled sandbox's data
    /// in `data/sandbox`.
    pub fn new(data: &Path) -> Self {
        let accounts = Accounts::new(
            Box::new(ProfileFile::new(data.join("profiles.json"))),
            Vault::new(Keychain::new(SERVICE)),
            ApiServers::from_env(),
            LocalSandbox::new(data.join("sandbox")),
        );
        Self {
            accounts: Arc::new(accounts),
            jobs: Jobs::new(),
            tables: Tables::default(),
        }
    }
}
