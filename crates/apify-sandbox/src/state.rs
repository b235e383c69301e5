//! Everything the sandbox knows. Metadata lives in one `Db` kept in memory and snapshotted to
//! `state.json` after each change; dataset items and key-value records live in files beside it,
//! so a large dataset never has to fit in memory.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::faults::Faults;
use crate::items::ItemFile;
use crate::random::Random;

pub const DEFAULT_USERNAME: &str = "sandbox-user";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub username: String,
    #[serde(default = "default_plan")]
    pub plan: String,
}

fn default_plan() -> String {
    "FREE".into()
}

/// What a scoped token may do. Account-level access covers every resource of a kind;
/// `resources` grants access to single resources by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    #[serde(default)]
    pub actors: Option<Access>,
    #[serde(default)]
    pub storages: Option<Access>,
    #[serde(default)]
    pub schedules: Option<Access>,
    #[serde(default)]
    pub resources: BTreeMap<String, Vec<Access>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
    Run,
}

impl Access {
    /// Write and run both include read, as on the platform.
    pub fn covers(self, needed: Access) -> bool {
        self == needed || needed == Access::Read
    }

    pub fn label(self) -> &'static str {
        match self {
            Access::Read => "READ",
            Access::Write => "WRITE",
            Access::Run => "RUN",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub token: String,
    pub user_id: String,
    /// `None`: full access to the user's account.
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetMeta {
    pub id: String,
    pub name: Option<String>,
    pub user_id: String,
    pub created_at: String,
    pub modified_at: String,
    pub accessed_at: String,
    pub act_id: Option<String>,
    pub act_run_id: Option<String>,
    /// Resources a scoped token creates are fully its own.
    pub created_by_token: Option<String>,
    /// Kept for the fields of the Actor's dataset schema, when it has one.
    #[serde(default)]
    pub field_statistics: std::collections::BTreeMap<String, crate::items::FieldStatistics>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordMeta {
    pub content_type: String,
    pub size: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KvStoreMeta {
    pub id: String,
    pub name: Option<String>,
    pub user_id: String,
    pub created_at: String,
    pub modified_at: String,
    pub accessed_at: String,
    pub act_id: Option<String>,
    pub act_run_id: Option<String>,
    pub created_by_token: Option<String>,
    /// Keys in UTF-8 binary order, which is how `String` orders.
    pub records: BTreeMap<String, RecordMeta>,
    /// The key-value store schema of the Actor whose run made it, with its `collections`.
    #[serde(default)]
    pub schema: Option<serde_json::Value>,
    /// Signs record links that work without a token; empty in stores from before signing.
    #[serde(default)]
    pub url_signing_secret_key: String,
}

/// What datasets, key-value stores and request queues have in common, for the handlers they
/// share.
pub trait Storage: Clone {
    fn id(&self) -> &str;
    fn created_at(&self) -> &str;
    fn created_by_token(&self) -> Option<&str>;
    /// The caller's storage of this kind with this name.
    fn named(db: &Db, user_id: &str, name: &str) -> Option<Self>;
    /// Every storage of this kind, to change one.
    fn table(db: &mut Db) -> &mut BTreeMap<String, Self>;
    /// Names it (or unnames it), as a `PUT` does.
    fn rename(&mut self, name: Option<String>);
}

/// Datasets, key-value stores and request queues are named and owned alike.
macro_rules! storage {
    ($type:ty, $table:ident) => {
        impl Storage for $type {
            fn id(&self) -> &str {
                &self.id
            }
            fn created_at(&self) -> &str {
                &self.created_at
            }
            fn created_by_token(&self) -> Option<&str> {
                self.created_by_token.as_deref()
            }
            fn named(db: &Db, user_id: &str, name: &str) -> Option<Self> {
                db.$table
                    .values()
                    .find(|s| s.user_id == user_id && s.name.as_deref() == Some(name))
                    .cloned()
            }
            fn table(db: &mut Db) -> &mut BTreeMap<String, Self> {
                &mut db.$table
            }
            fn rename(&mut self, name: Option<String>) {
                self.name = name;
                self.modified_at = crate::time::now();
            }
        }
    };
}
storage!(DatasetMeta, datasets);
storage!(KvStoreMeta, kv_stores);
storage!(QueueMeta, request_queues);

/// A request queue's metadata; its requests live in `queue.rs`'s files, its counts here so a
/// list of queues never reads them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueMeta {
    pub id: String,
    pub name: Option<String>,
    pub user_id: String,
    pub created_at: String,
    pub modified_at: String,
    pub accessed_at: String,
    pub act_id: Option<String>,
    pub act_run_id: Option<String>,
    pub created_by_token: Option<String>,
    pub total_request_count: u64,
    pub handled_request_count: u64,
    #[serde(default)]
    pub storage_bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub created_at: String,
    pub modified_at: String,
    pub input_schema: serde_json::Value,
    pub default_build_id: String,
    pub build_number: String,
    pub readme: String,
    /// In the Store: any user may read and run it; runs belong to whoever started them.
    #[serde(default)]
    pub is_public: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub user_id: String,
    pub act_id: String,
    pub name: String,
    pub title: Option<String>,
    pub created_at: String,
    pub modified_at: String,
    pub input: serde_json::Value,
    pub options: RunOptions,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RunOptions {
    pub build: String,
    pub timeout_secs: u64,
    pub memory_mbytes: u64,
    pub disk_mbytes: u64,
}

impl Default for RunOptions {
    /// An Actor's run options where its build gives none, as the platform's defaults are.
    fn default() -> Self {
        RunOptions {
            build: "latest".into(),
            timeout_secs: 3600,
            memory_mbytes: 1024,
            disk_mbytes: 2048,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunStatus {
    #[serde(rename = "READY")]
    Ready,
    #[serde(rename = "RUNNING")]
    Running,
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    #[serde(rename = "FAILED")]
    Failed,
    #[serde(rename = "TIMING-OUT")]
    TimingOut,
    #[serde(rename = "TIMED-OUT")]
    TimedOut,
    #[serde(rename = "ABORTING")]
    Aborting,
    #[serde(rename = "ABORTED")]
    Aborted,
}

impl RunStatus {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Succeeded | Self::Failed | Self::TimedOut | Self::Aborted
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "READY",
            Self::Running => "RUNNING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::TimingOut => "TIMING-OUT",
            Self::TimedOut => "TIMED-OUT",
            Self::Aborting => "ABORTING",
            Self::Aborted => "ABORTED",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub id: String,
    pub act_id: String,
    pub user_id: String,
    pub actor_task_id: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: RunStatus,
    pub status_message: Option<String>,
    pub build_id: String,
    pub build_number: String,
    pub default_dataset_id: String,
    pub default_key_value_store_id: String,
    pub default_request_queue_id: String,
    pub options: RunOptions,
    pub input: serde_json::Value,
    pub input_body_len: u64,
    pub exit_code: Option<i32>,
    pub resurrect_count: u32,
    pub log: String,
    pub created_by_token: Option<String>,
    /// Set when a schedule started the run: the API then says `meta.origin` `SCHEDULER`.
    #[serde(default)]
    pub scheduled: Option<Scheduled>,
}

/// Which schedule started a run, and for when.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scheduled {
    pub schedule_id: String,
    pub scheduled_at: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Db {
    pub users: Vec<User>,
    /// Tokens are held in memory only, never written: they come back from the command line,
    /// the seed file or the app (which keeps its token in the keychain) at every start.
    #[serde(default, skip_serializing)]
    pub tokens: Vec<Token>,
    pub actors: BTreeMap<String, Actor>,
    pub tasks: BTreeMap<String, Task>,
    pub runs: BTreeMap<String, Run>,
    pub datasets: BTreeMap<String, DatasetMeta>,
    pub kv_stores: BTreeMap<String, KvStoreMeta>,
    #[serde(default)]
    pub schedules: BTreeMap<String, crate::schedule::Schedule>,
    #[serde(default)]
    pub request_queues: BTreeMap<String, QueueMeta>,
    /// The id generator's state when this was saved; `None` in data of older versions.
    #[serde(default)]
    pub random_state: Option<u64>,
}

impl Db {
    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|user| user.id == id)
    }

    pub fn user_by_name(&self, username: &str) -> Option<&User> {
        self.users.iter().find(|user| user.username == username)
    }
}

/// Where files live: a folder the user chose (`--data`), or a private temporary one that is
/// removed when the sandbox stops.
pub enum DataDir {
    Persistent(PathBuf),
    Ephemeral(tempfile::TempDir),
}

impl DataDir {
    pub fn path(&self) -> &Path {
        match self {
            DataDir::Persistent(path) => path,
            DataDir::Ephemeral(dir) => dir.path(),
        }
    }
}

/// Signals about a run that is in progress: status changes, new log lines, and abort requests.
pub struct RunSignals {
    pub changed: watch::Sender<u64>,
    pub abort: tokio::sync::Notify,
}

pub struct Shared {
    db: Mutex<Db>,
    pub data: DataDir,
    pub random: Random,
    pub faults: Arc<Faults>,
    item_files: Mutex<HashMap<String, Arc<ItemFile>>>,
    run_signals: Mutex<HashMap<String, Arc<RunSignals>>>,
    queue_requests: Mutex<HashMap<String, Arc<Mutex<crate::queue::QueueRequests>>>>,
    /// `http://127.0.0.1:PORT`, known once the listener is bound.
    public_base: std::sync::OnceLock<String>,
    /// The schedules' clock, which tests may move forward (see `schedule::Clock`).
    pub clock: crate::schedule::Clock,
}

pub type AppState = Arc<Shared>;

impl Shared {
    /// Appends a line to a run's log, with the timestamp real Actor logs have.
    pub fn log(&self, run_id: &str, message: &str) {
        if let Some(run) = self.db().runs.get_mut(run_id) {
            run.log
                .push_str(&format!("{} {message}\n", crate::time::now()));
        }
        self.touch_run(run_id);
    }

    pub fn new(db: Db, data: DataDir, random: Random, faults: Faults) -> Self {
        Self {
            db: Mutex::new(db),
            data,
            random,
            faults: Arc::new(faults),
            item_files: Mutex::new(HashMap::new()),
            run_signals: Mutex::new(HashMap::new()),
            queue_requests: Mutex::new(HashMap::new()),
            public_base: std::sync::OnceLock::new(),
            clock: crate::schedule::Clock::default(),
        }
    }

    pub fn set_public_base(&self, base: String) {
        let _ = self.public_base.set(base);
    }

    pub fn public_base(&self) -> &str {
        self.public_base
            .get()
            .map(String::as_str)
            .unwrap_or("http://127.0.0.1")
    }

    pub fn db(&self) -> MutexGuard<'_, Db> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the metadata snapshot: to a temporary file first, so a crash never leaves half of it.
    pub fn save(&self) -> std::io::Result<()> {
        if !matches!(self.data, DataDir::Persistent(_)) {
            return Ok(());
        }
        let json = {
            let mut db = self.db();
            db.random_state = Some(self.random.state());
            serde_json::to_vec(&*db).map_err(std::io::Error::other)?
        };
        let path = self.data.path().join("state.json");
        let partial = path.with_extension("json.partial");
        crate::private::write(&partial, &json)?;
        std::fs::rename(partial, path)
    }

    pub fn load_db(dir: &Path) -> std::io::Result<Option<Db>> {
        match std::fs::read(dir.join("state.json")) {
            Ok(bytes) => Ok(Some(
                serde_json::from_slice(&bytes).map_err(std::io::Error::other)?,
            )),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    pub fn items(&self, dataset_id: &str) -> std::io::Result<Arc<ItemFile>> {
        let mut files = self.item_files.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(file) = files.get(dataset_id) {
            return Ok(file.clone());
        }
        let dir = self.data.path().join("datasets");
        crate::private::create_dir_all(&dir)?;
        let file = Arc::new(ItemFile::open(dir.join(format!("{dataset_id}.jsonl")))?);
        files.insert(dataset_id.to_owned(), file.clone());
        Ok(file)
    }

    pub fn forget_items(&self, dataset_id: &str) {
        self.item_files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(dataset_id);
        let _ = std::fs::remove_file(
            self.data
                .path()
                .join("datasets")
                .join(format!("{dataset_id}.jsonl")),
        );
    }

    /// A queue's requests, kept in memory once `load` has read them.
    pub fn queue_requests(
        &self,
        queue_id: &str,
        load: impl FnOnce() -> std::io::Result<crate::queue::QueueRequests>,
    ) -> std::io::Result<Arc<Mutex<crate::queue::QueueRequests>>> {
        let mut queues = self
            .queue_requests
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(queue) = queues.get(queue_id) {
            return Ok(queue.clone());
        }
        let queue = Arc::new(Mutex::new(load()?));
        queues.insert(queue_id.to_owned(), queue.clone());
        Ok(queue)
    }

    pub fn forget_queue(&self, queue_id: &str) {
        self.queue_requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(queue_id);
    }

    pub fn record_path(&self, store_id: &str, key: &str) -> PathBuf {
        // Hex keeps any valid key a valid file name on every file system.
        let name: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        self.data
            .path()
            .join("key_value_stores")
            .join(store_id)
            .join(name)
    }

    pub fn run_signals(&self, run_id: &str) -> Arc<RunSignals> {
        self.run_signals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(run_id.to_owned())
            .or_insert_with(|| {
                Arc::new(RunSignals {
                    changed: watch::channel(0).0,
                    abort: tokio::sync::Notify::new(),
                })
            })
            .clone()
    }

    /// Accepts `token` as a full-access token of `sandbox-user` from now on.
    pub fn accept_token(&self, token: &str) {
        let mut db = self.db();
        if db.tokens.iter().any(|t| t.token == token) {
            return;
        }
        let Some(user_id) = db.user_by_name(DEFAULT_USERNAME).map(|u| u.id.clone()) else {
            return;
        };
        db.tokens.push(Token {
            token: token.to_owned(),
            user_id,
            scope: None,
        });
    }

    /// Stops accepting every token: each request from now on answers 401.
    pub fn forget_tokens(&self) {
        self.db().tokens.clear();
    }

    /// Tells everyone waiting on a run that its status or log changed.
    pub fn touch_run(&self, run_id: &str) {
        self.run_signals(run_id)
            .changed
            .send_modify(|version| *version += 1);
    }
}
