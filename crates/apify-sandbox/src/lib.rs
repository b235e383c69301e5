//! A local server with the same HTTP API as Apify v2: for tests, benchmarks and Greenroom's
//! offline mode. Start it in-process with [`Sandbox::start`], or as the `apify-sandbox` binary.

mod auth;
pub mod crawler;
mod demo;
mod error;
mod faults;
mod input;
mod items;
mod names;
mod private;
mod queue;
mod random;
mod render;
mod routes;
mod runs;
mod schedule;
mod scheduler;
mod schemas;
mod signing;
mod state;
mod storage;
mod time;
mod usage;
pub mod variation;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

pub use demo::{
    ALWAYS_FAILS, CRAWL_PAGES, ECHO_INPUT, GENERATE_ITEMS, HELLO_WORLD, SLOW_LOGGER, WRITE_RECORDS,
};
pub use faults::FaultConfig;
pub use state::{Access, Scope, DEFAULT_USERNAME};

use random::Random;
use state::{AppState, DataDir, Db, Shared, Token, User};

/// The full-access token of `sandbox-user` that [`Sandbox::start`] sets up.
pub const SANDBOX_TOKEN: &str = "apify_api_SANDBOX00000000000000000000000000000";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedFile {
    #[serde(default)]
    pub users: Vec<SeedUser>,
    #[serde(default)]
    pub tokens: Vec<SeedToken>,
    #[serde(default)]
    pub datasets: Vec<SeedStorage>,
    #[serde(default)]
    pub key_value_stores: Vec<SeedStorage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedUser {
    pub username: String,
    #[serde(default)]
    pub plan: Option<String>,
}

/// A token; `scope` makes it a scoped token. Its `resources` may name seeded storages by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedToken {
    pub token: String,
    #[serde(default = "default_username")]
    pub username: String,
    #[serde(default)]
    pub scope: Option<Scope>,
}

