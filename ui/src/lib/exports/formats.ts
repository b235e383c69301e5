import type { ExportFormat } from '../backend/bindings/ExportFormat';
import { EXPORT_FORMATS } from '../backend/rules';

/** A format as the dialogs offer it, generated from Rust (`ExportFormat`). */
export type FormatChoice = (typeof EXPORT_FORMATS)[number];

/** Every format, in the order the dialogs offer them. */
export const FORMATS = EXPORT_FORMATS;

const CSV = EXPORT_FORMATS.find((f) => f.format === 'csv')!;

export function formatChoice(format: ExportFormat): FormatChoice {
  return FORMATS.find((f) => f.format === format) ?? CSV;
}

/** The kind of file in a sentence: "Excel", "CSV", "JSON lines" (the label without its extension). */
export function fileKind(format: ExportFormat): string {
  return formatChoice(format).label.replace(/\s*\(.*\)$/, '');
}

/**
 * `<dataset or actor>-<date>.<ext>`, with only characters every file system takes. A dataset
 * known by the Actor that made it is named after the Actor and the moment the run made it
 * (`generate-sample-items-2026-11-26-0919.xlsx`); a named one after its name and today.
 */
export function suggestedName(base: string, format: ExportFormat, now = new Date(), madeAt: Date | null = null): string {
  const safe = (madeAt ? base.toLowerCase() : base)
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const day = madeAt ?? now;
  const date = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  const time = madeAt ? `-${pad(madeAt.getHours())}${pad(madeAt.getMinutes())}` : '';
  return `${safe || 'dataset'}-${date}${time}.${formatChoice(format).extension}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** "12.3 MB" */
export function bytesText(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "2 min 5 s" */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 10) return `${Math.max(0, seconds).toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The `fields` an export asks the API for: none where the columns are every field in the
 * dataset's own order, which is what the API gives without it (and on the platform the plain
 * path is the fast one).
 */
export function fieldsToAsk(columns: readonly string[], allFields: readonly string[]): string[] {
  const everyField = columns.length === allFields.length && columns.every((column, index) => column === allFields[index]);
  return everyField ? [] : [...columns];
}
