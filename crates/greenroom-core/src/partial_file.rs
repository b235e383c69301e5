//! A file written beside its target under a temporary name and renamed into place only when
//! complete: the target never holds half a file, and dropping it unfinished removes it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;

pub(crate) struct PartialFile {
    file: tempfile::NamedTempFile,
    target: PathBuf,
}

impl PartialFile {
    pub(crate) fn create(target: &Path) -> Result<Self, Error> {
        let folder = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "download".into());
        let file = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(folder)
            .map_err(|e| Error::from_io(e, target))?;
        Ok(Self {
            file,
            target: target.to_owned(),
        })
    }

    pub(crate) fn file(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }

    /// Where the partial file is, for reading back what was written.
    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }

    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes to disk, then renames into place: after a crash the target is whole or absent.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        let target = self.target.clone();
        let file = self.file.as_file_mut();
        file.flush()
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::from_io(e, &target))?;
        self.file
            .persist(&target)
            .map_err(|e| Error::from_io(e.error, &target))?;
        Ok(())
    }
}
