//! Folders only the user can enter: the app's data, the bundled sandbox's data.

use std::path::Path;

/// Creates `dir` (and its parents) if needed, and makes `dir` itself 0700 on Unix.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
