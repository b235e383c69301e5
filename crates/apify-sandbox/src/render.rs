//! The JSON the API answers with for each kind of resource, shaped by the official schema.

use serde_json::{json, Value};

use crate::state::{Actor, DatasetMeta, Db, KvStoreMeta, QueueMeta, Run, Shared, Task, User};

fn username(db: &Db, user_id: &str) -> String {
    db.user(user_id)
        .map(|user| user.username.clone())
        .unwrap_or_default()
}

fn feature() -> Value {
    json!({
        "isEnabled": true, "disabledReason": null, "disabledReasonType": null,
        "isTrial": false, "trialExpirationAt": null,
    })
}

pub fn user_private(user: &User) -> Value {
    let features: serde_json::Map<String, Value> = [
        "ACTORS",
        "STORAGE",
        "SCHEDULER",
        "PROXY",
        "PROXY_EXTERNAL_ACCESS",
        "PROXY_RESIDENTIAL",
        "PROXY_SERPS",
        "WEBHOOKS",
        "ACTORS_PUBLIC_ALL",
        "ACTORS_PUBLIC_DEVELOPER",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), feature()))
    .collect();
    json!({
        "id": user.id,
        "username": user.username,
        "profile": { "name": user.username, "bio": null, "pictureUrl": null, "githubUsername": null, "websiteUrl": null, "twitterUsername": null },
        "email": format!("{}@sandbox.invalid", user.username),
        "plan": {
            "id": user.plan,
            "description": format!("{} plan (sandbox)", user.plan),
            "isEnabled": true,
            "monthlyBasePriceUsd": 0,
            "monthlyUsageCreditsUsd": 5,
            "maxActorMemoryGbytes": 8,
            "maxMonthlyActorComputeUnits": 1000,
            "dataRetentionDays": 7,
            "availableProxyGroups": {},
            "maxConcurrentActorRuns": 25,
        },
        "effectivePlatformFeatures": features,
        "isPaying": false,
        "createdAt": "2026-01-01T00:00:00.000Z",
    })
}

pub fn user_public(user: &User) -> Value {
    json!({ "username": user.username, "profile": { "name": user.username } })
}

fn actor_stats(db: &Db, actor: &Actor) -> Value {
    let runs = db
        .runs
        .values()
        .filter(|run| run.act_id == actor.id)
        .count();
    let last = db
        .runs
        .values()
        .filter(|run| run.act_id == actor.id)
        .map(|run| run.started_at.clone())
        .max();
    let mut stats = json!({ "totalBuilds": 1, "totalRuns": runs, "totalUsers": 1, "totalUsers7Days": 1, "totalUsers30Days": 1, "totalUsers90Days": 1 });
    if let Some(last) = last {
        stats["lastRunStartedAt"] = json!(last);
    }
    stats
}

pub fn actor_short(db: &Db, actor: &Actor) -> Value {
    json!({
        "id": actor.id,
        "createdAt": actor.created_at,
        "modifiedAt": actor.modified_at,
        "name": actor.name,
        "username": username(db, &actor.user_id),
        "title": actor.title,
        "stats": actor_stats(db, actor),
    })
}

