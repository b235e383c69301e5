//! Finding what a request names (by id, `username~name` or `~name`) and checking the caller
//! may use it; and create-by-name, as both storage kinds do it.

use std::collections::BTreeMap;

use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::answer::{created, data};
use super::request::Params;
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::state::{Access, Actor, AppState, DatasetMeta, Db, KvStoreMeta, QueueMeta, Run, Task};

/// Create-by-name, as both storage kinds do it: 200 with the caller's storage of that name if
/// it exists, else 201 with a new one made by `make` (unnamed without `?name=`).
pub fn create_storage<S: crate::state::Storage>(
    state: &AppState,
    caller: &Caller,
    params: &Params,
    kind: crate::auth::Kind,
    collection: &str,
    make: impl FnOnce(Option<String>) -> S,
    describe: impl Fn(&S) -> ApiResult<Value>,
) -> ApiResult<Response> {
    let name = params
        .get("name")
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if let Some(name) = &name {
        crate::storage::check_storage_name(name)?;
        let existing = S::named(&state.db(), &caller.user.id, name);
        if let Some(storage) = existing {
            caller.require(
                kind,
                storage.id(),
                storage.created_by_token(),
                crate::state::Access::Read,
            )?;
            return Ok(data(describe(&storage)?).into_response());
        }
    }
    caller.require_create(kind)?;
    let storage = make(name);
    state.save()?;
    let mut response = created(describe(&storage)?);
    let location = format!("{}/v2/{collection}/{}", state.public_base(), storage.id());
    response.headers_mut().insert(
        axum::http::header::LOCATION,
        axum::http::HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(response)
}

/// The caller's storages of a kind, oldest first as the platform lists them (`desc=1` reverses
/// the page), the unnamed ones too with `unnamed`.
pub fn owned<S: crate::state::Storage + Resource>(
    state: &AppState,
    caller: &Caller,
    unnamed: bool,
) -> Vec<S> {
    let mut found: Vec<S> = S::all(&state.db())
        .values()
        .filter(|s| s.owner() == caller.user.id && (unnamed || s.name().is_some()))
        .cloned()
        .collect();
    found.sort_by(|a, b| a.created_at().cmp(b.created_at()));
    found
}

/// A storage's `PUT`: a valid name no other storage of the caller's has, `null` to unname it,
/// or the name it has when the body does not say; answers the storage as it is now.
pub fn rename<S: crate::state::Storage + Resource>(
    state: &AppState,
    caller: &Caller,
    storage: &S,
    body: &Value,
    what: &str,
) -> ApiResult<S> {
    let id = Resource::id(storage);
    let name = match body.get("name") {
        Some(Value::String(name)) => {
            crate::storage::check_storage_name(name)?;
            let taken = S::all(&state.db()).values().any(|other| {
                other.owner() == caller.user.id
                    && Resource::id(other) != id
                    && other.name() == Some(name)
            });
            if taken {
                return Err(ApiError::invalid_value(format!(
                    "A {what} with this name already exists"
                )));
            }
            Some(name.clone())
        }
        Some(Value::Null) => None,
        None => storage.name().map(str::to_owned),
        Some(_) => {
            return Err(ApiError::invalid_value(
                "Field 'name' must be a string or null",
            ))
        }
    };
    let renamed = {
        let mut db = state.db();
        let entry = S::table(&mut db).get_mut(id).ok_or_else(S::not_found)?;
        entry.rename(name);
        entry.clone()
    };
    state.save()?;
    Ok(renamed)
}

/// Finds a resource named by id, `username~name`, or `~name` (the caller's own); a body may
/// also say `username/name`, as the platform accepts for an Actor.
fn find<'a, T>(
    map: &'a BTreeMap<String, T>,
    db: &Db,
    caller: &Caller,
    ident: &str,
    name_of: impl Fn(&T) -> Option<&str>,
    owner_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    match ident.split_once('~').or_else(|| ident.split_once('/')) {
        None => map.get(ident),
        Some((username, name)) => {
            let owner = if username.is_empty() {
                Some(caller.user.id.clone())
            } else {
                db.user_by_name(username).map(|u| u.id.clone())
            }?;
            map.values()
                .find(|item| owner_of(item) == owner && name_of(item) == Some(name))
        }
    }
}

/// What a route may name: an Actor, a task, a dataset, a store or a run.
pub trait Resource: Clone {
    const KIND: Kind;
    fn all(db: &Db) -> &BTreeMap<String, Self>;
    /// The answer when it does not exist, or the caller may not know it does.
    fn not_found() -> ApiError;
    fn id(&self) -> &str;
    fn name(&self) -> Option<&str>;
    fn owner(&self) -> &str;
    fn created_by_token(&self) -> Option<&str> {
        None
    }
    /// Whether callers other than its owner may see it (an Actor in the Store).
    fn is_public(&self) -> bool {
        false
    }
    /// The scoped token's check for `needed`.
    fn check(&self, caller: &Caller, needed: Access) -> ApiResult<()> {
        caller.require(Self::KIND, self.id(), self.created_by_token(), needed)
    }
}

