use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::{Mutex, RwLock};

/// Items are found by a sparse index: the byte offset of every `STRIDE`-th item. Reading any
/// window seeks to the nearest checkpoint and skips at most `STRIDE - 1` lines, and the index of
/// a million items is a thousand numbers.
const STRIDE: u64 = 1024;

struct Index {
    count: u64,
    bytes: u64,
    checkpoints: Vec<u64>,
}

pub struct ItemFile {
    path: PathBuf,
    index: RwLock<Index>,
    append: Mutex<()>,
}

impl ItemFile {
    pub fn open(path: PathBuf) -> std::io::Result<Self> {
        let mut index = Index {
            count: 0,
            bytes: 0,
            checkpoints: Vec::new(),
        };
        if let Ok(file) = File::open(&path) {
            let mut reader = BufReader::with_capacity(1 << 16, file);
            let mut line = Vec::new();
            loop {
                line.clear();
                let read = reader.read_until(b'\n', &mut line)?;
                if read == 0 || line.last() != Some(&b'\n') {
                    // A line without its newline is an append cut short: it is not an item.
                    break;
                }
                if index.count.is_multiple_of(STRIDE) {
                    index.checkpoints.push(index.bytes);
                }
                index.count += 1;
                index.bytes += read as u64;
            }
        }
        Ok(Self {
            path,
            index: RwLock::new(index),
            append: Mutex::new(()),
        })
    }

    pub fn count(&self) -> u64 {
        self.index.read().unwrap_or_else(|p| p.into_inner()).count
    }

    pub fn bytes(&self) -> u64 {
        self.index.read().unwrap_or_else(|p| p.into_inner()).bytes
    }

    /// Appends items, each already serialized as one line of compact JSON.
    pub fn append(&self, items: &[Vec<u8>]) -> std::io::Result<()> {
        let _writer = self.append.lock().unwrap_or_else(|p| p.into_inner());
        let (start_count, start_bytes) = {
            let index = self.index.read().unwrap_or_else(|p| p.into_inner());
            (index.count, index.bytes)
        };
        let mut file = crate::private::open_options()
            .create(true)
            .append(true)
            .open(&self.path)?;
        // Anything past the last complete item is a torn append: cut it off before writing.
        file.set_len(start_bytes)?;
        let mut buffer = Vec::with_capacity(items.iter().map(|item| item.len() + 1).sum());
        let mut checkpoints = Vec::new();
        let (mut count, mut bytes) = (start_count, start_bytes);
        for item in items {
            if count.is_multiple_of(STRIDE) {
                checkpoints.push(bytes);
            }
            buffer.extend_from_slice(item);
            buffer.push(b'\n');
            count += 1;
            bytes += item.len() as u64 + 1;
        }
        file.write_all(&buffer)?;
        let mut index = self.index.write().unwrap_or_else(|p| p.into_inner());
        index.checkpoints.extend(checkpoints);
        index.count = count;
        index.bytes = bytes;
        Ok(())
    }

    /// Calls `each` with items `start..end` (raw lines without the newline), in order or reversed.
    pub fn for_each(
        &self,
        start: u64,
        end: u64,
        desc: bool,
        mut each: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if start >= end {
            return Ok(());
        }
        let checkpoints: Vec<u64> = {
            let index = self.index.read().unwrap_or_else(|p| p.into_inner());
            let first = (start / STRIDE) as usize;
            let last = ((end - 1) / STRIDE) as usize;
            index.checkpoints[first..=last].to_vec()
        };
        let mut reader = BufReader::with_capacity(1 << 16, File::open(&self.path)?);
        let first_chunk = start / STRIDE;
        let mut read_chunk = |chunk: u64, lines: &mut Vec<Vec<u8>>| -> std::io::Result<()> {
            reader.seek(SeekFrom::Start(checkpoints[(chunk - first_chunk) as usize]))?;
            let chunk_start = chunk * STRIDE;
            let from = start.max(chunk_start);
            let to = end.min(chunk_start + STRIDE);
            let mut line = Vec::new();
            for position in chunk_start..to {
                line.clear();
                reader.read_until(b'\n', &mut line)?;
                if position >= from {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                }
            }
            Ok(())
        };
        let last_chunk = (end - 1) / STRIDE;
        let mut lines = Vec::with_capacity(STRIDE as usize);
        let chunks: Box<dyn Iterator<Item = u64>> = if desc {
            Box::new((first_chunk..=last_chunk).rev())
        } else {
            Box::new(first_chunk..=last_chunk)
        };
        for chunk in chunks {
            lines.clear();
            read_chunk(chunk, &mut lines)?;
            if desc {
                lines.reverse();
            }
            for line in &lines {
                each(line)?;
            }
        }
        Ok(())
    }
}
