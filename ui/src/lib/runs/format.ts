import { locale } from '../numbers';

/** A duration in the words a run list shows: "45 s", "3 min 5 s", "2 h 4 min". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(locale) : '';
}

/** A moment short enough for a title, in the person's language: "26 Nov, 9:19". */
export function shortWhen(iso: string): string {
  return new Date(iso).toLocaleString(locale, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
}

export const STATUSES = ['READY', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMING-OUT', 'TIMED-OUT', 'ABORTING', 'ABORTED'] as const;

/** A run's status in a person's words; the API's own word stays where a list filters by it. */
export function statusWords(status: string): string {
  const words: Record<string, string> = {
    READY: 'Waiting to start',
    RUNNING: 'Running',
    SUCCEEDED: 'Succeeded',
    FAILED: 'Failed',
    'TIMING-OUT': 'Timing out',
    'TIMED-OUT': 'Timed out',
    ABORTING: 'Aborting',
    ABORTED: 'Aborted',
  };
  return words[status] ?? status;
}
