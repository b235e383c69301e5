//! Dataset items: stored one JSON object a line, and streamed out in the API's formats.

mod file;
mod formats;
mod statistics;
mod transform;

pub use file::ItemFile;
pub use formats::{table_columns, Format, FormatOptions, MAX_COLUMNS, MAX_COLUMN_NAME};
pub use statistics::{count_items, schema_fields, FieldStatistics};
pub use transform::Transform;

use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc;

/// Which items, in which order, and how to shape and write them.
pub struct ExportPlan {
    pub start: u64,
    pub end: u64,
    pub desc: bool,
    pub transform: Transform,
    pub format: Format,
    pub options: FormatOptions,
}

/// Streams the export from a blocking thread through a small channel: at most a few chunks
/// are ever in memory, however large the dataset.
pub fn stream_export(
    file: Arc<ItemFile>,
    plan: ExportPlan,
) -> mpsc::Receiver<std::io::Result<Bytes>> {
    let (sender, receiver) = mpsc::channel(8);
    tokio::task::spawn_blocking(move || {
        let mut out = formats::ChunkSender::new(sender.clone());
        if let Err(error) = formats::write_export(&file, &plan, &mut out) {
            let _ = sender.blocking_send(Err(error));
        }
    });
    receiver
}
