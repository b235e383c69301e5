import { backend, type Usage } from '../backend';
import { report } from '../reports/reports.svelte';

/** How often the status bar's gauge asks again: usage moves slowly, and each ask is two calls. */
const REFRESH_MS = 5 * 60 * 1000;

/**
 * This month's usage of the active profile's account, for the status bar's gauge. The Usage
 * page asks for other months itself.
 */
class AccountUsage {
  current = $state<Usage | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Whether the last refresh failed, so a failure is reported once, not every refresh. */
  #failing = false;

  /** A month's usage (`date` any day in it), or the current one with null. */
  forMonth(date: string | null): Promise<Usage> {
    return backend.usageGet(date);
  }

  async load(): Promise<void> {
    this.current = await backend.usageGet(null);
  }

  /** Keeps the gauge current while an account is signed in; a failure leaves it as it was. */
  follow(): void {
    this.stop();
    void this.#refresh();
    this.#timer = setInterval(() => void this.#refresh(), REFRESH_MS);
  }

  async #refresh(): Promise<void> {
    try {
      await this.load();
      this.#failing = false;
    } catch (failure) {
      if (!this.#failing) report('Refreshing the usage gauge')(failure);
      this.#failing = true;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.current = null;
  }
}

export const accountUsage = new AccountUsage();
