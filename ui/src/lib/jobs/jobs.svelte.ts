import { backend, type JobView } from '../backend';

/**
 * Every job Rust runs, kept current by one channel for the life of the page: jobs go on while
 * the user moves between screens, and a reloaded page sees the running ones again.
 */
export class JobsState {
  list = $state<JobView[]>([]);
  /** The jobs a person started; a log follower belongs to the run page that opened it. */
  readonly shown = $derived(this.list.filter((job) => job.kind !== 'logFollow'));
  readonly running = $derived(this.shown.filter((job) => job.state.state === 'running').length);
  #watching = false;
  #listeners = new Set<(job: JobView) => void>();

  /** Hears every job event as it comes, e.g. a log view collecting its batches of lines. */
  listen(listener: (job: JobView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async watch(): Promise<void> {
    if (this.#watching) return;
    this.#watching = true;
    const now = await backend.watchJobs((job) => this.#put(job));
    // Events that came in while the snapshot was on its way are newer than it.
    for (const job of now) if (!this.list.some((known) => known.id === job.id)) this.list.push(job);
  }

  #put(job: JobView): void {
    for (const listener of this.#listeners) listener(job);
    if (job.kind === 'logFollow' && job.state.state !== 'running') {
      // Nobody looks at a finished log follower: let Rust forget it too.
      this.list = this.list.filter((known) => known.id !== job.id);
      // Quiet on purpose: the only failure is that Rust already dropped the finished job.
      void backend.jobDismiss(job.id).catch(() => undefined);
      return;
    }
    const index = this.list.findIndex((known) => known.id === job.id);
    if (index === -1) this.list.push(job);
    else this.list[index] = job;
  }

  /** The job as it ends: succeeded, failed or cancelled. */
  ended(id: number): Promise<JobView> {
    return new Promise((resolve) => {
      const done = (job: JobView | undefined) => {
        if (job && job.id === id && job.state.state !== 'running') {
          stop();
          resolve(job);
        }
      };
      const stop = this.listen(done);
      done(this.list.find((job) => job.id === id));
    });
  }

  /** Opens, or shows in its folder, the file a finished export or download wrote. */
  openFile(id: number): Promise<null> {
    return backend.jobFileOpen(id);
  }

  revealFile(id: number): Promise<null> {
    return backend.jobFileReveal(id);
  }

  async cancel(id: number): Promise<void> {
    await backend.jobCancel(id);
  }

  async dismiss(id: number): Promise<void> {
    await backend.jobDismiss(id);
    this.list = this.list.filter((job) => job.id !== id);
  }
}

export const jobs = new JobsState();
