// The one door to the Rust backend. Nothing else imports @tauri-apps/api. Every command's name,
// arguments and result type come from `commands.ts`, generated from Rust's command list, so a
// misspelled name or a wrong type fails the type check; every failure arrives as a BackendError
// whose `kind` the UI branches on.
import { Channel, invoke } from '@tauri-apps/api/core';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { Commands } from './commands';
import type { ErrorKind } from './bindings/ErrorKind';
import type { IpcError } from './bindings/IpcError';
import type { JobView } from './bindings/JobView';
import type { JsonValue } from './bindings/serde_json/JsonValue';
import type { Catalog } from './bindings/Catalog';
import type { StartOptions } from './bindings/StartOptions';
import type { StorageKind } from './bindings/StorageKind';
import type { ItemQuery } from './bindings/ItemQuery';
import type { ExportFormat } from './bindings/ExportFormat';
import type { ExportOptions } from './bindings/ExportOptions';
import type { DroppedFile } from './bindings/DroppedFile';
import type { AutoExportChoice } from './bindings/AutoExportChoice';

export type { Account } from './bindings/Account';
export type { AutoExportChoice } from './bindings/AutoExportChoice';
export type { AutoExportView } from './bindings/AutoExportView';
export type { AppInfo } from './bindings/AppInfo';
export type { Diagnostics } from './bindings/Diagnostics';
export type { ErrorKind } from './bindings/ErrorKind';
export type { IpcError } from './bindings/IpcError';
export type { JobProgress } from './bindings/JobProgress';
export type { JobState } from './bindings/JobState';
export type { JobView } from './bindings/JobView';
export type { KeychainStatus } from './bindings/KeychainStatus';
export type { Profile } from './bindings/Profile';
export type { Profiles } from './bindings/Profiles';
export type { RunSummary } from './bindings/RunSummary';
export type { TokenCheck } from './bindings/TokenCheck';
export type { ActorPage } from './bindings/ActorPage';
export type { CatalogPage } from './bindings/CatalogPage';
export type { CatalogRow } from './bindings/CatalogRow';
export type { FieldProblem } from './bindings/FieldProblem';
export type { RunDetails } from './bindings/RunDetails';
export type { RunRow } from './bindings/RunRow';
export type { RunsPage } from './bindings/RunsPage';
export type { StorageRow } from './bindings/StorageRow';
export type { StoragePage } from './bindings/StoragePage';
export type { StorageKind } from './bindings/StorageKind';
export type { CellFormat } from './bindings/CellFormat';
export type { DatasetInfo } from './bindings/DatasetInfo';
export type { DatasetView } from './bindings/DatasetView';
export type { ExportFormat } from './bindings/ExportFormat';
export type { ExportOptions } from './bindings/ExportOptions';
export type { ExportProgress } from './bindings/ExportProgress';
export type { ItemQuery } from './bindings/ItemQuery';
export type { ViewColumn } from './bindings/ViewColumn';
export type { DeletedRecord } from './bindings/DeletedRecord';
export type { DroppedFile } from './bindings/DroppedFile';
export type { KeyRow } from './bindings/KeyRow';
export type { KeysPage } from './bindings/KeysPage';
export type { KvCollection } from './bindings/KvCollection';
export type { KvStoreInfo } from './bindings/KvStoreInfo';
export type { RecordShape } from './bindings/RecordShape';
export type { RecordView } from './bindings/RecordView';
export type { SavedRecord } from './bindings/SavedRecord';
export type { UploadSource } from './bindings/UploadSource';
export type { Usage } from './bindings/Usage';
export type { Commands, JsonValue };

/** Anything that went wrong in a command, or on the way to it. */
export class BackendError extends Error {
  readonly kind: ErrorKind | 'unexpected';
  readonly detail: string | null;

  constructor(kind: ErrorKind | 'unexpected', message: string, detail: string | null) {
    super(message);
    this.name = 'BackendError';
    this.kind = kind;
    this.detail = detail;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IpcError).kind === 'string' &&
    typeof (value as IpcError).message === 'string'
  );
}

