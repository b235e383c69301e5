// The command list, so the manifest below names exactly the commands the app has.
include!("command_list.rs");

macro_rules! command_names {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty $(as $ts:literal)?),* ) -> $ret:ty;)*) => {
        &[$(stringify!($name)),*]
    };
}

/// Tauri requires a capability to grant each command listed here, so a command that no
/// capability names cannot be reached from the webview at all.
const COMMANDS: &[&str] = with_commands!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/command_list.rs");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
