import { Action } from '../action.svelte';
import { actorPage } from '../actors/actor-page';
import { saveDraft } from '../actors/drafts';
import type { InputSchema } from '../actors/schema';
import { backend, type RunDetails, type RunSummary } from '../backend';
import { jobs } from '../jobs/jobs.svelte';
import { report } from '../reports/reports.svelte';
import { LiveRun } from './live-run.svelte';

/**
 * One run as its page shows it: its details, its live state from the watch job, its log as it
 * streams, and what the user can do to it (abort, resurrect, run again). The page opens it when
 * it appears and closes it when it goes; the run itself goes on either way.
 */
export class RunSession {
  readonly runId: string;
  details = $state<RunDetails | null>(null);
  lines = $state<string[]>([]);
  /** The run's status and figures as they move; it never shows an older status after a newer. */
  readonly live: LiveRun;
  #logJob: number | null = null;
  #stopListening: (() => void) | null = null;

  /** The run as it is now. */
  get run(): RunSummary | null {
    return this.live.run;
  }

  readonly load = new Action(async () => {
    const details = await backend.runDetails(this.runId);
    this.details = details;
    this.live.acceptNow({
      run: details.row.run,
      durationSecs: details.row.durationSecs,
      computeUnits: details.computeUnits,
      usageTotalUsd: details.usageTotalUsd,
      itemCount: details.itemCount,
    });
  });

  readonly abort = new Action(async (gracefully: boolean) => {
    this.live.accept(await backend.runAbort(this.runId, gracefully));
    await backend.runWatch(this.runId);
  });

  readonly resurrect = new Action(async () => {
    this.live.restart(await backend.runResurrect(this.runId));
    this.lines = [];
    this.#logJob = (await backend.runLogFollow(this.runId)).id;
    await backend.runWatch(this.runId);
  });

  /** Puts the run's input in its Actor's form as a draft; answers the Actor's id to go to. */
  readonly again = new Action(async (): Promise<string | null> => {
    const actorId = this.run?.actorId;
    if (!actorId) return null;
    const input = await backend.runInput(this.runId);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      // The draft leaves out the fields the Actor's schema marks secret, like the form's own.
      const page = await actorPage.open(actorId);
      saveDraft(actorId, page.inputSchema as unknown as InputSchema | null, input);
    }
    return actorId;
  });

  constructor(runId: string) {
    this.runId = runId;
    this.live = new LiveRun(runId);
  }

  /** Reads the run, then follows its log from the first line, and watches it while it works. */
  async open(): Promise<void> {
    // Lines come in numbered batches. The first may come before the command that started the
    // job has answered, so until its id is known the job is known by the run it follows.
    this.#stopListening = jobs.listen((job) => {
      if (job.kind !== 'logFollow' || job.progress?.type !== 'log') return;
      const ours = this.#logJob === null ? job.subject === this.runId : job.id === this.#logJob;
      if (ours && job.progress.from === this.lines.length) this.lines.push(...job.progress.lines);
    });
    this.live.open();
    await this.load.run();
    this.#logJob = (await backend.runLogFollow(this.runId).catch(report("Following the run's log")))?.id ?? null;
    if (this.details && !this.details.row.run.finished) {
      await backend.runWatch(this.runId).catch(report('Watching the run'));
    }
  }

  /** Stops following the log; the run itself goes on. */
  close(): void {
    this.live.close();
    this.#stopListening?.();
    // Quiet on purpose: the log's job may have ended with the run already.
    if (this.#logJob !== null) void backend.jobCancel(this.#logJob).catch(() => undefined);
  }
}
