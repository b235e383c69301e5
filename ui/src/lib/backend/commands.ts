// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.
import type { Channel } from '@tauri-apps/api/core';
import type { Account } from './bindings/Account';
import type { ActorPage } from './bindings/ActorPage';
import type { AppInfo } from './bindings/AppInfo';
import type { Catalog } from './bindings/Catalog';
import type { CatalogPage } from './bindings/CatalogPage';
import type { FieldProblem } from './bindings/FieldProblem';
import type { JobView } from './bindings/JobView';
import type { KeychainStatus } from './bindings/KeychainStatus';
import type { Profiles } from './bindings/Profiles';
import type { RunDetails } from './bindings/RunDetails';
import type { RunRow } from './bindings/RunRow';
import type { RunSummary } from './bindings/RunSummary';
import type { RunsPage } from './bindings/RunsPage';
import type { SavedTask } from './bindings/SavedTask';
import type { StartOptions } from './bindings/StartOptions';
import type { StorageKind } from './bindings/StorageKind';
import type { StoragePage } from './bindings/StoragePage';
import type { TokenCheck } from './bindings/TokenCheck';
import type { JsonValue } from './bindings/serde_json/JsonValue';

/** Every command the UI may call: its arguments and what it answers. */
export interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  open_token_page: { args: Record<string, never>; result: null };
  open_external: { args: { url: string }; result: null };
  keychain_status: { args: Record<string, never>; result: KeychainStatus };
  profiles_list: { args: Record<string, never>; result: Profiles };
  token_check: { args: { token: string; apiBaseUrl: string | null }; result: TokenCheck };
  token_forget: { args: Record<string, never>; result: null };
  env_token_present: { args: Record<string, never>; result: boolean };
  env_token_check: { args: Record<string, never>; result: TokenCheck };
  profile_save: { args: { name: string }; result: Profiles };
  profile_replace_token: { args: { id: string }; result: Profiles };
  profile_activate: { args: { id: string }; result: Profiles };
  profile_rename: { args: { id: string; name: string }; result: Profiles };
  profile_sign_out: { args: { id: string }; result: Profiles };
  profile_test: { args: { id: string }; result: Account };
  try_without_account: { args: Record<string, never>; result: Profiles };
  jobs_watch: { args: { events: Channel<JobView> }; result: Array<JobView> };
  job_cancel: { args: { id: number }; result: null };
  job_dismiss: { args: { id: number }; result: null };
  catalog_list: { args: { catalog: Catalog; search: string; offset: number; limit: number }; result: CatalogPage };
  actor_page: { args: { actorId: string }; result: ActorPage };
  storages_list: { args: { kind: StorageKind; search: string; offset: number; limit: number }; result: StoragePage };
  input_check: { args: { schema: JsonValue; input: JsonValue }; result: Array<FieldProblem> };
  run_start: { args: { actorId: string; input: JsonValue; options: StartOptions }; result: RunSummary };
  task_save: { args: { actorId: string; name: string; input: JsonValue; options: StartOptions }; result: SavedTask };
  task_run: { args: { taskId: string }; result: RunSummary };
  run_watch: { args: { runId: string }; result: JobView };
  run_abort: { args: { runId: string; gracefully: boolean }; result: RunSummary };
  run_resurrect: { args: { runId: string }; result: RunSummary };
  run_input: { args: { runId: string }; result: JsonValue };
  run_log_follow: { args: { runId: string }; result: JobView };
  runs_list: { args: { actorId: string | null; status: string | null; offset: number; limit: number }; result: RunsPage };
  runs_recent: { args: { actorId: string; limit: number }; result: Array<RunRow> };
  run_details: { args: { runId: string }; result: RunDetails };
}
