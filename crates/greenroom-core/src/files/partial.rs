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

/// File names may have 255 bytes; the partial's adds a dot, a random part and `.partial` to
/// the target's, so only this much of the target's name is kept in it.
const MAX_NAME_IN_PARTIAL: usize = 200;

/// The first `max` bytes of `name`, cut at a character boundary.
fn shortened(name: &str, max: usize) -> &str {
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Fills `buffer` from `offset` without moving the file's position.
pub(crate) fn read_exact_at(
    file: &std::fs::File,
    buffer: &mut [u8],
    offset: u64,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(windows)]
    {
        let (mut done, mut offset) = (0, offset);
        while done < buffer.len() {
            let read = std::os::windows::fs::FileExt::seek_read(file, &mut buffer[done..], offset)?;
            if read == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += read;
            offset += read as u64;
        }
        Ok(())
    }
}

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
        let name = shortened(&name, MAX_NAME_IN_PARTIAL);
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

    /// Where the partial file is (tests look at its name).
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }

    /// A second handle on the same open file, for a reader that must not find it by name (the
    /// name could be swapped under it). Read it with [`read_exact_at`]: it shares the position.
    pub(crate) fn reader(&self) -> std::io::Result<std::fs::File> {
        self.file.as_file().try_clone()
    }

    /// Flushes to disk, then renames into place: after a crash the target is whole or absent.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        let target = self.target.clone();
        self.flush_all()?;
        self.file
            .persist(&target)
            .map_err(|e| Error::from_io(e.error, &target))?;
        // Whatever it holds came from the network.
        crate::files::kinds::mark_downloaded(&target);
        Ok(())
    }

    /// Like [`PartialFile::finish`], but never over a file that is there: where the target is
    /// taken, `name (2).ext` and on. Answers where the file went.
    pub(crate) fn finish_beside(mut self) -> Result<PathBuf, Error> {
        let target = self.target.clone();
        self.flush_all()?;
        let mut file = self.file;
        let mut candidate = target.clone();
        let mut n = 2;
        loop {
            match file.persist_noclobber(&candidate) {
                Ok(_) => break,
                Err(taken) if taken.error.kind() == std::io::ErrorKind::AlreadyExists => {
                    file = taken.file;
                    candidate = numbered(&target, n);
                    n += 1;
                }
                Err(failed) => return Err(Error::from_io(failed.error, &candidate)),
            }
        }
        crate::files::kinds::mark_downloaded(&candidate);
        Ok(candidate)
    }

    fn flush_all(&mut self) -> Result<(), Error> {
        let background = self.flusher.take().map_or(Ok(()), Flusher::stop);
        let file = self.file.as_file_mut();
        background
            .and_then(|()| file.flush())
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::from_io(e, &self.target))
    }
}

/// `stem (n).ext` beside `path`.
pub(crate) fn numbered(path: &Path, n: u32) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(extension) => format!("{stem} ({n}).{}", extension.to_string_lossy()),
        None => format!("{stem} ({n})"),
    };
    path.with_file_name(name)
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

    #[test]
    fn a_target_with_the_longest_allowed_name_still_gets_a_partial_file() {
        let folder = tempfile::tempdir().unwrap();
        // 250 bytes, in two-byte characters: the cut must fall between characters.
        let name = format!("{}.csv", "é".repeat(123));
        let target = folder.path().join(&name);
        let mut partial = PartialFile::create(&target).unwrap();
        let partial_name = partial.path().file_name().unwrap().len();
        assert!(partial_name <= 255, "{partial_name} bytes");
        partial.write_all(b"a,b\n").unwrap();
        partial.finish().unwrap();
        assert_eq!(names_in(folder.path()), [name]);
    }

    #[test]
    fn a_second_handle_reads_at_offsets_without_moving_the_writer() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.json");
        let mut partial = PartialFile::create(&target).unwrap();
        partial.write_all(b"[1,2,").unwrap();
        let reader = partial.reader().unwrap();
        let mut head = [0u8; 3];
        read_exact_at(&reader, &mut head, 1).unwrap();
        assert_eq!(&head, b"1,2");
        partial.write_all(b"3]").unwrap();
        partial.finish().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"[1,2,3]");
    }

    #[test]
    fn finishing_beside_never_replaces_a_file_that_is_there() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("report.csv");
        std::fs::write(&target, "mine").unwrap();
        std::fs::write(folder.path().join("report (2).csv"), "mine too").unwrap();
        let mut partial = PartialFile::create(&target).unwrap();
        partial.write_all(b"new").unwrap();
        let written = partial.finish_beside().unwrap();
        assert_eq!(written, folder.path().join("report (3).csv"));
        assert_eq!(std::fs::read_to_string(&written).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    }
}
