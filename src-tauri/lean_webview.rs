//! The WebKit settings of Greenroom's window.

use tauri::Runtime;

/// WebKitGTK's cache model for one local document: the app loads its page once and never
/// browses, so the memory caches sized for a browser are not needed (the footprint benchmark
/// measures the difference).
pub fn lean_webview<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("lean-webview")
        .on_webview_ready(|webview| {
            #[cfg(target_os = "linux")]
            if let Err(error) = webview.with_webview(|platform| {
                use webkit2gtk::{
                    CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
                };
                let view = platform.inner();
                if let Some(context) = view.context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
                if let Some(settings) = WebViewExt::settings(&view) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }) {
                tracing::warn!("the webview's cache model stays as it is: {error}");
            }
            #[cfg(not(target_os = "linux"))]
            let _ = webview;
        })
        .build()
}
