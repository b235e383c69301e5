// The one door to the Rust backend. Nothing else imports @tauri-apps/api. Every command's name,
// arguments and result type come from `commands.ts`, generated from Rust's command list, so a
// misspelled name or a wrong type fails the type check; every failure arrives as a BackendError
// whose `kind` the UI branches on.
import { Channel } from '@tauri-apps/api/core';
import type { Commands } from './commands';
import { commands } from './facade';
import type { JobView } from './bindings/JobView';
import type { JsonValue } from './bindings/serde_json/JsonValue';
import type { DroppedFile } from './bindings/DroppedFile';

export type { Account } from './bindings/Account';
export type { AutoExportChoice } from './bindings/AutoExportChoice';
export type { AutoExportView } from './bindings/AutoExportView';
export type { AutoExportRule } from './bindings/AutoExportRule';
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
export type { SavedTask } from './bindings/SavedTask';
export type { TaskDetails } from './bindings/TaskDetails';
export type { StartOptions } from './bindings/StartOptions';
export type { TokenCheck } from './bindings/TokenCheck';
export type { ActorPage } from './bindings/ActorPage';
export type { CatalogPage } from './bindings/CatalogPage';
export type { CatalogRow } from './bindings/CatalogRow';
export type { FieldProblem } from './bindings/FieldProblem';
export type { RunDetails } from './bindings/RunDetails';
export type { RunRow } from './bindings/RunRow';
export type { RunNow } from './bindings/RunNow';
export type { OutputTarget } from './bindings/OutputTarget';
export type { RunOutput } from './bindings/RunOutput';
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
export type { Chosen } from './bindings/Chosen';
export type { KeyRow } from './bindings/KeyRow';
export type { KeysPage } from './bindings/KeysPage';
export type { KvCollection } from './bindings/KvCollection';
export type { KvStoreInfo } from './bindings/KvStoreInfo';
export type { RecordShape } from './bindings/RecordShape';
export type { RecordView } from './bindings/RecordView';
export type { SavedRecord } from './bindings/SavedRecord';
export type { UploadSource } from './bindings/UploadSource';
export type { ActionDraft } from './bindings/ActionDraft';
export type { ActionKind } from './bindings/ActionKind';
export type { CronProblem } from './bindings/CronProblem';
export type { CronReading } from './bindings/CronReading';
export type { ScheduleDetails } from './bindings/ScheduleDetails';
export type { ScheduleDraft } from './bindings/ScheduleDraft';
export type { ScheduleLogLine } from './bindings/ScheduleLogLine';
export type { ScheduleRow } from './bindings/ScheduleRow';
export type { ScheduledAction } from './bindings/ScheduledAction';
export type { TimeOfDay } from './bindings/TimeOfDay';
export type { TimeZones } from './bindings/TimeZones';
export type { When } from './bindings/When';
export type { CompareSpec } from './bindings/CompareSpec';
export type { CompareSuggestion } from './bindings/CompareSuggestion';
export type { Counts } from './bindings/Counts';
export type { Part } from './bindings/Part';
export type { FieldSuggestion } from './bindings/FieldSuggestion';
export type { PreviousDataset } from './bindings/PreviousDataset';
export type { CompareProgress } from './bindings/CompareProgress';
export type { Usage } from './bindings/Usage';
export type { Commands, JsonValue };
export { BackendError, call, toBackendError } from './call';

/**
 * Every command (generated from Rust's command list into `facade.ts`), and the two that stream
 * on a Channel. The native dialogs are commands too: Rust opens them and answers a number for
 * what the user chose, never a path.
 */
export const backend = {
  ...commands,
  /** Streams every job's changes to `onJob`; answers the jobs as they are now. */
  watchJobs: (onJob: (job: JobView) => void) => {
    const events = new Channel<JobView>();
    events.onmessage = onJob;
    return commands.jobsWatch(events);
  },
  /** Files dropped onto the window arrive here, inspected by Rust. */
  watchFileDrops: (onDrop: (file: DroppedFile) => void) => {
    const events = new Channel<DroppedFile>();
    events.onmessage = onDrop;
    return commands.fileDropsWatch(events);
  },
};
export type { QueueCounts } from './bindings/QueueCounts';
export type { QueueInfo } from './bindings/QueueInfo';
export type { RequestCounts } from './bindings/RequestCounts';
export type { RequestFilter } from './bindings/RequestFilter';
export type { RequestFormat } from './bindings/RequestFormat';
export type { RequestsRead } from './bindings/RequestsRead';
