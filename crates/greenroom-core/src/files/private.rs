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

/// Replaces `file` with `bytes` whole: written to a temporary file beside it (named after
/// `prefix`), flushed to disk and renamed into place, in a private folder. A crash leaves the
/// old file or the new one, never half of either.
pub fn replace_whole(file: &Path, prefix: &str, bytes: &[u8]) -> Result<(), crate::Error> {
    use std::io::Write;
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |e| crate::Error::from_io(e, file);
    create_private_dir(folder).map_err(io)?;
    let mut partial = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".partial")
        .tempfile_in(folder)
        .map_err(io)?;
    partial.write_all(bytes).map_err(io)?;
    partial.as_file().sync_all().map_err(io)?;
    partial.persist(file).map_err(|e| io(e.error))?;
    Ok(())
}
