import { preferences } from '../preferences/preferences.svelte';

/**
 * Which columns a dataset's table shows, and in which order, remembered per dataset and view on
 * this computer. Only column names are kept, never values.
 */
export interface ColumnChoice {
  /** Columns in the order the user put them; columns first seen later are added at the end. */
  order: string[];
  hidden: string[];
}

const PREFIX = 'columns.';

function key(datasetId: string, viewId: string | null): string {
  return `${PREFIX}${datasetId}.${viewId ?? 'all'}`;
}

export function loadChoice(datasetId: string, viewId: string | null): ColumnChoice | null {
  const kept = preferences.get(key(datasetId, viewId));
  if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) return null;
  const parsed = kept as Partial<Record<keyof ColumnChoice, unknown>>;
  if (!Array.isArray(parsed.order) || !Array.isArray(parsed.hidden)) return null;
  return { order: parsed.order.filter(isString), hidden: parsed.hidden.filter(isString) };
}

export function saveChoice(datasetId: string, viewId: string | null, choice: ColumnChoice): void {
  preferences.set(key(datasetId, viewId), { order: choice.order, hidden: choice.hidden });
}

/** The columns to show: the user's order first, new columns after, hidden ones left out. */
export function shownColumns(known: readonly string[], choice: ColumnChoice | null): string[] {
  if (!choice) return [...known];
  const ordered = choice.order.filter((c) => known.includes(c));
  const rest = known.filter((c) => !ordered.includes(c));
  return [...ordered, ...rest].filter((c) => !choice.hidden.includes(c));
}

/** Every known column in the chooser's order, hidden ones included. */
export function allInOrder(known: readonly string[], choice: ColumnChoice | null): string[] {
  if (!choice) return [...known];
  const ordered = choice.order.filter((c) => known.includes(c));
  return [...ordered, ...known.filter((c) => !ordered.includes(c))];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
