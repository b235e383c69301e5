import { BackendError, toBackendError } from './backend';

/**
 * One user action that calls the backend: whether it is busy, how it last failed (a typed
 * BackendError, never a cast), and Retry with the same arguments. Every screen uses this
 * instead of its own try/catch.
 */
export class Action<Args extends unknown[], Result> {
  busy = $state(false);
  error = $state<BackendError | null>(null);
  readonly #work: (...args: Args) => Promise<Result>;
  #lastArgs: Args | null = null;

  constructor(work: (...args: Args) => Promise<Result>) {
    this.#work = work;
  }

  /** Runs the work; answers its result, or `undefined` when it failed (see `error`). */
  async run(...args: Args): Promise<Result | undefined> {
    this.#lastArgs = args;
    this.busy = true;
    this.error = null;
    try {
      return await this.#work(...args);
    } catch (failure) {
      this.error = toBackendError(failure);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Runs again with the arguments of the last run. */
  retry = (): Promise<Result | undefined> => (this.#lastArgs ? this.run(...this.#lastArgs) : Promise.resolve(undefined));

  clear(): void {
    this.error = null;
  }
}
