import { locale } from '../numbers';

/** One line of a run's log as the page shows it: its time in the person's zone, its level. */
export type LogLine = {
  /** The line's time on the person's clock ("23:04:05"), or null where it has none. */
  time: string | null;
  /** The same moment with its date, for a tooltip. */
  fullTime: string | null;
  /** The rest of the line, after its time. */
  text: string;
  level: 'error' | 'warn' | null;
};

// Apify writes each line after an ISO 8601 time in UTC: "2026-11-26T22:04:05.123Z ACTOR: …".
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\s?/;
// Crawlee and the Apify SDK name the level in capitals ("WARN  PlaywrightCrawler: …", "ERROR: …").
const ERROR = /\b(ERROR|FATAL|CRITICAL)\b/;
const WARN = /\bWARN(ING)?\b/;

export function logLine(line: string): LogLine {
  const stamp = STAMP.exec(line);
  const moment = stamp?.[1] ? new Date(stamp[1]) : null;
  const valid = moment !== null && !Number.isNaN(moment.getTime());
  const text = valid && stamp ? line.slice(stamp[0].length) : line;
  return {
    time: valid ? moment.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : null,
    fullTime: valid ? moment.toLocaleString(locale) : null,
    text,
    level: ERROR.test(text) ? 'error' : WARN.test(text) ? 'warn' : null,
  };
}

/**
 * Which lines a click selects: a plain click that one, Shift up to it from the last click,
 * Ctrl (or ⌘) adds or takes it away.
 */
export function selectLines(selected: ReadonlySet<number>, anchor: number | null, index: number, keys: { shift: boolean; toggle: boolean }): Set<number> {
  if (keys.shift && anchor !== null) {
    const next = new Set(keys.toggle ? selected : []);
    for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) next.add(i);
    return next;
  }
  if (keys.toggle) {
    const next = new Set(selected);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    return next;
  }
  return selected.size === 1 && selected.has(index) ? new Set() : new Set([index]);
}
