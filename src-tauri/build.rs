/// Every command the UI may call is listed here: Tauri then requires a capability to grant it,
/// so a command that no capability names cannot be reached from the webview at all.
const COMMANDS: &[&str] = &[
    "app_info",
    "keychain_status",
    "profiles_list",
    "token_check",
    "env_token_present",
    "env_token_check",
    "profile_save",
    "profile_replace_token",
    "profile_activate",
    "profile_rename",
    "profile_sign_out",
    "profile_test",
    "open_token_page",
    "try_without_account",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
