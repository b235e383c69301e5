//! Which runs were started in this app. The API says `API` for them, because the app uses the
//! API; a person reads "started here". The ids are kept in `started-runs.json` beside the
//! profiles (an id is no secret), newest last, at most [`KEEP`].

use std::path::PathBuf;
use std::sync::Mutex;

use crate::runs::history::{RunRow, STARTED_HERE};
use crate::runs::RunSummary;
use crate::Error;

/// The newest this many runs are remembered; older ones read "through the API".
pub const KEEP: usize = 5_000;

pub struct StartedRuns {
    file: PathBuf,
    ids: Mutex<Vec<String>>,
}

impl StartedRuns {
    /// Reads the list; an unreadable one is started again empty, since it only changes words.
    pub fn open(file: PathBuf) -> Self {
        let ids = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Vec<String>>(&bytes).ok())
            .unwrap_or_default();
        Self {
            file,
            ids: Mutex::new(ids),
        }
    }

    /// Remembers a run this app started, and keeps the list on disk.
    pub fn remember(&self, run_id: &str) -> Result<(), Error> {
        // Written under the lock, so two runs started at once cannot leave the older list.
        let mut ids = self.ids.lock().expect("started runs lock");
        if ids.iter().any(|id| id == run_id) {
            return Ok(());
        }
        ids.push(run_id.to_owned());
        let extra = ids.len().saturating_sub(KEEP);
        ids.drain(..extra);
        let bytes = serde_json::to_vec(&*ids).map_err(|e| Error::internal(e.to_string()))?;
        crate::files::private::replace_whole(&self.file, ".started-runs", &bytes)
    }

    /// Remembers the run a start answered. The run is started either way: a list that cannot
    /// be written only costs the words, so it is logged, not passed on.
    pub fn started(&self, run: RunSummary) -> RunSummary {
        if let Err(error) = self.remember(&run.id) {
            tracing::warn!("could not remember run {} as started here: {error}", run.id);
        }
        run
    }

    pub fn contains(&self, run_id: &str) -> bool {
        self.ids
            .lock()
            .expect("started runs lock")
            .iter()
            .any(|id| id == run_id)
    }

    /// Says "started here" on the rows of runs this app started.
    pub fn mark(&self, rows: &mut [RunRow]) {
        for row in rows {
            if self.contains(&row.run.id) {
                row.started_by = Some(STARTED_HERE.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::history::started_by;

    fn row(id: &str) -> RunRow {
        RunRow {
            run: RunSummary {
                id: id.into(),
                ..RunSummary::with_status("SUCCEEDED", None)
            },
            actor_name: None,
            actor_title: None,
            duration_secs: None,
            origin: Some("API".into()),
            started_by: started_by("API").map(str::to_owned),
            item_count: None,
            schedule_id: None,
        }
    }

    #[test]
    fn runs_started_here_say_so_after_a_restart_and_others_keep_their_origin() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("started-runs.json");
        StartedRuns::open(file.clone()).remember("mine").unwrap();
        let again = StartedRuns::open(file);
        let mut rows = [row("mine"), row("theirs")];
        again.mark(&mut rows);
        assert_eq!(rows[0].started_by.as_deref(), Some("started here"));
        assert_eq!(rows[1].started_by.as_deref(), Some("through the API"));
    }

    #[test]
    fn only_the_newest_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let started = StartedRuns::open(dir.path().join("started-runs.json"));
        for n in 0..KEEP + 3 {
            started.ids.lock().unwrap().push(format!("r{n}"));
        }
        started.remember("last").unwrap();
        // KEEP + 4 ids: the oldest four go.
        assert!(!started.contains("r0") && !started.contains("r3"));
        assert!(started.contains("r4") && started.contains("last"));
        assert_eq!(started.ids.lock().unwrap().len(), KEEP);
    }
}
