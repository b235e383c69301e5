// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.
import type { RunProgress } from "./RunProgress";
import type { LogProgress } from "./LogProgress";
import type { ExportJobProgress } from "./ExportJobProgress";
import type { TransferProgress } from "./TransferProgress";
import type { CompareProgress } from "./CompareProgress";
import type { RequestsProgress } from "./RequestsProgress";
import type { RequestExportProgress } from "./RequestExportProgress";

export type JobProgress = RunProgress | LogProgress | ExportJobProgress | TransferProgress | CompareProgress | RequestsProgress | RequestExportProgress;