/// The resource `ident` names, if the caller may see it and has the `needed` access to it.
pub fn resolve<R: Resource>(
    state: &AppState,
    caller: &Caller,
    ident: &str,
    needed: Access,
) -> ApiResult<R> {
    let found = {
        let db = state.db();
        find(R::all(&db), &db, caller, ident, R::name, R::owner)
            .filter(|r| r.owner() == caller.user.id || r.is_public())
            .cloned()
    };
    let found = found.ok_or_else(R::not_found)?;
    found.check(caller, needed)?;
    Ok(found)
}

impl Resource for Actor {
    const KIND: Kind = Kind::Actor;
    fn all(db: &Db) -> &BTreeMap<String, Self> {
        &db.actors
    }
    fn not_found() -> ApiError {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "actor-not-found",
            "Actor was not found",
        )
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> Option<&str> {
        Some(&self.name)
    }
    fn owner(&self) -> &str {
        &self.user_id
    }
    fn is_public(&self) -> bool {
        self.is_public
    }
}

impl Resource for Task {
    const KIND: Kind = Kind::Task;
    fn all(db: &Db) -> &BTreeMap<String, Self> {
        &db.tasks
    }
    fn not_found() -> ApiError {
        ApiError::not_found("Actor task")
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> Option<&str> {
        Some(&self.name)
    }
    fn owner(&self) -> &str {
        &self.user_id
    }
}

/// Datasets and key-value stores are named alike, owned alike and checked alike.
macro_rules! storage_resource {
    ($type:ty, $kind:expr, $table:ident, $what:literal) => {
        impl Resource for $type {
            const KIND: Kind = $kind;
            fn all(db: &Db) -> &BTreeMap<String, Self> {
                &db.$table
            }
            fn not_found() -> ApiError {
                ApiError::not_found($what)
            }
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> Option<&str> {
                self.name.as_deref()
            }
            fn owner(&self) -> &str {
                &self.user_id
            }
            fn created_by_token(&self) -> Option<&str> {
                self.created_by_token.as_deref()
            }
        }
    };
}
storage_resource!(DatasetMeta, Kind::Dataset, datasets, "Dataset");
storage_resource!(KvStoreMeta, Kind::KvStore, kv_stores, "Key-value store");
storage_resource!(
    QueueMeta,
    Kind::RequestQueue,
    request_queues,
    "Request queue"
);

impl Resource for Run {
    const KIND: Kind = Kind::Run;
    fn all(db: &Db) -> &BTreeMap<String, Self> {
        &db.runs
    }
    fn not_found() -> ApiError {
        ApiError::not_found("Actor run")
    }
    fn id(&self) -> &str {
        &self.id
    }
    /// Runs have ids only.
    fn name(&self) -> Option<&str> {
        None
    }
    fn owner(&self) -> &str {
        &self.user_id
    }
    fn created_by_token(&self) -> Option<&str> {
        self.created_by_token.as_deref()
    }
    /// A token scoped to an Actor may use that Actor's runs.
    fn check(&self, caller: &Caller, needed: Access) -> ApiResult<()> {
        caller
            .require(Kind::Run, &self.id, self.created_by_token(), needed)
            .or_else(|_| caller.require(Kind::Run, &self.act_id, self.created_by_token(), needed))
    }
}

/// The caller's latest run of an Actor, with the `status` the query asks for.
pub fn last_actor_run(
    state: &AppState,
    caller: &Caller,
    ident: &str,
    params: &Params,
) -> ApiResult<String> {
    let actor = resolve::<Actor>(state, caller, ident, Access::Read)?;
    let status = params.get("status");
    let db = state.db();
    db.runs
        .values()
        .filter(|run| run.act_id == actor.id && run.user_id == caller.user.id)
        .filter(|run| status.is_none_or(|s| run.status.as_str() == s))
        .max_by(|a, b| a.started_at.cmp(&b.started_at))
        .map(|run| run.id.clone())
        .ok_or_else(|| ApiError::not_found("Actor run"))
}

/// A task's latest run, with the `status` the query asks for.
pub fn last_task_run_id(
    state: &AppState,
    caller: &Caller,
    ident: &str,
    params: &Params,
) -> ApiResult<String> {
    let task = resolve::<Task>(state, caller, ident, Access::Read)?;
    let status = params.get("status");
    let db = state.db();
    db.runs
        .values()
        .filter(|run| run.actor_task_id.as_deref() == Some(&task.id))
        .filter(|run| status.is_none_or(|s| run.status.as_str() == s))
        .max_by(|a, b| a.started_at.cmp(&b.started_at))
        .map(|run| run.id.clone())
        .ok_or_else(|| ApiError::not_found("Actor run"))
}