pub fn actor(db: &Db, actor: &Actor) -> Value {
    json!({
        "id": actor.id,
        "userId": actor.user_id,
        "name": actor.name,
        "username": username(db, &actor.user_id),
        "title": actor.title,
        "description": actor.description,
        "isPublic": actor.is_public,
        "createdAt": actor.created_at,
        "modifiedAt": actor.modified_at,
        "stats": actor_stats(db, actor),
        "versions": [{ "versionNumber": "0.1", "sourceType": "SOURCE_FILES", "buildTag": "latest", "sourceFiles": [] }],
        "defaultRunOptions": { "build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024 },
        "taggedBuilds": { "latest": { "buildId": actor.default_build_id, "buildNumber": actor.build_number, "finishedAt": actor.created_at } },
    })
}

/// An Actor as the Store lists it.
pub fn store_actor(db: &Db, actor: &Actor) -> Value {
    json!({
        "id": actor.id,
        "title": actor.title,
        "name": actor.name,
        "username": username(db, &actor.user_id),
        "userFullName": null,
        "description": actor.description,
        "categories": ["DEVELOPER_TOOLS"],
        "pictureUrl": null,
        "userPictureUrl": null,
        "url": null,
        "stats": actor_stats(db, actor),
        "currentPricingInfo": { "pricingModel": "FREE" },
        "readmeSummary": actor.description,
    })
}

pub fn build(actor: &Actor) -> Value {
    let mut build = json!({
        "id": actor.default_build_id,
        "actId": actor.id,
        "userId": actor.user_id,
        "startedAt": actor.created_at,
        "finishedAt": actor.created_at,
        "status": "SUCCEEDED",
        "meta": { "origin": "API" },
        "stats": { "durationMillis": 1000, "runTimeSecs": 1.0, "computeUnits": 0.0 },
        "options": { "useCache": true, "memoryMbytes": 1024, "diskMbytes": 2048 },
        "usageTotalUsd": 0,
        // The deprecated string form is still sent, as the platform does.
        "inputSchema": serde_json::to_string(&actor.input_schema).unwrap_or_default(),
        "readme": actor.readme,
        "buildNumber": actor.build_number,
        "actorDefinition": {
            "actorSpecification": 1,
            "name": actor.name,
            "version": "0.1",
            "buildTag": "latest",
            "readme": actor.readme,
            "input": actor.input_schema,
        },
    });
    if let Some(dataset) = crate::schemas::dataset(&actor.name) {
        build["actorDefinition"]["storages"] = json!({ "dataset": dataset });
    }
    if let Some(store) = crate::schemas::key_value_store(&actor.name) {
        build["actorDefinition"]["storages"] = json!({ "keyValueStore": store });
    }
    if let Some(output) = crate::schemas::output(&actor.name) {
        build["actorDefinition"]["output"] = output;
    }
    build
}

pub fn build_short(actor: &Actor) -> Value {
    json!({
        "id": actor.default_build_id,
        "status": "SUCCEEDED",
        "startedAt": actor.created_at,
        "finishedAt": actor.created_at,
        "usageTotalUsd": 0,
        "buildNumber": actor.build_number,
        "meta": { "origin": "API" },
    })
}

pub fn task(db: &Db, task: &Task) -> Value {
    json!({
        "id": task.id,
        "userId": task.user_id,
        "actId": task.act_id,
        "name": task.name,
        "username": username(db, &task.user_id),
        "title": task.title,
        "createdAt": task.created_at,
        "modifiedAt": task.modified_at,
        "stats": { "totalRuns": db.runs.values().filter(|run| run.actor_task_id.as_deref() == Some(&task.id)).count() },
        "options": { "build": task.options.build, "timeoutSecs": task.options.timeout_secs, "memoryMbytes": task.options.memory_mbytes },
        "input": task.input,
    })
}

fn run_duration_secs(run: &Run) -> f64 {
    let parse = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
    let start = parse(&run.started_at);
    let end = run
        .finished_at
        .as_deref()
        .and_then(parse)
        .or_else(|| Some(chrono::Utc::now().into()));
    match (start, end) {
        (Some(start), Some(end)) => (end - start).num_milliseconds().max(0) as f64 / 1000.0,
        _ => 0.0,
    }
}

pub fn run(shared: &Shared, run: &Run) -> Value {
    let seconds = run_duration_secs(run);
    json!({
        "id": run.id,
        "actId": run.act_id,
        "userId": run.user_id,
        "actorTaskId": run.actor_task_id,
        "startedAt": run.started_at,
        "finishedAt": run.finished_at,
        "status": run.status.as_str(),
        "statusMessage": run.status_message,
        "isStatusMessageTerminal": run.status.is_terminal(),
        "meta": run_meta(run),
        "stats": {
            "inputBodyLen": run.input_body_len,
            "restartCount": 0,
            "resurrectCount": run.resurrect_count,
            "memAvgBytes": 52_428_800.0,
            "memMaxBytes": 104_857_600u64,
            "cpuAvgUsage": 12.5,
            "cpuMaxUsage": 45.0,
            "durationMillis": (seconds * 1000.0) as u64,
            "runTimeSecs": seconds,
            "computeUnits": seconds / 3600.0,
        },
        "options": {
            "build": run.options.build,
            "timeoutSecs": run.options.timeout_secs,
            "memoryMbytes": run.options.memory_mbytes,
            "diskMbytes": run.options.disk_mbytes,
        },
        "buildId": run.build_id,
        "buildNumber": run.build_number,
        "exitCode": run.exit_code,
        "defaultKeyValueStoreId": run.default_key_value_store_id,
        "defaultDatasetId": run.default_dataset_id,
        "defaultRequestQueueId": run.default_request_queue_id,
        "containerUrl": format!("{}/containers/{}", shared.public_base(), run.id),
        "usageTotalUsd": 0,
        "generalAccess": "FOLLOW_USER_SETTING",
    })
}

/// Where a run came from: a schedule, or the API.
fn run_meta(run: &Run) -> Value {
    match &run.scheduled {
        Some(scheduled) => json!({
            "origin": "SCHEDULER",
            "scheduleId": scheduled.schedule_id,
            "scheduledAt": scheduled.scheduled_at,
        }),
        None => json!({ "origin": "API", "userAgent": "apify-sandbox" }),
    }
}

pub fn run_short(run: &Run) -> Value {
    json!({
        "id": run.id,
        "actId": run.act_id,
        "actorTaskId": run.actor_task_id,
        "status": run.status.as_str(),
        "startedAt": run.started_at,
        "finishedAt": run.finished_at,
        "buildId": run.build_id,
        "buildNumber": run.build_number,
        "meta": run_meta(run),
        "usageTotalUsd": 0,
        "defaultKeyValueStoreId": run.default_key_value_store_id,
        "defaultDatasetId": run.default_dataset_id,
        "defaultRequestQueueId": run.default_request_queue_id,
    })
}

pub fn dataset(shared: &Shared, db: &Db, meta: &DatasetMeta, item_count: u64, bytes: u64) -> Value {
    json!({
        "id": meta.id,
        "name": meta.name,
        "userId": meta.user_id,
        "username": username(db, &meta.user_id),
        "createdAt": meta.created_at,
        "modifiedAt": meta.modified_at,
        "accessedAt": meta.accessed_at,
        "itemCount": item_count,
        "cleanItemCount": item_count,
        "actId": meta.act_id,
        "actRunId": meta.act_run_id,
        "consoleUrl": format!("{}/storage/datasets/{}", shared.public_base(), meta.id),
        "itemsPublicUrl": format!("{}/v2/datasets/{}/items", shared.public_base(), meta.id),
        "generalAccess": "FOLLOW_USER_SETTING",
        "stats": { "readCount": 0, "writeCount": 0, "storageBytes": bytes, "inflatedBytes": bytes },
    })
}

pub fn kv_store(shared: &Shared, db: &Db, meta: &KvStoreMeta) -> Value {
    let bytes: u64 = meta.records.values().map(|record| record.size).sum();
    json!({
        "id": meta.id,
        "name": meta.name,
        "userId": meta.user_id,
        "username": username(db, &meta.user_id),
        "createdAt": meta.created_at,
        "modifiedAt": meta.modified_at,
        "accessedAt": meta.accessed_at,
        "actId": meta.act_id,
        "actRunId": meta.act_run_id,
        "consoleUrl": format!("{}/storage/key-value-stores/{}", shared.public_base(), meta.id),
        "keysPublicUrl": format!("{}/v2/key-value-stores/{}/keys", shared.public_base(), meta.id),
        "recordsPublicUrl": format!("{}/v2/key-value-stores/{}/records", shared.public_base(), meta.id),
        "generalAccess": "FOLLOW_USER_SETTING",
        "schema": meta.schema,
        "stats": { "readCount": 0, "writeCount": 0, "deleteCount": 0, "listCount": 0, "storageBytes": bytes },
    })
}

/// A store as its writers see it: with the key that signs its record links.
pub fn kv_store_for_writer(shared: &Shared, db: &Db, meta: &KvStoreMeta) -> Value {
    let mut store = kv_store(shared, db, meta);
    if !meta.url_signing_secret_key.is_empty() {
        store["urlSigningSecretKey"] = json!(meta.url_signing_secret_key);
    }
    store
}

/// A queue as `GET /v2/request-queues/{id}` and the list give it: the list's short form has the
/// same fields.
pub fn request_queue(shared: &Shared, db: &Db, meta: &QueueMeta) -> Value {
    json!({
        "id": meta.id,
        "name": meta.name,
        "userId": meta.user_id,
        "username": username(db, &meta.user_id),
        "createdAt": meta.created_at,
        "modifiedAt": meta.modified_at,
        "accessedAt": meta.accessed_at,
        "actId": meta.act_id,
        "actRunId": meta.act_run_id,
        "totalRequestCount": meta.total_request_count,
        "handledRequestCount": meta.handled_request_count,
        "pendingRequestCount": meta.total_request_count - meta.handled_request_count,
        "hadMultipleClients": false,
        "consoleUrl": format!("{}/storage/request-queues/{}", shared.public_base(), meta.id),
        "generalAccess": "FOLLOW_USER_SETTING",
        "stats": { "readCount": 0, "writeCount": 0, "deleteCount": 0, "headItemReadCount": 0, "storageBytes": meta.storage_bytes },
    })
}
