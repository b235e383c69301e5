//! What a downloaded file may be called and whether "Open" may hand it to the system. A record
//! named `report.pdf.exe` is a stranger's choice: its file's extension comes from its content
//! type, and only the formats Greenroom exports, documents, images and text are opened; anything
//! else is only shown in its folder. Files written from the network carry the platform's
//! download mark where there is one.

use std::path::Path;

/// The extensions "Open" hands to the system's app for them.
const OPENS: &[&str] = &[
    "csv", "json", "jsonl", "xml", "html", "xlsx", "txt", "log", "md", "pdf", "png", "jpg", "jpeg",
    "gif", "webp",
];

/// Whether "Open" may hand `path` to the system.
pub fn may_open(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| OPENS.contains(&e.to_ascii_lowercase().as_str()))
}

/// `text` with what file systems refuse in a name (separators, control characters, `:*?"<>|`)
/// replaced by `-`.
pub fn for_file_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// A content type without its parameters, in lower case: `text/html; charset=utf-8` is
/// `text/html`.
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The extension a record of `content_type` is saved with; `bin` for any other.
pub fn extension_for(content_type: &str) -> &'static str {
    match essence(content_type).as_str() {
        "application/json" => "json",
        "application/x-ndjson" | "application/jsonl" => "jsonl",
        "text/plain" => "txt",
        "text/markdown" => "md",
        "text/csv" => "csv",
        "text/html" => "html",
        "application/xml" | "text/xml" => "xml",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "application/gzip" => "gz",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        _ => "bin",
    }
}

/// The name a record `key` of `content_type` is offered under: the key without its last
/// extension, characters file systems refuse replaced, and the content type's extension.
pub fn record_file_name(key: &str, content_type: &str) -> String {
    let stem = match key.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => key,
    };
    let stem = for_file_name(stem);
    let stem = stem.trim_matches(['.', ' ']);
    let stem = if stem.is_empty() { "record" } else { stem };
    format!("{stem}.{}", extension_for(content_type))
}

/// Marks a file written from the network as downloaded, as browsers do, so the system warns
/// before running it: `Zone.Identifier` on Windows, `com.apple.quarantine` on macOS. Linux has
/// no such mark. A mark that cannot be written is logged: the file itself is whole.
pub fn mark_downloaded(path: &Path) {
    #[cfg(windows)]
    {
        let mut stream = path.as_os_str().to_owned();
        stream.push(":Zone.Identifier");
        if let Err(error) = std::fs::write(&stream, "[ZoneTransfer]\r\nZoneId=3\r\n") {
            tracing::warn!("no download mark on {}: {error}", path.display());
        }
    }
    #[cfg(target_os = "macos")]
    {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let value = format!("0081;{seconds:x};Greenroom;");
        let marked = std::process::Command::new("xattr")
            .args(["-w", "com.apple.quarantine", &value])
            .arg(path)
            .status();
        if !marked.is_ok_and(|status| status.success()) {
            tracing::warn!("no download mark on {}", path.display());
        }
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_records_name_takes_its_extension_from_its_content_type() {
        assert_eq!(
            record_file_name("report.pdf.exe", "application/octet-stream"),
            "report.pdf.bin"
        );
        assert_eq!(
            record_file_name("report.pdf.exe", "application/x-msdownload"),
            "report.pdf.bin"
        );
        assert_eq!(
            record_file_name("invoice.hta", "text/html; charset=utf-8"),
            "invoice.html"
        );
        assert_eq!(
            record_file_name("OUTPUT", "application/json"),
            "OUTPUT.json"
        );
        assert_eq!(record_file_name("a/b:c", "image/png"), "a-b-c.png");
        assert_eq!(record_file_name("..", "text/plain"), "record.txt");
    }

    #[test]
    fn only_exports_documents_images_and_text_open() {
        for yes in [
            "a.csv", "a.XLSX", "a.pdf", "a.png", "a.txt", "a.log", "a.html",
        ] {
            assert!(may_open(Path::new(yes)), "{yes}");
        }
        for no in [
            "a.exe",
            "a.hta",
            "a.bin",
            "a.svg",
            "a.sh",
            "a.desktop",
            "a",
            "a.js",
        ] {
            assert!(!may_open(Path::new(no)), "{no}");
        }
    }
}
