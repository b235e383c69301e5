// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.
import type { Channel } from '@tauri-apps/api/core';
import type { AutoExportChoice } from './bindings/AutoExportChoice';
import type { Catalog } from './bindings/Catalog';
import type { CompareSpec } from './bindings/CompareSpec';
import type { DroppedFile } from './bindings/DroppedFile';
import type { ExportFormat } from './bindings/ExportFormat';
import type { ExportOptions } from './bindings/ExportOptions';
import type { ItemQuery } from './bindings/ItemQuery';
import type { JobView } from './bindings/JobView';
import type { Part } from './bindings/Part';
import type { RequestFilter } from './bindings/RequestFilter';
import type { RequestFormat } from './bindings/RequestFormat';
import type { SaveFilter } from './bindings/SaveFilter';
import type { ScheduleDraft } from './bindings/ScheduleDraft';
import type { StartOptions } from './bindings/StartOptions';
import type { StorageKind } from './bindings/StorageKind';
import type { When } from './bindings/When';
import type { JsonValue } from './bindings/serde_json/JsonValue';
import { call } from './call';

/** Every command as a function of its arguments, in the command list's order. */
export const commands = {
  appInfo: () => call('app_info', {}),
  openTokenPage: () => call('open_token_page', {}),
  openExternal: (url: string) => call('open_external', { url }),
  copyText: (text: string) => call('copy_text', { text }),
  logsFolderOpen: () => call('logs_folder_open', {}),
  settingsFolderOpen: () => call('settings_folder_open', {}),
  diagnosticsCopy: () => call('diagnostics_copy', {}),
  keychainStatus: () => call('keychain_status', {}),
  profilesList: () => call('profiles_list', {}),
  tokenCheck: (token: string, apiBaseUrl: string | null) => call('token_check', { token, apiBaseUrl }),
  tokenForget: () => call('token_forget', {}),
  envTokenPresent: () => call('env_token_present', {}),
  envTokenCheck: () => call('env_token_check', {}),
  profileSave: (name: string) => call('profile_save', { name }),
  profileReplaceToken: (id: string) => call('profile_replace_token', { id }),
  profileActivate: (id: string) => call('profile_activate', { id }),
  profileRename: (id: string, name: string) => call('profile_rename', { id, name }),
  profileSignOut: (id: string) => call('profile_sign_out', { id }),
  profileTest: (id: string) => call('profile_test', { id }),
  tryWithoutAccount: () => call('try_without_account', {}),
  jobsWatch: (events: Channel<JobView>) => call('jobs_watch', { events }),
  jobCancel: (id: number) => call('job_cancel', { id }),
  jobDismiss: (id: number) => call('job_dismiss', { id }),
  jobFileOpen: (jobId: number) => call('job_file_open', { jobId }),
  jobFileReveal: (jobId: number) => call('job_file_reveal', { jobId }),
  catalogList: (catalog: Catalog, search: string, offset: number, limit: number) => call('catalog_list', { catalog, search, offset, limit }),
  actorPage: (actorId: string) => call('actor_page', { actorId }),
  storagesList: (kind: StorageKind, search: string, offset: number, limit: number) => call('storages_list', { kind, search, offset, limit }),
  storageKeep: (kind: StorageKind, id: string, name: string) => call('storage_keep', { kind, id, name }),
  inputCheck: (schema: JsonValue, input: JsonValue) => call('input_check', { schema, input }),
  runStart: (actorId: string, input: JsonValue, options: StartOptions) => call('run_start', { actorId, input, options }),
  taskSave: (actorId: string, name: string, input: JsonValue, options: StartOptions) => call('task_save', { actorId, name, input, options }),
  taskRun: (taskId: string) => call('task_run', { taskId }),
  taskDetails: (taskId: string) => call('task_details', { taskId }),
  taskStart: (taskId: string, input: JsonValue, options: StartOptions) => call('task_start', { taskId, input, options }),
  taskUpdate: (taskId: string, input: JsonValue, options: StartOptions) => call('task_update', { taskId, input, options }),
  taskDuplicate: (taskId: string, name: string, input: JsonValue, options: StartOptions) => call('task_duplicate', { taskId, name, input, options }),
  taskDelete: (taskId: string) => call('task_delete', { taskId }),
  runWatch: (runId: string) => call('run_watch', { runId }),
  runAbort: (runId: string, gracefully: boolean) => call('run_abort', { runId, gracefully }),
  runResurrect: (runId: string) => call('run_resurrect', { runId }),
  runInput: (runId: string) => call('run_input', { runId }),
  runLogFollow: (runId: string) => call('run_log_follow', { runId }),
  runsList: (actorId: string | null, status: string | null, offset: number, limit: number) => call('runs_list', { actorId, status, offset, limit }),
  runsRecent: (actorId: string, limit: number) => call('runs_recent', { actorId, limit }),
  runDetails: (runId: string) => call('run_details', { runId }),
  runNow: (runId: string) => call('run_now', { runId }),
  runLogSave: (runId: string, file: number) => call('run_log_save', { runId, file }),
  datasetInfo: (datasetId: string) => call('dataset_info', { datasetId }),
  datasetWindow: (datasetId: string, query: ItemQuery, offset: number, span: number) => call('dataset_window', { datasetId, query, offset, span }),
  datasetCopyRows: (datasetId: string, query: ItemQuery, from: number, to: number, columns: Array<string>) => call('dataset_copy_rows', { datasetId, query, from, to, columns }),
  exportCheck: (datasetId: string, format: ExportFormat, options: ExportOptions) => call('export_check', { datasetId, format, options }),
  exportStart: (datasetId: string, format: ExportFormat, options: ExportOptions, file: number) => call('export_start', { datasetId, format, options, file }),
  kvStoreInfo: (storeId: string) => call('kv_store_info', { storeId }),
  kvKeys: (storeId: string, prefix: string, collection: string | null, after: string | null, limit: number) => call('kv_keys', { storeId, prefix, collection, after, limit }),
  recordKeyCheck: (key: string) => call('record_key_check', { key }),
  recordView: (storeId: string, key: string) => call('record_view', { storeId, key }),
  recordSave: (storeId: string, key: string, text: string, contentType: string, version: string | null) => call('record_save', { storeId, key, text, contentType, version }),
  recordCreate: (storeId: string, key: string, text: string, contentType: string) => call('record_create', { storeId, key, text, contentType }),
  recordDelete: (storeId: string, key: string) => call('record_delete', { storeId, key }),
  recordUndelete: (undoId: number) => call('record_undelete', { undoId }),
  uploadInspect: (file: number) => call('upload_inspect', { file }),
  recordUpload: (storeId: string, key: string, file: number, contentType: string) => call('record_upload', { storeId, key, file, contentType }),
  recordDownload: (storeId: string, key: string, file: number) => call('record_download', { storeId, key, file }),
  recordCopyLink: (storeId: string, key: string) => call('record_copy_link', { storeId, key }),
  usageGet: (date: string | null) => call('usage_get', { date }),
  autoExportList: () => call('auto_export_list', {}),
  autoExportSet: (choice: AutoExportChoice, folder: number | null, alsoLast: boolean) => call('auto_export_set', { choice, folder, alsoLast }),
  autoExportRemove: (ruleId: string) => call('auto_export_remove', { ruleId }),
  compareSuggest: (datasetId: string) => call('compare_suggest', { datasetId }),
  compareStart: (oldDatasetId: string, newDatasetId: string, spec: CompareSpec) => call('compare_start', { oldDatasetId, newDatasetId, spec }),
  compareWindow: (comparison: number, part: Part, offset: number, span: number) => call('compare_window', { comparison, part, offset, span }),
  queueInfo: (queueId: string) => call('queue_info', { queueId }),
  runQueueProgress: (runId: string) => call('run_queue_progress', { runId }),
  queueDelete: (queueId: string) => call('queue_delete', { queueId }),
  queueRequestsRead: (queueId: string) => call('queue_requests_read', { queueId }),
  queueRequestsWindow: (queueId: string, filter: RequestFilter, offset: number, span: number) => call('queue_requests_window', { queueId, filter, offset, span }),
  queueRequestsCopy: (queueId: string, filter: RequestFilter, from: number, to: number, columns: Array<string>) => call('queue_requests_copy', { queueId, filter, from, to, columns }),
  queueRequestsExport: (queueId: string, filter: RequestFilter, format: RequestFormat, file: number) => call('queue_requests_export', { queueId, filter, format, file }),
  schedulesList: () => call('schedules_list', {}),
  scheduleDetails: (scheduleId: string) => call('schedule_details', { scheduleId }),
  scheduleReadWhen: (when: When, timezone: string) => call('schedule_read_when', { when, timezone }),
  timeZones: () => call('time_zones', {}),
  scheduleCreate: (draft: ScheduleDraft) => call('schedule_create', { draft }),
  scheduleUpdate: (scheduleId: string, draft: ScheduleDraft) => call('schedule_update', { scheduleId, draft }),
  scheduleSetEnabled: (scheduleId: string, enabled: boolean) => call('schedule_set_enabled', { scheduleId, enabled }),
  scheduleDelete: (scheduleId: string) => call('schedule_delete', { scheduleId }),
  scheduleRunNow: (scheduleId: string) => call('schedule_run_now', { scheduleId }),
  fileDropsWatch: (events: Channel<DroppedFile>) => call('file_drops_watch', { events }),
  preferencesAll: () => call('preferences_all', {}),
  preferenceSet: (key: string, value: JsonValue) => call('preference_set', { key, value }),
  preferencesReset: () => call('preferences_reset', {}),
  chooseSaveFile: (suggestedName: string, filter: SaveFilter | null) => call('choose_save_file', { suggestedName, filter }),
  chooseRecordFile: (key: string, contentType: string) => call('choose_record_file', { key, contentType }),
  chooseOpenFile: () => call('choose_open_file', {}),
  chooseFolder: () => call('choose_folder', {}),
};
