import { backend, type Usage } from '../backend';

/** How often the status bar's gauge asks again: usage moves slowly, and each ask is two calls. */
const REFRESH_MS = 5 * 60 * 1000;

/**
 * This month's usage of the active profile's account, for the status bar's gauge. The Usage
 * page asks for other months itself.
 */
class AccountUsage {
  current = $state<Usage | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;

  async load(): Promise<void> {
    this.current = await backend.usageGet(null);
  }

  /** Keeps the gauge current while an account is signed in; failures leave it as it was. */
  follow(): void {
    this.stop();
    void this.load().catch(() => undefined);
    this.#timer = setInterval(() => void this.load().catch(() => undefined), REFRESH_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.current = null;
  }
}

export const accountUsage = new AccountUsage();
