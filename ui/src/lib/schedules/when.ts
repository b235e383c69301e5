import type { TimeOfDay, When } from '../backend';
import { locale } from '../numbers';

export type Form = When['form'];

/** The picker's forms, in the order a person thinks of them. */
export const FORMS: readonly { form: Form; label: string }[] = [
  { form: 'everyMinutes', label: 'Every few minutes' },
  { form: 'everyHours', label: 'Every few hours' },
  { form: 'daily', label: 'Every day' },
  { form: 'weekdays', label: 'Every weekday (Monday to Friday)' },
  { form: 'weekly', label: 'On chosen days of the week' },
  { form: 'monthly', label: 'On a day of each month' },
  { form: 'custom', label: 'Custom (a cron expression)' },
];

/** Sunday first, as cron counts them (0 to 6); the labels in the user's language. */
export const WEEKDAYS: readonly { day: number; label: string }[] = [0, 1, 2, 3, 4, 5, 6].map((day) => ({
  day,
  // 4 January 2026 is a Sunday.
  label: new Date(2026, 0, 4 + day).toLocaleDateString(locale, { weekday: 'short' }),
}));

const NINE: TimeOfDay = { hour: 9, minute: 0 };

/** The first choice of a form, carrying over the time of day already picked. */
export function startOf(form: Form, from: When): When {
  const at = 'at' in from ? from.at : NINE;
  switch (form) {
    case 'everyMinutes':
      return { form, minutes: 15 };
    case 'everyHours':
      return { form, hours: 6, minute: 0 };
    case 'daily':
    case 'weekdays':
      return { form, at };
    case 'weekly':
      return { form, days: [1], at };
    case 'monthly':
      return { form, day: 1, at };
    case 'custom':
      return { form, expression: '0 9 * * 1-5' };
  }
}

/** "09:05" for an `<input type="time">`. */
export function timeText(at: TimeOfDay): string {
  return `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
}

/** The time an `<input type="time">` holds, or null while it is incomplete. */
export function timeOf(text: string): TimeOfDay | null {
  const match = /^(\d{1,2}):(\d{2})/.exec(text);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** A next run in the user's own time, with the weekday: "Mon 30 Nov, 9:00". */
export function nextRun(iso: string): string {
  return new Date(iso).toLocaleString(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
}

/** The computer's own time zone, which the page's times are shown in. */
export function ownZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
