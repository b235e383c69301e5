// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.
import type { ErrorKind } from './bindings/ErrorKind';
import type { ExportFormat } from './bindings/ExportFormat';

/** Personal API tokens are this prefix and as many letters and digits as the length says. */
export const PERSONAL_TOKEN_PREFIX = 'apify_api_';
export const PERSONAL_TOKEN_SECRET_LEN = 36;

/** Apify advises replacing tokens regularly: Settings suggests it after this many days. */
export const TOKEN_REPLACE_AFTER_DAYS = 90;

/** Apify's own API server: a profile on it needs no mention of its server. */
export const APIFY_API_BASE_URL = 'https://api.apify.com';

/** The error kinds where pressing Retry can help (`ErrorKind::retryable`). */
export const RETRYABLE_KINDS: readonly ErrorKind[] = ["keychainUnavailable", "keychainLocked", "keychain", "missingToken", "rateLimited", "server", "offline", "timeout", "storeUnreadable", "browserUnavailable", "openFailed", "folderMissing", "diskFull", "diskPermission", "disk", "internal"];

/** Every export format, in the order the dialogs offer them; CSV, Excel and HTML are tables. */
export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string; extension: string; table: boolean }[] = [
  { format: "xlsx", label: "Excel (.xlsx)", extension: 'xlsx', table: true },
  { format: "csv", label: "CSV", extension: 'csv', table: true },
  { format: "json", label: "JSON", extension: 'json', table: false },
  { format: "jsonl", label: "JSON lines", extension: 'jsonl', table: false },
  { format: "xml", label: "XML", extension: 'xml', table: false },
  { format: "html", label: "HTML table", extension: 'html', table: true },
];

/** What an automatic export's file name may contain, and the name a new rule starts with. */
export const AUTO_EXPORT_PLACEHOLDERS = ["{actor}", "{date}", "{time}", "{run}", "{status}"] as const;
export const AUTO_EXPORT_DEFAULT_PATTERN = "{actor} {date} {run}";

/** The columns of a request queue's table and of its saved lists, in order. */
export const REQUEST_COLUMNS = ["url","state","retryCount","errorMessages","method","uniqueKey","handledAt","loadedUrl","id"] as const;
