import { backend, type ExportFormat, type ExportOptions, type JobView } from '../backend';
import { Action } from '../action.svelte';
import { jobs } from '../jobs/jobs.svelte';
import { formatChoice, suggestedName } from './formats';

/** An export as the dialog asked for it: enough to run it again with Retry. */
export interface ExportRequest {
  datasetId: string;
  /** The dataset's or Actor's name, for the suggested file name. */
  baseName: string;
  /** When the run made the dataset, for one named after its Actor (ISO). */
  madeAt?: string | null;
  format: ExportFormat;
  options: ExportOptions;
}

/** The API's own defaults: every item, every field as stored. */
export const ALL_AS_STORED: ExportOptions = {
  fields: [],
  omit: [],
  clean: false,
  unwind: [],
  flatten: [],
  bom: null,
  delimiter: null,
  offset: 0,
  limit: null,
  desc: false,
  protectFormulas: true,
};

/**
 * Exports the user started: each is a job in Rust, which goes on whatever screen is open. The
 * page keeps what each job was asked, so a failed one can be retried to the same file.
 */
class Exports {
  #requests = new Map<number, { request: ExportRequest; file: number }>();

  /** Checks the table limits, asks where to save, and starts the job; null if cancelled. */
  async start(request: ExportRequest): Promise<JobView | null> {
    await backend.exportCheck(request.datasetId, request.format, request.options);
    const choice = formatChoice(request.format);
    // Rust opens the save dialog and keeps the path; the page gets a number for it.
    const chosen = await backend.chooseSaveFile(suggestedName(request.baseName, request.format, new Date(), request.madeAt ? new Date(request.madeAt) : null), {
      name: choice.label,
      extension: choice.extension,
    });
    if (!chosen) return null;
    return this.#run(request, chosen.id);
  }

  /** "Export to Excel…": every item and field as stored, straight to the save dialog. */
  toExcel(datasetId: string, baseName: string, madeAt: string | null): Promise<JobView | null> {
    return this.start({ datasetId, baseName, madeAt, format: 'xlsx', options: ALL_AS_STORED });
  }

  canRetry(jobId: number): boolean {
    return this.#requests.has(jobId);
  }

  /** Runs a failed export again, to the file chosen the first time. */
  async retry(jobId: number): Promise<JobView | null> {
    const earlier = this.#requests.get(jobId);
    if (!earlier) return null;
    this.#requests.delete(jobId);
    return this.#run(earlier.request, earlier.file);
  }

  async #run(request: ExportRequest, file: number): Promise<JobView> {
    const job = await backend.exportStart(request.datasetId, request.format, request.options, file);
    this.#requests.set(job.id, { request, file });
    return job;
  }
}

export const exports = new Exports();

/**
 * "Export to Excel…" on a page that floats only the exports it started (a run's page, the
 * Actor's run panel); the dataset's other exports stay on its own screen.
 */
export class ExcelFromHere {
  #started = $state<number[]>([]);
  readonly start = new Action(async (datasetId: string, baseName: string, madeAt: string | null) => {
    const job = await exports.toExcel(datasetId, baseName, madeAt);
    if (job) this.#started = [...this.#started, job.id];
  });
  readonly jobs = $derived(jobs.shown.filter((job) => this.#started.includes(job.id)));
}
