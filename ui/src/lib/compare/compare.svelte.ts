import { backend, type CompareSpec, type CompareSuggestion, type Counts, type JobView, type Part } from '../backend';
import type { Window } from '../backend/bindings/Window';
import { jobs } from '../jobs/jobs.svelte';

/** The parts of a comparison, in the order a person reads them, with their words. */
export const PARTS: readonly { part: Part; label: string; explain: string }[] = [
  { part: 'new', label: 'New', explain: 'In the newer dataset only' },
  { part: 'gone', label: 'Gone', explain: 'In the older dataset only' },
  { part: 'changed', label: 'Changed', explain: 'In both, with other values: each changed field shows old → new' },
  { part: 'same', label: 'The same', explain: 'In both, with the same values' },
  { part: 'missingKey', label: 'Without a key', explain: 'Items with no value in a key field, on either side' },
  { part: 'duplicateKey', label: 'Key twice', explain: 'Items whose key is found more than once on one side' },
];

export function countOf(counts: Counts, part: Part): number {
  return counts[part];
}

/** A finished comparison as its screen shows it; kept for the session (Rust keeps its rows). */
export interface Compared {
  comparison: number;
  counts: Counts;
  olderId: string;
  newerId: string;
  /** As a sentence reads it: `the run before (26 Nov, 9:00)`, or a dataset's title in quotes. */
  olderTitle: string;
  newerTitle: string;
  key: string[];
}

class Results {
  byId = $state<Record<number, Compared>>({});
  /** What each running comparison job compares, so its result can be opened from the jobs
   *  panel too, after the dialog was closed. */
  #pending = new Map<number, Omit<Compared, 'comparison' | 'counts'>>();

  put(result: Compared): void {
    this.byId = { ...this.byId, [result.comparison]: result };
  }

  expect(jobId: number, what: Omit<Compared, 'comparison' | 'counts'>): void {
    this.#pending.set(jobId, what);
  }

  /** A finished job's comparison, kept under its number. */
  settle(job: JobView): Compared | null {
    if (job.state.state !== 'succeeded' || job.state.outcome.type !== 'compared') return null;
    const what = this.#pending.get(job.id);
    if (!what) return this.byId[job.state.outcome.comparison] ?? null;
    const result = { ...what, comparison: job.state.outcome.comparison, counts: job.state.outcome.counts };
    this.put(result);
    return result;
  }
}

export const results = new Results();
// A comparison ends while its dialog may be closed: its result is kept as the job's end arrives.
jobs.listen((job) => {
  if (job.kind === 'compare') results.settle(job);
});

/**
 * Comparing two datasets on this computer: Rust copies both and compares them as a job
 * (`jobs.ended` waits for its end); a part's rows come by window, as the table asks.
 */
export const comparing = {
  suggest: (datasetId: string): Promise<CompareSuggestion> => backend.compareSuggest(datasetId),
  start: (oldDatasetId: string, newDatasetId: string, spec: CompareSpec): Promise<JobView> => backend.compareStart(oldDatasetId, newDatasetId, spec),
  window: (comparison: number, part: Part, offset: number, span: number): Promise<Window> => backend.compareWindow(comparison, part, offset, span),
};
