// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.
import type { RunOutcome } from "./RunOutcome";
import type { LogOutcome } from "./LogOutcome";
import type { ExportOutcome } from "./ExportOutcome";
import type { DownloadOutcome } from "./DownloadOutcome";
import type { UploadOutcome } from "./UploadOutcome";
import type { CompareOutcome } from "./CompareOutcome";
import type { RequestsOutcome } from "./RequestsOutcome";
import type { RequestExportOutcome } from "./RequestExportOutcome";

export type JobOutcome = RunOutcome | LogOutcome | ExportOutcome | DownloadOutcome | UploadOutcome | CompareOutcome | RequestsOutcome | RequestExportOutcome;
