import { backend, type JobView } from '../backend';

/**
 * Every job Rust runs, kept current by one channel for the life of the page: jobs go on while
 * the user moves between screens, and a reloaded page sees the running ones again.
 */
export class JobsState {
  list = $state<JobView[]>([]);
  readonly running = $derived(this.list.filter((job) => job.state.state === 'running').length);
  #watching = false;

  async watch(): Promise<void> {
    if (this.#watching) return;
    this.#watching = true;
    const now = await backend.watchJobs((job) => this.#put(job));
    // Events that came in while the snapshot was on its way are newer than it.
    for (const job of now) if (!this.list.some((known) => known.id === job.id)) this.list.push(job);
  }

  #put(job: JobView): void {
    const index = this.list.findIndex((known) => known.id === job.id);
    if (index === -1) this.list.push(job);
    else this.list[index] = job;
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
