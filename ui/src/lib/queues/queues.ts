import { backend, toBackendError, type JobView, type QueueCounts, type QueueInfo, type RequestCounts, type RequestFilter, type RequestFormat, type RequestsRead } from '../backend';
import type { Window } from '../backend/bindings/Window';
import { REQUEST_COLUMNS } from '../backend/rules';
import { jobs } from '../jobs/jobs.svelte';
import { count, counted } from '../numbers';
import { storageTitle } from '../storages';

/** The filters of a queue's requests, in the order a person reads them, with their words. */
export const FILTERS: readonly { filter: RequestFilter; label: string; explain: string }[] = [
  { filter: 'all', label: 'All', explain: 'Every request in the queue' },
  { filter: 'pending', label: 'Waiting', explain: 'Not visited yet' },
  { filter: 'handled', label: 'Done', explain: 'Visited, or given up after their retries' },
  { filter: 'failed', label: 'Failed', explain: 'Given up after their retries: done, with errors and no page loaded' },
];

export const countFor = (counts: RequestCounts, filter: RequestFilter): number => counts[filter];

/** The table's columns (from Rust, as the saved lists have them) and their headings. */
export const COLUMNS: string[] = [...REQUEST_COLUMNS];
export const COLUMN_LABELS: Record<(typeof REQUEST_COLUMNS)[number], string> = {
  url: 'URL',
  state: 'State',
  retryCount: 'Retries',
  errorMessages: 'Errors',
  method: 'Method',
  uniqueKey: 'Unique key',
  handledAt: 'Done at',
  loadedUrl: 'Page loaded',
  id: 'Request ID',
};

/** "1,234 of 2,000 requests done · 766 waiting", as a crawl's progress reads. */
export function progressText(counts: QueueCounts): string {
  const done = `${count(counts.handled)} of ${counted(counts.total, 'request', 'requests')} done`;
  return counts.pending > 0 ? `${done} · ${count(counts.pending)} waiting` : done;
}

/** What a person calls a queue, as the list calls it. */
export const queueTitle = (info: Pick<QueueInfo, 'name' | 'actorTitle' | 'createdAt'>): string => storageTitle(info, 'requestQueue');

/**
 * Request queues: a run's crawl progress, a queue's heading, and its requests, which Rust reads
 * into a local list as a job (`jobs.ended` waits for it) and hands over by window.
 */
export const queues = {
  info: (queueId: string): Promise<QueueInfo> => backend.queueInfo(queueId),
  runProgress: (runId: string): Promise<QueueCounts | null> => backend.runQueueProgress(runId),
  remove: (queueId: string): Promise<null> => backend.queueDelete(queueId),
  /**
   * Reads every request into Rust's local list, as a job (the jobs panel shows it, `onstart`
   * hears its id); answers the finished read, or `null` when the user cancelled it.
   */
  async read(queueId: string, onstart: (jobId: number) => void): Promise<RequestsRead | null> {
    const job = await backend.queueRequestsRead(queueId);
    onstart(job.id);
    const ended = await jobs.ended(job.id);
    if (ended.state.state === 'failed') throw toBackendError(ended.state.error);
    if (ended.state.state === 'succeeded' && ended.state.outcome.type === 'read') return ended.state.outcome.read;
    return null;
  },
  window: (queueId: string, filter: RequestFilter, offset: number, span: number): Promise<Window> =>
    backend.queueRequestsWindow(queueId, filter, offset, span),
  copy: (queueId: string, filter: RequestFilter, from: number, to: number): Promise<number> =>
    backend.queueRequestsCopy(queueId, filter, from, to, COLUMNS),
  /** Asks where in the native save dialog, then saves as a job; `null` when the user cancelled. */
  async save(queueId: string, baseName: string, filter: RequestFilter, format: RequestFormat): Promise<JobView | null> {
    const extension = format === 'csv' ? 'csv' : 'json';
    const file = await backend.chooseSaveFile(`${baseName} requests.${extension}`, { name: format === 'csv' ? 'CSV' : 'JSON', extension });
    if (!file) return null;
    return backend.queueRequestsExport(queueId, filter, format, file.id);
  },
};
