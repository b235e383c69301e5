import { count } from '../numbers';
import type { CellFormat } from '../backend/bindings/CellFormat';

export type Item = Record<string, unknown>;

/**
 * A column's value in an item. A flattened column `a.b.c` is looked up as a whole key first (the
 * API's `flatten` makes such keys), then by parts, as Rust's `pages::cell` does.
 */
export function cellValue(item: unknown, column: string): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const object = item as Item;
  if (Object.hasOwn(object, column)) return object[column];
  const dot = column.indexOf('.');
  if (dot === -1) return undefined;
  return cellValue(object[column.slice(0, dot)], column.slice(dot + 1));
}

/** Columns in first-seen order; with `flatten`, nested objects become `a.b.c` columns. */
export function columnsOf(items: readonly unknown[], flatten: boolean, into: string[] = []): string[] {
  const seen = new Set(into);
  const add = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      into.push(name);
    }
  };
  const walk = (object: Item, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (flatten && isPlainObject(value) && Object.keys(value).length > 0) walk(value, name);
      else add(name);
    }
  };
  for (const item of items) if (isPlainObject(item)) walk(item, '');
  return into;
}

function isPlainObject(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Cells show at most this much; the cell viewer shows the rest. */
const CELL_CHARS = 200;

/** One line of text for a cell, as its column's format asks; long text ends with an ellipsis. */
export function cellText(value: unknown, format: CellFormat = 'text'): string {
  if (value === undefined || value === null) return '';
  let text: string;
  if (format === 'boolean' && typeof value === 'boolean') text = value ? 'Yes' : 'No';
  else if (format === 'number' && typeof value === 'number') text = count(value);
  else if (format === 'date' && (typeof value === 'string' || typeof value === 'number')) {
    const date = new Date(value);
    text = Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  } else if (typeof value === 'string') text = value;
  else text = JSON.stringify(value);
  text = text.replace(/\s+/g, ' ');
  return text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}…` : text;
}

/** The whole value, for the cell viewer: strings as they are, the rest as pretty JSON. */
export function fullText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** A value the system browser may open: an http or https address. Rust checks it again. */
export function webLink(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
