/// Every command the UI may call is listed here: Tauri then requires a capability to grant it,
/// so a command that no capability names cannot be reached from the webview at all.
const COMMANDS: &[&str] = &["app_info", "keychain_status"];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
