// Every command the UI may call, declared once: its module, name, arguments and result.
//
// `with_commands!(callback)` hands this list to a macro that builds something from it:
// - `ipc.rs`: the `#[tauri::command]` wrappers and the invoke handler;
// - `build.rs` (which `include!`s this file): the app manifest, so every command needs a
//   capability grant, and none other can be reached;
// - `bindings.rs` (tests): the TypeScript map `ui/src/lib/backend/commands.ts` the facade is
//   typed by, checked fresh by `cargo test`;
// - `tests/commands.rs`: the names, so the token-leak check must call every one.
// `capabilities/main-window.json` is checked against it by a test.
//
// Each command is `module::name(arg: Type, …) -> Result;` and calls
// `commands::module::name(&app, arg, …)`, which returns `Result<Result, greenroom_core::Error>`.
// An argument whose TypeScript the type cannot say itself adds `as "TypeScript"`.

#[macro_export]
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            app::app_info() -> AppInfo;
            app::open_token_page() -> ();
            app::open_external(url: String) -> ();
            app::copy_text(text: String) -> ();
            app::logs_folder_open() -> ();
            app::settings_folder_open() -> ();
            app::diagnostics_copy() -> Diagnostics;
            keychain::keychain_status() -> KeychainStatus;
            profiles::profiles_list() -> Profiles;
            profiles::token_check(token: String, api_base_url: Option<String>) -> TokenCheck;
            profiles::token_forget() -> ();
            profiles::env_token_present() -> bool;
            profiles::env_token_check() -> TokenCheck;
            profiles::profile_save(name: String) -> Profiles;
            profiles::profile_replace_token(id: String) -> Profiles;
            profiles::profile_activate(id: String) -> Profiles;
            profiles::profile_rename(id: String, name: String) -> Profiles;
            profiles::profile_sign_out(id: String) -> Profiles;
            profiles::profile_test(id: String) -> Account;
            profiles::try_without_account() -> Profiles;
            jobs::jobs_watch(events: Channel<JobView> as "Channel<JobView>") -> Vec<JobView>;
            jobs::job_cancel(id: u32) -> ();
            jobs::job_dismiss(id: u32) -> ();
            jobs::job_file_open(job_id: u32) -> ();
            jobs::job_file_reveal(job_id: u32) -> ();
            actors::catalog_list(catalog: Catalog, search: String, offset: u64, limit: u64) -> CatalogPage;
            actors::actor_page(actor_id: String) -> ActorPage;
            actors::storages_list(kind: StorageKind, search: String, offset: u64, limit: u64) -> StoragePage;
            actors::storage_keep(kind: StorageKind, id: String, name: String) -> ();
            actors::input_check(schema: JsonValue, input: JsonValue) -> Vec<FieldProblem>;
            runs::run_start(actor_id: String, input: JsonValue, options: StartOptions) -> RunSummary;
            runs::task_save(actor_id: String, name: String, input: JsonValue, options: StartOptions) -> SavedTask;
            runs::task_run(task_id: String) -> RunSummary;
            runs::task_details(task_id: String) -> TaskDetails;
            runs::task_start(task_id: String, input: JsonValue, options: StartOptions) -> RunSummary;
            runs::task_update(task_id: String, input: JsonValue, options: StartOptions) -> ();
            runs::task_duplicate(task_id: String, name: String, input: JsonValue, options: StartOptions) -> SavedTask;
            runs::task_delete(task_id: String) -> ();
            runs::run_watch(run_id: String) -> JobView;
            runs::run_abort(run_id: String, gracefully: bool) -> RunSummary;
            runs::run_resurrect(run_id: String) -> RunSummary;
            runs::run_input(run_id: String) -> JsonValue;
            runs::run_log_follow(run_id: String) -> JobView;
            runs::runs_list(actor_id: Option<String>, status: Option<String>, offset: u64, limit: u64) -> RunsPage;
            runs::runs_recent(actor_id: String, limit: u64) -> Vec<RunRow>;
            runs::run_details(run_id: String) -> RunDetails;
            runs::run_now(run_id: String) -> RunNow;
            runs::run_log_save(run_id: String, file: u32) -> JobView;
            datasets::dataset_info(dataset_id: String) -> DatasetInfo;
            datasets::dataset_window(dataset_id: String, query: ItemQuery, offset: u64, span: u64) -> Window;
            datasets::dataset_copy_rows(dataset_id: String, query: ItemQuery, from: u64, to: u64, columns: Vec<String>) -> u64;
            exports::export_check(dataset_id: String, format: ExportFormat, options: ExportOptions) -> ();
            exports::export_start(dataset_id: String, format: ExportFormat, options: ExportOptions, file: u32) -> JobView;
            kv::kv_store_info(store_id: String) -> KvStoreInfo;
            kv::kv_keys(store_id: String, prefix: String, collection: Option<String>, after: Option<String>, limit: u64) -> KeysPage;
            kv::record_key_check(key: String) -> ();
            kv::record_view(store_id: String, key: String) -> RecordView;
            kv::record_save(store_id: String, key: String, text: String, content_type: String, version: Option<String>) -> SavedRecord;
            kv::record_create(store_id: String, key: String, text: String, content_type: String) -> SavedRecord;
            kv::record_delete(store_id: String, key: String) -> DeletedRecord;
            kv::record_undelete(undo_id: u32) -> String;
            kv::upload_inspect(file: u32) -> UploadSource;
            kv::record_upload(store_id: String, key: String, file: u32, content_type: String) -> JobView;
            kv::record_download(store_id: String, key: String, file: u32) -> JobView;
            kv::record_copy_link(store_id: String, key: String) -> ();
            usage::usage_get(date: Option<String>) -> Usage;
            auto_export::auto_export_list() -> Vec<AutoExportView>;
            auto_export::auto_export_set(choice: AutoExportChoice, folder: Option<u32>, also_last: bool) -> AutoExportView;
            auto_export::auto_export_remove(rule_id: String) -> ();
            compare::compare_suggest(dataset_id: String) -> CompareSuggestion;
            compare::compare_start(old_dataset_id: String, new_dataset_id: String, spec: CompareSpec) -> JobView;
            compare::compare_window(comparison: u32, part: Part, offset: u64, span: u64) -> Window;
            queues::queue_info(queue_id: String) -> QueueInfo;
            queues::run_queue_progress(run_id: String) -> Option<QueueCounts>;
            queues::queue_delete(queue_id: String) -> ();
            queues::queue_requests_read(queue_id: String) -> JobView;
            queues::queue_requests_window(queue_id: String, filter: RequestFilter, offset: u64, span: u64) -> Window;
            queues::queue_requests_copy(queue_id: String, filter: RequestFilter, from: u64, to: u64, columns: Vec<String>) -> u64;
            queues::queue_requests_export(queue_id: String, filter: RequestFilter, format: RequestFormat, file: u32) -> JobView;
            schedules::schedules_list() -> Vec<ScheduleRow>;
            schedules::schedule_details(schedule_id: String) -> ScheduleDetails;
            schedules::schedule_read_when(when: When, timezone: String) -> CronReading;
            schedules::time_zones() -> TimeZones;
            schedules::schedule_create(draft: ScheduleDraft) -> ScheduleRow;
            schedules::schedule_update(schedule_id: String, draft: ScheduleDraft) -> ScheduleRow;
            schedules::schedule_set_enabled(schedule_id: String, enabled: bool) -> ScheduleRow;
            schedules::schedule_delete(schedule_id: String) -> ();
            schedules::schedule_run_now(schedule_id: String) -> Vec<RunSummary>;
            kv::file_drops_watch(events: Channel<DroppedFile> as "Channel<DroppedFile>") -> ();
            preferences::preferences_all() -> BTreeMap<String, JsonValue>;
            preferences::preference_set(key: String, value: JsonValue) -> ();
            preferences::preferences_reset() -> ();
            dialogs::choose_save_file(suggested_name: String, filter: Option<SaveFilter>) -> Option<Chosen>;
            dialogs::choose_record_file(key: String, content_type: String) -> Option<Chosen>;
            dialogs::choose_open_file() -> Option<Chosen>;
            dialogs::choose_folder() -> Option<Chosen>;
        }
    };
}