/** Turns whatever a rejected call gave into a BackendError. */
export function toBackendError(rejection: unknown): BackendError {
  if (rejection instanceof BackendError) return rejection;
  if (isIpcError(rejection)) {
    return new BackendError(rejection.kind, rejection.message, rejection.detail);
  }
  // Tauri itself rejects with a plain string, e.g. when a capability does not grant a command.
  const detail = rejection instanceof Error ? rejection.message : String(rejection);
  return new BackendError(
    'unexpected',
    'Something went wrong inside Greenroom. Please try again; if it keeps happening, restart the app.',
    detail,
  );
}

/** Calls a Rust command by its name in the generated map, with its typed arguments. */
export async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, args);
  } catch (rejection) {
    throw toBackendError(rejection);
  }
}

export const backend = {
  appInfo: () => call('app_info', {}),
  openTokenPage: () => call('open_token_page', {}),
  keychainStatus: () => call('keychain_status', {}),
  profilesList: () => call('profiles_list', {}),
  /** The only call that carries a token; Rust keeps it until it is saved or forgotten. */
  tokenCheck: (token: string, apiBaseUrl: string | null) => call('token_check', { token, apiBaseUrl }),
  /** Wipes the checked token Rust holds, when the user decides not to save it. */
  tokenForget: () => call('token_forget', {}),
  envTokenPresent: () => call('env_token_present', {}),
  /** Checks the token of APIFY_TOKEN, which Rust reads itself: it never reaches the page. */
  envTokenCheck: () => call('env_token_check', {}),
  profileSave: (name: string) => call('profile_save', { name }),
  profileReplaceToken: (id: string) => call('profile_replace_token', { id }),
  profileActivate: (id: string) => call('profile_activate', { id }),
  profileRename: (id: string, name: string) => call('profile_rename', { id, name }),
  profileSignOut: (id: string) => call('profile_sign_out', { id }),
  profileTest: (id: string) => call('profile_test', { id }),
  tryWithoutAccount: () => call('try_without_account', {}),
  openExternal: (url: string) => call('open_external', { url }),
  catalogList: (catalog: Catalog, search: string, offset: number, limit: number) =>
    call('catalog_list', { catalog, search, offset, limit }),
  actorPage: (actorId: string) => call('actor_page', { actorId }),
  storagesList: (kind: StorageKind, search: string, offset: number, limit: number) =>
    call('storages_list', { kind, search, offset, limit }),
  inputCheck: (schema: JsonValue, input: JsonValue) => call('input_check', { schema, input }),
  runStart: (actorId: string, input: JsonValue, options: StartOptions) => call('run_start', { actorId, input, options }),
  taskSave: (actorId: string, name: string, input: JsonValue, options: StartOptions) =>
    call('task_save', { actorId, name, input, options }),
  taskRun: (taskId: string) => call('task_run', { taskId }),
  runWatch: (runId: string) => call('run_watch', { runId }),
  runAbort: (runId: string, gracefully: boolean) => call('run_abort', { runId, gracefully }),
  runResurrect: (runId: string) => call('run_resurrect', { runId }),
  runInput: (runId: string) => call('run_input', { runId }),
  runLogFollow: (runId: string) => call('run_log_follow', { runId }),
  runsList: (actorId: string | null, status: string | null, offset: number, limit: number) =>
    call('runs_list', { actorId, status, offset, limit }),
  runDetails: (runId: string) => call('run_details', { runId }),
  runsRecent: (actorId: string, limit: number) => call('runs_recent', { actorId, limit }),
  /** Streams every job's changes to `onJob`; answers the jobs as they are now. */
  watchJobs: (onJob: (job: JobView) => void) => {
    const events = new Channel<JobView>();
    events.onmessage = onJob;
    return call('jobs_watch', { events });
  },
  jobCancel: (id: number) => call('job_cancel', { id }),
  copyText: (text: string) => call('copy_text', { text }),
  datasetInfo: (datasetId: string) => call('dataset_info', { datasetId }),
  datasetWindow: (datasetId: string, query: ItemQuery, offset: number, span: number) =>
    call('dataset_window', { datasetId, query, offset, span }),
  /** Rust reads the rows and puts them on the clipboard as tab-separated text. */
  datasetCopyRows: (datasetId: string, query: ItemQuery, from: number, to: number, columns: string[]) =>
    call('dataset_copy_rows', { datasetId, query, from, to, columns }),
  exportCheck: (datasetId: string, format: ExportFormat, options: ExportOptions) =>
    call('export_check', { datasetId, format, options }),
  exportStart: (datasetId: string, format: ExportFormat, options: ExportOptions, path: string) =>
    call('export_start', { datasetId, format, options, path }),
  /** Opens, or shows in its folder, the file a finished export or download wrote. */
  jobFileOpen: (jobId: number) => call('job_file_open', { jobId }),
  jobFileReveal: (jobId: number) => call('job_file_reveal', { jobId }),
  kvStoreInfo: (storeId: string) => call('kv_store_info', { storeId }),
  kvKeys: (storeId: string, prefix: string, collection: string | null, after: string | null, limit: number) =>
    call('kv_keys', { storeId, prefix, collection, after, limit }),
  recordKeyCheck: (key: string) => call('record_key_check', { key }),
  recordView: (storeId: string, key: string) => call('record_view', { storeId, key }),
  /** With `version`, Rust refuses (`recordChanged`) when the record is no longer that version. */
  recordSave: (storeId: string, key: string, text: string, contentType: string, version: string | null) =>
    call('record_save', { storeId, key, text, contentType, version }),
  recordCreate: (storeId: string, key: string, text: string, contentType: string) =>
    call('record_create', { storeId, key, text, contentType }),
  recordDelete: (storeId: string, key: string) => call('record_delete', { storeId, key }),
  recordUndelete: (undoId: number) => call('record_undelete', { undoId }),
  uploadInspect: (path: string) => call('upload_inspect', { path }),
  recordUpload: (storeId: string, key: string, path: string, contentType: string) =>
    call('record_upload', { storeId, key, path, contentType }),
  recordDownload: (storeId: string, key: string, path: string) => call('record_download', { storeId, key, path }),
  recordCopyLink: (storeId: string, key: string) => call('record_copy_link', { storeId, key }),
  logsFolderOpen: () => call('logs_folder_open', {}),
  diagnosticsCopy: () => call('diagnostics_copy', {}),
  usageGet: (date: string | null) => call('usage_get', { date }),
  autoExportList: () => call('auto_export_list', {}),
  autoExportSet: (choice: AutoExportChoice) => call('auto_export_set', { choice }),
  autoExportRemove: (ruleId: string) => call('auto_export_remove', { ruleId }),
  /** Files dropped onto the window arrive here, inspected by Rust. */
  watchFileDrops: (onDrop: (file: DroppedFile) => void) => {
    const events = new Channel<DroppedFile>();
    events.onmessage = onDrop;
    return call('file_drops_watch', { events });
  },
  /** The native open dialog for one file; answers its path, or null when the user cancelled. */
  chooseOpenFile: async (): Promise<string | null> => {
    try {
      const chosen = await open({ multiple: false, directory: false });
      return typeof chosen === 'string' ? chosen : null;
    } catch (rejection) {
      throw toBackendError(rejection);
    }
  },
  /** The native folder dialog: the chosen folder's path, or null when the user cancelled. */
  chooseFolder: async (): Promise<string | null> => {
    try {
      const chosen = await open({ multiple: false, directory: true });
      return typeof chosen === 'string' ? chosen : null;
    } catch (rejection) {
      throw toBackendError(rejection);
    }
  },
  /**
   * The native save dialog; it asks before replacing a file. Answers the chosen path, or null
   * when the user cancelled. The page only passes the path on: Rust writes the file.
   */
  chooseSaveFile: async (defaultPath: string, filter?: { name: string; extension: string }): Promise<string | null> => {
    try {
      const filters = filter ? [{ name: filter.name, extensions: [filter.extension] }] : [];
      return await save({ defaultPath, filters });
    } catch (rejection) {
      throw toBackendError(rejection);
    }
  },
  jobDismiss: (id: number) => call('job_dismiss', { id }),
  preferencesAll: () => call('preferences_all', {}),
  preferenceSet: (key: string, value: JsonValue) => call('preference_set', { key, value }),
  preferencesReset: () => call('preferences_reset', {}),
};
