//! A record as the viewer shows it, read only as far as the viewer needs: text up to a limit,
//! images up to a limit as a data URL (the page never sees a URL with the token), and for
//! anything else a hex dump of the first 64 KiB. However large the record, the page gets a
//! bounded answer.

use std::fmt::Write as _;

use apify_client::ApifyClientError;
use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::accounts::session::STREAM_TIMEOUT;
use crate::kv::download::record_path;
use crate::{Error, Session};

/// Records up to this size open in the editor; larger ones are downloaded to change them.
pub const EDIT_LIMIT_BYTES: u64 = 1_000_000;
/// At most this much of a text record reaches the page.
pub const TEXT_PREVIEW_BYTES: u64 = 1_000_000;
/// Images up to this size are shown; larger ones get the hex dump.
pub const IMAGE_LIMIT_BYTES: u64 = 8_000_000;
/// The hex dump covers this much of the start.
pub const HEX_PREVIEW_BYTES: u64 = 64 * 1024;

/// How the viewer shows a record, from its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecordShape {
    Json,
    Text,
    /// HTML and XML, as source text: never rendered.
    Markup,
    Image,
    Binary,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
    pub key: String,
    pub content_type: String,
    /// The whole record's size, where the server said it or the whole was read.
    pub size: Option<u64>,
    pub shape: RecordShape,
    /// For text shapes: the text, whole or up to `TEXT_PREVIEW_BYTES`.
    pub text: Option<String>,
    /// The text is only the record's start.
    pub truncated: bool,
    /// For images: a `data:` URL of the whole image.
    pub image: Option<String>,
    /// For anything else (and images too large to show): a hex dump of the start.
    pub hex: Option<String>,
    /// JSON and text records up to `EDIT_LIMIT_BYTES`, read whole.
    pub editable: bool,
    /// A hash of the whole record, when it was read whole: a save checks that it is unchanged.
    pub version: Option<String>,
}

pub fn shape_of(content_type: &str) -> RecordShape {
    match crate::files::kinds::essence(content_type).as_str() {
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" => RecordShape::Image,
        "text/html"
        | "application/xhtml+xml"
        | "image/svg+xml"
        | "text/xml"
        | "application/xml" => RecordShape::Markup,
        e if e.ends_with("+xml") => RecordShape::Markup,
        "application/json" => RecordShape::Json,
        e if e.ends_with("+json") => RecordShape::Json,
        "application/javascript"
        | "application/x-javascript"
        | "application/x-ndjson"
        | "application/yaml"
        | "application/x-yaml"
        | "application/sql" => RecordShape::Text,
        e if e.starts_with("text/") => RecordShape::Text,
        _ => RecordShape::Binary,
    }
}

/// The record's bytes up to `limit`, its content type and size, and whether that was all.
pub(crate) struct RecordStart {
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub size: Option<u64>,
    pub whole: bool,
}

/// `limit_for(content_type)`: how much of a record of that type to read.
pub(crate) async fn read_start(
    session: &Session,
    store_id: &str,
    key: &str,
    limit_for: impl Fn(&str) -> u64,
) -> Result<RecordStart, Error> {
    let response = session
        .get_streaming(&record_path(store_id, key)?, &[])
        .await?;
    let content_type = response
        .headers
        .get("content-type")
        .cloned()
        .unwrap_or_else(|| "application/octet-stream".into());
    let declared = response
        .headers
        .get("content-length")
        .and_then(|length| length.parse::<u64>().ok());
    let limit = limit_for(&content_type);
    let mut body = response.body;
    let mut bytes = Vec::new();
    let whole = loop {
        if bytes.len() as u64 > limit {
            break false;
        }
        let chunk = tokio::time::timeout(STREAM_TIMEOUT, body.next())
            .await
            .map_err(|_| session.error(ApifyClientError::Timeout))?;
        match chunk {
            None => break true,
            Some(chunk) => bytes.extend_from_slice(&chunk.map_err(|e| session.error(e))?),
        }
    };
    if !whole {
        bytes.truncate(limit as usize);
    }
    Ok(RecordStart {
        size: if whole {
            Some(bytes.len() as u64)
        } else {
            declared
        },
        bytes,
        content_type,
        whole,
    })
}

pub fn version_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

pub async fn view(session: &Session, store_id: &str, key: &str) -> Result<RecordView, Error> {
    let start = read_start(session, store_id, key, |content_type| {
        match shape_of(content_type) {
            RecordShape::Image => IMAGE_LIMIT_BYTES,
            RecordShape::Binary => HEX_PREVIEW_BYTES,
            _ => TEXT_PREVIEW_BYTES.max(EDIT_LIMIT_BYTES),
        }
    })
    .await?;
    Ok(view_of(key, start))
}

