//! Greenroom as one thing: its accounts, jobs, open tables, the Undo trash, dropped files and
//! automatic exports, opened from its data folder. The desktop app holds one and its commands
//! call into it; the rules that decide what happens live here, not in the commands.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::accounts::keychain::{Keychain, SERVICE};
use crate::accounts::local_sandbox::LocalSandbox;
use crate::accounts::profile_store::ProfileFile;
use crate::accounts::vault::Vault;
use crate::auto_export::{AutoExport, AutoExportChoice, AutoExportView};
use crate::datasets::tables::Tables;
use crate::datasets::DatasetInfo;
use crate::files::chosen::{Choices, Purpose};
use crate::kv::trash::Trash;
use crate::kv::upload::Drops;
use crate::runs::started::StartedRuns;
use crate::{Accounts, ApiServers, Error, ErrorKind, Jobs, Session};

pub struct Greenroom {
    pub accounts: Arc<Accounts>,
    pub jobs: Jobs,
    pub tables: Tables,
    /// Deleted records' bytes, kept for Undo.
    pub trash: Trash,
    pub drops: Drops,
    /// Files and folders the user chose in a dialog or dropped, by the numbers the page knows.
    pub choices: Choices,
    /// The runs started in this app, so their pages say "started here".
    pub started: StartedRuns,
    /// Rules and what they saved; the error says why `auto-export.json` could not be read, and
    /// the file is left as it is.
    auto_export: Result<Arc<AutoExport>, Error>,
    /// Local copies of datasets and their comparisons, in `data/copies` for the session only.
    comparisons: Result<Arc<crate::compare::Comparisons>, Error>,
    /// Request queues' requests as read, in `data/request-lists` for the session only.
    request_lists: Result<Arc<crate::queues::RequestLists>, Error>,
}

impl Greenroom {
    /// Profiles in `data/profiles.json`, tokens in the OS keychain, the bundled sandbox's data
    /// in `data/sandbox`, deleted records for Undo in `data/trash`, auto-export rules and the
    /// runs they saved in `data/auto-export.json`, the runs started here in
    /// `data/started-runs.json`.
    pub fn open(data: &Path) -> Self {
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
            choices: Choices::default(),
            started: StartedRuns::open(data.join("started-runs.json")),
            auto_export: AutoExport::open(data.join("auto-export.json")).map(Arc::new),
            comparisons: crate::compare::Comparisons::open(data.join("copies")),
            request_lists: crate::queues::RequestLists::open(data.join("request-lists")),
        }
    }

    /// A session on the active profile's server, with its token from the keychain.
    pub async fn session(&self) -> Result<Session, Error> {
        self.accounts.active_session().await
    }

    /// The active profile's id: automatic exports and their rules belong to it.
    pub async fn active_profile(&self) -> Result<String, Error> {
        self.accounts
            .profiles()
            .await?
            .active
            .ok_or_else(|| Error::new(ErrorKind::MissingToken, "no profile is active"))
    }

    /// Signs a profile out: its token leaves the keychain, and every table session holding it
    /// is dropped.
    pub async fn sign_out(
        &self,
        profile_id: &str,
    ) -> Result<crate::accounts::profiles::Profiles, Error> {
        let profiles = self.accounts.sign_out(profile_id).await?;
        self.tables.forget_profile(profile_id);
        Ok(profiles)
    }

    /// The automatic exports, or why their list could not be read.
    pub fn auto_export(&self) -> Result<Arc<AutoExport>, Error> {
        self.auto_export.clone()
    }

    /// The session's local copies and comparisons, or why their folder could not be made.
    pub fn comparisons(&self) -> Result<Arc<crate::compare::Comparisons>, Error> {
        self.comparisons.clone()
    }

    /// The session's request lists, or why their folder could not be made.
    pub fn request_lists(&self) -> Result<Arc<crate::queues::RequestLists>, Error> {
        self.request_lists.clone()
    }

    /// Files dropped on the window: held as chosen, and handed to the page by number.
    pub fn drop_files(&self, paths: &[std::path::PathBuf]) {
        self.drops.dropped(&self.choices, paths);
    }

    /// Turns automatic export on (or changes it) for the choice's Actor, for the active profile.
    /// The folder is one the user chose in the folder dialog (`folder`, its number); without
    /// one, the rule keeps the folder it has. The page never names a folder itself: whatever
    /// `choice.folder` says is replaced.
    /// `also_last`: save also the Actor's last finished run, and any working now.
    pub async fn set_auto_export(
        &self,
        mut choice: AutoExportChoice,
        folder: Option<u32>,
        also_last: bool,
    ) -> Result<AutoExportView, Error> {
        let profile = self.active_profile().await?;
        let auto = self.auto_export()?;
        choice.folder = match folder {
            Some(id) => self
                .choices
                .path(id, Purpose::Folder)?
                .display()
                .to_string(),
            None => auto
                .rules(&profile)
                .into_iter()
                .find(|view| view.rule.choice.actor_id == choice.actor_id)
                .map(|view| view.rule.choice.folder)
                .ok_or_else(|| {
                    Error::validation(
                        "Choose a folder for the files.",
                        format!("no folder chosen for {}", choice.actor_id),
                    )
                })?,
        };
        let from = if also_last {
            let session = self.session().await?;
            crate::auto_export::last_finished_start(&session, &choice.actor_id).await?
        } else {
            None
        };
        auto.set_rule_from(&profile, choice, from)
    }

    /// A dataset as its screen opens it. Opening reads it afresh, dropping the pages its table
    /// kept: a run may have added items since.
    pub async fn open_dataset(&self, dataset_id: &str) -> Result<DatasetInfo, Error> {
        let session = self.session().await?;
        self.tables.forget(dataset_id);
        crate::datasets::load(&session, dataset_id).await
    }

    /// Saves the results of ended runs of the active profile's auto-export rules every
    /// `interval` (and at once when woken), for as long as the app runs; `saved` hears of each
    /// file written. Never returns.
    /// `tell` hears each notification: a file saved, or a run's first failure to save.
    pub async fn sweep_auto_exports(&self, interval: Duration, tell: impl Fn(String, String)) {
        let auto = match self.auto_export() {
            Ok(auto) => auto,
            Err(error) => {
                tracing::error!("auto-export is off: its list could not be read: {error}");
                return std::future::pending().await;
            }
        };
        loop {
            if auto.has_rules() {
                if let Ok(profile) = self.active_profile().await {
                    match self.session().await {
                        Ok(session) => {
                            let report = auto.sweep(&Arc::new(session), &profile, &self.jobs).await;
                            for saved in &report.saved {
                                let (title, body) = saved.notice();
                                tell(title, body);
                            }
                            for (title, body) in report.failed.iter().filter_map(|f| f.notice()) {
                                tell(title, body);
                            }
                        }
                        Err(error) => tracing::warn!("auto-export waits: {error}"),
                    }
                }
            }
            auto.wait(interval).await;
        }
    }
}