fn default_username() -> String {
    DEFAULT_USERNAME.into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedStorage {
    pub name: String,
    #[serde(default = "default_username")]
    pub username: String,
    /// Dataset items, or for a key-value store an object of JSON records by key.
    #[serde(default)]
    pub items: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct SandboxOptions {
    pub listen: SocketAddr,
    /// Keep everything in this folder across restarts; `None`: a temporary folder, removed on exit.
    pub data: Option<PathBuf>,
    pub seed: SeedFile,
    /// Full-access tokens of `sandbox-user`.
    pub tokens: Vec<String>,
    pub faults: FaultConfig,
    /// Makes ids repeat from run to run.
    pub random_seed: u64,
    /// Serves `/_sandbox/…` (faults) to requests with `Authorization: Bearer <this>`; `None`:
    /// no control routes at all, as in the app's own sandbox.
    pub control_token: Option<String>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data: None,
            seed: SeedFile::default(),
            tokens: vec![SANDBOX_TOKEN.into()],
            faults: FaultConfig::default(),
            random_seed: 1,
            control_token: None,
        }
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    base_url: String,
    state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Sandbox {
    /// On 127.0.0.1 and a free port, in a temporary folder, with [`SANDBOX_TOKEN`].
    pub async fn start() -> std::io::Result<Sandbox> {
        Self::start_with(SandboxOptions::default()).await
    }

    pub async fn start_with(options: SandboxOptions) -> std::io::Result<Sandbox> {
        let data = match &options.data {
            Some(path) => {
                private::create_dir_all(path)?;
                private::restrict_tree(path)?;
                DataDir::Persistent(path.clone())
            }
            None => DataDir::Ephemeral(tempfile::tempdir()?),
        };
        let existing = match &data {
            DataDir::Persistent(path) => Shared::load_db(path)?.map(|mut db| {
                // Older versions wrote tokens; none of them is accepted unless given again.
                db.tokens.clear();
                db
            }),
            DataDir::Ephemeral(_) => None,
        };
        let fresh = existing.is_none();
        // Ids go on from where the saved data stopped; data of older versions did not say, so
        // its sequence is moved far from the seed's.
        let random_seed = match &existing {
            None => options.random_seed,
            Some(db) => db.random_state.unwrap_or_else(|| {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or_default();
                options.random_seed ^ now
            }),
        };
        let state: AppState = Arc::new(Shared::new(
            existing.unwrap_or_default(),
            data,
            Random::new(random_seed),
            faults::Faults::new(options.faults.clone()),
        ));
        if fresh {
            seed(&state, &options.seed).await?;
        } else {
            runs::settle_interrupted(&state);
            add_new_demo_actors(&state);
        }
        add_tokens(&state, &options.seed, &options.tokens);
        state.save()?;
        scheduler::spawn_loop(&state);

        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        let address = listener.local_addr()?;
        let base_url = format!("http://{address}");
        state.set_public_base(base_url.clone());
        let app = routes::router(state.clone(), address, options.control_token.clone());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Sandbox {
            base_url,
            state,
            shutdown: Some(shutdown),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn set_faults(&self, config: FaultConfig) {
        self.state.faults.set(config);
    }

    /// Accepts `token` as a full-access token of `sandbox-user` from now on (in memory only).
    pub fn accept_token(&self, token: &str) {
        self.state.accept_token(token);
    }

    /// Moves the schedules' clock forward, and starts the runs of every schedule now due.
    pub fn advance_clock(&self, by: std::time::Duration) {
        self.state.clock.advance(by);
        scheduler::fire_due(&self.state);
    }

    /// The schedules' clock.
    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.now()
    }

    /// Stops accepting every token, at once.
    pub fn forget_tokens(&self) {
        self.state.forget_tokens();
    }

    /// The id of a resource by kind (`dataset`, `key-value-store`, `actor`, `task`) and name.
    pub fn id_of(&self, kind: &str, name: &str) -> Option<String> {
        let db = self.state.db();
        match kind {
            "dataset" => db
                .datasets
                .values()
                .find(|d| d.name.as_deref() == Some(name))
                .map(|d| d.id.clone()),
            "key-value-store" => db
                .kv_stores
                .values()
                .find(|s| s.name.as_deref() == Some(name))
                .map(|s| s.id.clone()),
            "actor" => db
                .actors
                .values()
                .find(|a| a.name == name)
                .map(|a| a.id.clone()),
            "task" => db
                .tasks
                .values()
                .find(|t| t.name == name)
                .map(|t| t.id.clone()),
            _ => None,
        }
    }

    /// Stops accepting connections and writes the last snapshot.
    pub fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.state.save()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn user_id(db: &Db, username: &str) -> std::io::Result<String> {
    db.user_by_name(username)
        .map(|user| user.id.clone())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("seed: no user '{username}'"),
            )
        })
}

/// Data saved by an older version gets the demo Actors added since.
fn add_new_demo_actors(state: &AppState) {
    let mut db = state.db();
    let Some(user_id) = db.user_by_name(DEFAULT_USERNAME).map(|u| u.id.clone()) else {
        return;
    };
    let mut demo_db = std::mem::take(&mut *db);
    demo::seed(state, &mut demo_db, &user_id);
    *db = demo_db;
}

async fn seed(state: &AppState, seed: &SeedFile) -> std::io::Result<()> {
    {
        let mut db = state.db();
        let mut users = vec![SeedUser {
            username: DEFAULT_USERNAME.into(),
            plan: None,
        }];
        users.extend(
            seed.users
                .iter()
                .filter(|u| u.username != DEFAULT_USERNAME)
                .cloned(),
        );
        for user in users {
            db.users.push(User {
                id: state.random.id(),
                username: user.username,
                plan: user.plan.unwrap_or_else(|| "FREE".into()),
            });
        }
        let default_user = user_id(&db, DEFAULT_USERNAME)?;
        let mut demo_db = std::mem::take(&mut *db);
        demo::seed(state, &mut demo_db, &default_user);
        *db = demo_db;
    }
    let default_user = user_id(&state.db(), DEFAULT_USERNAME)?;
    demo::seed_files(state, &default_user)?;
    for storage in &seed.datasets {
        let owner = user_id(&state.db(), &storage.username)?;
        let meta = storage::make_dataset(state, &owner, Some(storage.name.clone()), None);
        if let Some(Value::Array(items)) = &storage.items {
            let lines = items
                .iter()
                .map(|item| serde_json::to_vec(item).expect("json"))
                .collect();
            storage::append_items(state, &meta.id, lines)
                .await
                .map_err(|e| std::io::Error::other(e.message))?;
        }
    }
    for storage in &seed.key_value_stores {
        let owner = user_id(&state.db(), &storage.username)?;
        let meta = storage::make_kv_store(state, &owner, Some(storage.name.clone()), None);
        if let Some(Value::Object(records)) = &storage.items {
            for (key, value) in records {
                let bytes = serde_json::to_vec(value).expect("json");
                storage::store_record(
                    state,
                    &meta.id,
                    key,
                    "application/json; charset=utf-8",
                    &bytes,
                )
                .await
                .map_err(|e| std::io::Error::other(e.message))?;
            }
        }
    }
    Ok(())
}

/// Adds the seed's and the command line's tokens, naming seeded storages by id in scopes.
fn add_tokens(state: &AppState, seed: &SeedFile, full_tokens: &[String]) {
    let mut db = state.db();
    let default_user = db
        .user_by_name(DEFAULT_USERNAME)
        .map(|u| u.id.clone())
        .unwrap_or_default();
    let mut tokens: Vec<Token> = full_tokens
        .iter()
        .map(|token| Token {
            token: token.clone(),
            user_id: default_user.clone(),
            scope: None,
        })
        .collect();
    for seeded in &seed.tokens {
        let Some(user) = db.user_by_name(&seeded.username).map(|u| u.id.clone()) else {
            continue;
        };
        let scope = seeded.scope.clone().map(|mut scope| {
            scope.resources = scope
                .resources
                .into_iter()
                .map(|(name, grants)| {
                    let id = db
                        .datasets
                        .values()
                        .find(|d| d.name.as_deref() == Some(&name))
                        .map(|d| d.id.clone())
                        .or_else(|| {
                            db.kv_stores
                                .values()
                                .find(|s| s.name.as_deref() == Some(&name))
                                .map(|s| s.id.clone())
                        })
                        .or_else(|| {
                            db.actors
                                .values()
                                .find(|a| a.name == name)
                                .map(|a| a.id.clone())
                        })
                        .unwrap_or(name);
                    (id, grants)
                })
                .collect();
            scope
        });
        tokens.push(Token {
            token: seeded.token.clone(),
            user_id: user,
            scope,
        });
    }
    for token in tokens {
        db.tokens.retain(|existing| existing.token != token.token);
        db.tokens.push(token);
    }
}
