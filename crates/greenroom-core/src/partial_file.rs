//! A file written beside its target under a temporary name and renamed into place only when
//! complete: the target never holds half a file, and dropping it unfinished removes it.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::Error;

/// Once this much more is written, a background flush starts, so the flush that must come
/// before the rename finds little left to write.
const FLUSH_EVERY: u64 = 16 << 20;

pub(crate) struct PartialFile {
    file: tempfile::NamedTempFile,
    target: PathBuf,
    len: u64,
    flusher: Option<Flusher>,
    flush_asked_at: u64,
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
            len: 0,
            flusher: None,
            flush_asked_at: 0,
        })
    }

    pub(crate) fn write_all(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.file
            .as_file_mut()
            .write_all(bytes)
            .map_err(|e| Error::from_io(e, &self.target))?;
        self.len += bytes.len() as u64;
        if self.len >= self.flush_asked_at + FLUSH_EVERY {
            self.flush_asked_at = self.len;
            if self.flusher.is_none() {
                let handle = self.file.as_file().try_clone();
                self.flusher = Some(Flusher::start(
                    handle.map_err(|e| Error::from_io(e, &self.target))?,
                ));
            }
            if let Some(flusher) = &self.flusher {
                flusher.ask();
            }
        }
        Ok(())
    }

    /// Cuts the file back to `len` bytes; writing goes on from there.
    pub(crate) fn truncate(&mut self, len: u64) -> Result<(), Error> {
        let file = self.file.as_file_mut();
        file.set_len(len)
            .and_then(|()| file.seek(SeekFrom::Start(len)).map(drop))
            .map_err(|e| Error::from_io(e, &self.target))?;
        self.len = len;
        self.flush_asked_at = self.flush_asked_at.min(len);
        Ok(())
    }

    /// Reads the file's first `buffer.len()` bytes back; writing goes on where it was.
    pub(crate) fn read_start(&mut self, buffer: &mut [u8]) -> Result<(), Error> {
        let len = self.len;
        let file = self.file.as_file_mut();
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.read_exact(buffer))
            .and_then(|()| file.seek(SeekFrom::Start(len)).map(drop))
            .map_err(|e| Error::from_io(e, &self.target))
    }

    /// Where the partial file is, for reading back what was written.
    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }

    /// Flushes to disk, then renames into place: after a crash the target is whole or absent.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        let target = self.target.clone();
        let background = self.flusher.take().map_or(Ok(()), Flusher::stop);
        let file = self.file.as_file_mut();
        background
            .and_then(|()| file.flush())
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::from_io(e, &target))?;
        self.file
            .persist(&target)
            .map_err(|e| Error::from_io(e.error, &target))?;
        Ok(())
    }
}

/// Flushes the file on its own thread whenever asked, so writing to disk overlaps the download
/// instead of following it. A failed flush is kept for [`Flusher::stop`]: once reported, the
/// system may not report it to the final flush again.
struct Flusher {
    asked: Arc<AtomicU64>,
    stopping: Arc<AtomicBool>,
    failure: Arc<Mutex<Option<std::io::Error>>>,
    thread: Option<JoinHandle<()>>,
}

impl Flusher {
    fn start(file: std::fs::File) -> Self {
        let asked = Arc::new(AtomicU64::new(0));
        let stopping = Arc::new(AtomicBool::new(false));
        let failure = Arc::new(Mutex::new(None));
        let (requests, stop, failed) = (asked.clone(), stopping.clone(), failure.clone());
        let thread = std::thread::spawn(move || {
            let mut done = 0;
            while !stop.load(Ordering::Acquire) {
                let wanted = requests.load(Ordering::Acquire);
                if wanted == done {
                    std::thread::park();
                    continue;
                }
                if let Err(error) = file.sync_data() {
                    *failed.lock().expect("flush failure lock") = Some(error);
                    return;
                }
                done = wanted;
            }
        });
        Flusher {
            asked,
            stopping,
            failure,
            thread: Some(thread),
        }
    }

    fn ask(&self) {
        self.asked.fetch_add(1, Ordering::Release);
        if let Some(thread) = &self.thread {
            thread.thread().unpark();
        }
    }

    /// Waits for a flush under way, and tells whether any failed.
    fn stop(mut self) -> std::io::Result<()> {
        self.stopping.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            thread.join().expect("the flushing thread does not panic");
        }
        match self.failure.lock().expect("flush failure lock").take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl Drop for Flusher {
    /// Unfinished: the thread may still be flushing; it ends on its own, and the file goes
    /// with its last handle.
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::Release);
        if let Some(thread) = &self.thread {
            thread.thread().unpark();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Large enough that background flushes run while writing goes on, and after a cut.
    #[test]
    fn a_file_flushed_while_written_ends_whole_at_the_target() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("big.bin");
        let mut partial = PartialFile::create(&target).unwrap();
        let piece: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        for _ in 0..40 {
            partial.write_all(&piece).unwrap();
        }
        assert!(partial.flusher.is_some(), "no background flush started");
        partial.truncate(20 << 20).unwrap();
        for _ in 0..5 {
            partial.write_all(&piece).unwrap();
        }
        partial.finish().unwrap();
        let written = std::fs::read(&target).unwrap();
        assert_eq!(written.len(), 25 << 20);
        assert!(written.chunks(1 << 20).all(|chunk| chunk == piece));
        assert_eq!(names_in(folder.path()), ["big.bin"]);
    }

    #[test]
    fn an_unfinished_file_leaves_nothing_even_while_being_flushed() {
        let folder = tempfile::tempdir().unwrap();
        let mut partial = PartialFile::create(&folder.path().join("given-up.bin")).unwrap();
        partial.write_all(&vec![7u8; 20 << 20]).unwrap();
        drop(partial);
        assert_eq!(names_in(folder.path()), Vec::<String>::new());
    }
}
