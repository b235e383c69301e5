//! An empty Tauri app with Greenroom's WebKit settings: the floor its footprint is measured
//! against (the settings are Greenroom's own file). It logs "the first screen is up" when its
//! page first calls, as Greenroom does.

/// Greenroom's own file, so the floor has exactly its WebKit settings.
#[path = "../../../src-tauri/lean_webview.rs"]
mod lean_webview;
use lean_webview::lean_webview;

#[tauri::command]
fn first_screen() {
    static FIRST: std::sync::Once = std::sync::Once::new();
    FIRST.call_once(|| tracing::info!("the first screen is up"));
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    tauri::Builder::default()
        .plugin(lean_webview())
        .invoke_handler(tauri::generate_handler![first_screen])
        .run(tauri::generate_context!())
        .expect("the floor app runs");
}
