import { backend, type JobView, type RunNow, type RunSummary } from '../backend';
import { jobs } from '../jobs/jobs.svelte';
import { report } from '../reports/reports.svelte';

/** How often a shown run's figures are read while it works. */
export const LIVE_EVERY_MS = 1000;

/**
 * Of two answers about one run, the one to show. Answers come from two sources (the watch job,
 * which the server holds for seconds, and the page's own reads) and may arrive out of order, so
 * arrival does not make an answer newer; its stage does (Rust says which stage a status is).
 * Within one stage the later arrival wins, so a new status message shows.
 */
export function newer(shown: RunSummary | null, answer: RunSummary): RunSummary {
  if (!shown || shown.id !== answer.id) return answer;
  return answer.stage >= shown.stage ? answer : shown;
}

/** What a watch job's event says about its run, if anything. */
function fromJob(job: JobView): RunSummary | null {
  if (job.kind !== 'runWatch') return null;
  if (job.state.state === 'succeeded' && job.state.outcome.type === 'run') return job.state.outcome.run;
  return job.progress?.type === 'run' ? job.progress.run : null;
}

/**
 * One run as a screen shows it while it works: its status never goes backwards, and its items,
 * duration and cost move each second while the page is visible, not only at the end. It hears
 * the run's watch job, and reads the run itself between the job's answers.
 */
export class LiveRun {
  readonly runId: string;
  run = $state<RunSummary | null>(null);
  itemCount = $state<number | null>(null);
  computeUnits = $state<number | null>(null);
  usageTotalUsd = $state<number | null>(null);
  durationSecs = $state<number | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopListening: (() => void) | null = null;
  #closed = false;
  /** Figures read after the run ended: final, nothing to read any more. */
  #final = false;

  constructor(runId: string) {
    this.runId = runId;
  }

  /** Takes an answer about the run, unless a newer one is already shown. */
  accept(run: RunSummary): void {
    this.run = newer(this.run, run);
  }

  /** Takes a read of the run's figures; its status only if it is not older than the shown one. */
  acceptNow(now: RunNow): void {
    this.accept(now.run);
    this.itemCount = now.itemCount;
    this.computeUnits = now.computeUnits;
    this.usageTotalUsd = now.usageTotalUsd;
    this.durationSecs = now.durationSecs;
    this.#final = now.run.finished;
  }

  /** The run was resurrected: its status goes back to the start on purpose. */
  restart(run: RunSummary): void {
    this.run = run;
    this.#final = false;
    this.#schedule();
  }

  open(): void {
    this.#closed = false;
    for (const job of jobs.list) if (job.subject === this.runId) this.#hear(job);
    this.#stopListening = jobs.listen((job) => {
      if (job.subject === this.runId) this.#hear(job);
    });
    this.#schedule();
  }

  close(): void {
    this.#closed = true;
    this.#stopListening?.();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #hear(job: JobView): void {
    const run = fromJob(job);
    if (run) this.accept(run);
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => void this.#tick(), LIVE_EVERY_MS);
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    if (this.#closed || this.#final) return;
    // A hidden window does not need figures nobody sees; it reads again once shown.
    if (document.visibilityState !== 'hidden') {
      try {
        this.acceptNow(await backend.runNow(this.runId));
      } catch (error) {
        // The watch job still brings the status; the figures stop where they were, said once.
        report("Reading the run's progress")(error);
        return;
      }
      if (this.#final) return;
    }
    this.#schedule();
  }
}
