// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.

export type JobKind = "runWatch" | "logFollow" | "export" | "download" | "upload" | "compare" | "requests" | "requestExport";