pub(crate) fn view_of(key: &str, start: RecordStart) -> RecordView {
    let shape = shape_of(&start.content_type);
    let mut view = RecordView {
        key: key.to_owned(),
        content_type: start.content_type,
        size: start.size,
        shape,
        text: None,
        truncated: false,
        image: None,
        hex: None,
        editable: false,
        version: start.whole.then(|| version_of(&start.bytes)),
    };
    match shape {
        RecordShape::Image if start.whole => {
            view.image = Some(data_url(&view.content_type, &start.bytes));
        }
        RecordShape::Json | RecordShape::Text | RecordShape::Markup => {
            let shown = &start.bytes[..start.bytes.len().min(TEXT_PREVIEW_BYTES as usize)];
            view.truncated = !start.whole || shown.len() < start.bytes.len();
            view.text = Some(String::from_utf8_lossy(shown).into_owned());
            view.editable = shape != RecordShape::Markup
                && start.whole
                && (start.bytes.len() as u64) <= EDIT_LIMIT_BYTES
                && std::str::from_utf8(&start.bytes).is_ok();
        }
        _ => view.hex = Some(hex_dump(&start.bytes, HEX_PREVIEW_BYTES as usize)),
    }
    view
}

fn data_url(content_type: &str, bytes: &[u8]) -> String {
    use base64::Engine;
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    format!(
        "data:{essence};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Offset, sixteen bytes in hex, and the printable ones as text, a line each.
pub fn hex_dump(bytes: &[u8], limit: usize) -> String {
    let mut out = String::new();
    for (line, chunk) in bytes[..bytes.len().min(limit)].chunks(16).enumerate() {
        let _ = write!(out, "{:08x}  ", line * 16);
        for column in 0..16 {
            match chunk.get(column) {
                Some(byte) => {
                    let _ = write!(out, "{byte:02x} ");
                }
                None => out.push_str("   "),
            }
            if column == 7 {
                out.push(' ');
            }
        }
        out.push(' ');
        out.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        }));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(content_type: &str, bytes: &[u8], whole: bool) -> RecordStart {
        RecordStart {
            bytes: bytes.to_vec(),
            content_type: content_type.into(),
            size: Some(if whole {
                bytes.len() as u64
            } else {
                99_999_999
            }),
            whole,
        }
    }

    #[test]
    fn each_content_type_gets_its_viewer() {
        assert_eq!(
            shape_of("application/json; charset=utf-8"),
            RecordShape::Json
        );
        assert_eq!(shape_of("application/ld+json"), RecordShape::Json);
        assert_eq!(shape_of("text/plain"), RecordShape::Text);
        assert_eq!(shape_of("text/html"), RecordShape::Markup);
        assert_eq!(shape_of("application/xml"), RecordShape::Markup);
        assert_eq!(shape_of("image/svg+xml"), RecordShape::Markup);
        assert_eq!(shape_of("IMAGE/PNG"), RecordShape::Image);
        assert_eq!(shape_of("image/webp"), RecordShape::Image);
        assert_eq!(shape_of("image/tiff"), RecordShape::Binary);
        assert_eq!(shape_of("application/x-unknown"), RecordShape::Binary);
    }

    #[test]
    fn the_hex_dump_shows_offsets_bytes_and_printable_text() {
        let dump = hex_dump(b"Hello\x00\xff world, and more!", 64);
        let lines: Vec<_> = dump.lines().collect();
        assert_eq!(
            lines[0],
            "00000000  48 65 6c 6c 6f 00 ff 20  77 6f 72 6c 64 2c 20 61  Hello.. world, a"
        );
        assert!(lines[1].starts_with("00000010  6e 64 20 6d 6f 72 65 21"));
        assert!(lines[1].ends_with("nd more!"));
        assert_eq!(hex_dump(&[7; 100], 32).lines().count(), 2);
    }

    #[test]
    fn only_whole_small_utf8_text_is_editable_and_versioned() {
        let small = view_of("a", start("application/json", b"{\"a\":1}", true));
        assert!(small.editable);
        assert_eq!(
            small.version.as_deref(),
            Some(version_of(b"{\"a\":1}").as_str())
        );
        let cut = view_of("a", start("text/plain", b"abc", false));
        assert!(!cut.editable && cut.truncated && cut.version.is_none());
        let html = view_of("a", start("text/html", b"<b>x</b>", true));
        assert!(!html.editable);
        assert_eq!(html.text.as_deref(), Some("<b>x</b>"));
        let binary = view_of("a", start("application/octet-stream", &[0, 1, 2], true));
        assert!(binary.hex.unwrap().starts_with("00000000  00 01 02"));
        let image = view_of("a", start("image/png; x=y", &[1, 2, 3], true));
        assert_eq!(image.image.as_deref(), Some("data:image/png;base64,AQID"));
    }
}
