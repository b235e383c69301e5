//! The sandbox's files are its user's alone: folders 0700, files 0600 (on Unix). Its data may
//! hold whatever people stored in it, so no other account on the machine may read it.

use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Options that create a file readable by its owner alone.
pub fn open_options() -> std::fs::OpenOptions {
    #[allow(unused_mut)]
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    options.mode(FILE_MODE);
    options
}

pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    open_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?
        .write_all(bytes)
}

/// Makes a data folder written by an older version private: the folder, and everything in it.
pub fn restrict_tree(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let metadata = std::fs::symlink_metadata(dir)?;
        let mode = if metadata.is_dir() {
            DIR_MODE
        } else {
            FILE_MODE
        };
        if metadata.file_type().is_symlink() {
            return Ok(());
        }
        if metadata.permissions().mode() & 0o777 != mode {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode))?;
        }
        if metadata.is_dir() {
            for entry in std::fs::read_dir(dir)? {
                restrict_tree(&entry?.path())?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
