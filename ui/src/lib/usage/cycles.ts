import { locale } from '../numbers';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last moment inside a cycle: Apify gives its end as the last millisecond or as the next start. */
function lastMoment(endIso: string): Date {
  const end = new Date(endIso);
  return end.getUTCHours() === 0 && end.getUTCMinutes() === 0 && end.getUTCSeconds() === 0 && end.getUTCMilliseconds() === 0
    ? new Date(end.getTime() - 1)
    : end;
}

const dayMonth = (date: Date, withYear: boolean) =>
  date.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });

/** A billing cycle by its days, as a person reads it: "1 Nov – 30 Nov", with the year when it is not this one. */
export function cycleLabel(startIso: string, endIso: string, now = new Date()): string {
  const start = new Date(startIso);
  const end = lastMoment(endIso);
  const year = now.getUTCFullYear();
  return `${dayMonth(start, start.getUTCFullYear() !== year)} – ${dayMonth(end, end.getUTCFullYear() !== year)}`;
}

/** Whole days until the cycle resets (at least 1 while it lasts). */
export function daysLeft(endIso: string, now = new Date()): number {
  return Math.max(1, Math.ceil((lastMoment(endIso).getTime() + 1 - now.getTime()) / DAY_MS));
}

/** `YYYY-MM-DD` of the same day `months` months before `iso`, the day kept within the month. */
function monthsBefore(iso: string, months: number): string {
  const date = new Date(iso);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

export interface CycleChoice {
  /** A day inside the cycle, for the API's `date`; null for the current one. */
  date: string | null;
  label: string;
}

/** The current cycle and the `count` before it, newest first, for the cycle list. */
export function cycleChoices(startIso: string, endIso: string, count: number, now = new Date()): CycleChoice[] {
  const choices: CycleChoice[] = [{ date: null, label: `This cycle: ${cycleLabel(startIso, endIso, now)}` }];
  for (let k = 1; k <= count; k++) {
    const start = monthsBefore(startIso, k);
    const next = monthsBefore(startIso, k - 1);
    choices.push({ date: start, label: cycleLabel(`${start}T00:00:00.000Z`, `${next}T00:00:00.000Z`, now) });
  }
  return choices;
}

/** A plan's name as Apify writes it ("FREE", "STARTER") in a person's words. */
export function planName(plan: string | null | undefined): string | null {
  if (!plan) return null;
  const words = plan.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
