use std::path::Path;
use std::sync::Arc;

use greenroom_core::accounts::keychain::{Keychain, SERVICE};
use greenroom_core::accounts::local_sandbox::LocalSandbox;
use greenroom_core::accounts::profile_store::ProfileFile;
use greenroom_core::accounts::vault::Vault;
use greenroom_core::auto_export::AutoExport;
use greenroom_core::datasets::tables::Tables;
use greenroom_core::kv::trash::Trash;
use greenroom_core::kv::upload::Drops;
use greenroom_core::{Accounts, ApiServers, Jobs};

/// What the commands share for the life of the app.
pub struct AppState {
    pub accounts: Arc<Accounts>,
    pub jobs: Jobs,
    pub tables: Tables,
    /// Deleted records' bytes, kept for Undo.
    pub trash: Trash,
    pub drops: Drops,
    /// Rules and what they saved; `Err` holds why `auto-export.json` could not be read, and
    /// the file is left as it is.
    pub auto_export: Result<Arc<AutoExport>, String>,
}

impl AppState {
    /// Profiles in `data/profiles.json`, tokens in the OS keychain, the bundled sandbox's data
    /// in `data/sandbox`, deleted records for Undo in `data/trash`, auto-export rules and the runs
    /// they saved in `data/auto-export.json`.
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
            trash: Trash::new(&data.join("trash")),
            drops: Drops::default(),
            auto_export: AutoExport::open(data.join("auto-export.json"))
                .map(Arc::new)
                .map_err(|e| e.detail().unwrap_or_default().to_owned()),
        }
    }
}
