import { BackendError, toBackendError } from '../backend';

/** A failure nobody was waiting on, as the shell shows it until the user closes it. */
export interface Report {
  id: number;
  /** What the app was doing, in the user's words: "Opening Apify Console". */
  what: string;
  error: BackendError;
}

/** Only the newest few stay on screen; older ones are in the log of the console. */
const KEEP = 3;

class Reports {
  list = $state<Report[]>([]);
  #next = 1;

  /**
   * A handler for a failed background call: `promise.catch(report('Opening Apify Console'))`.
   * The failure is shown in the shell's notices (with the error's own headline and detail) and
   * written to the console, instead of vanishing.
   */
  report = (what: string) => (failure: unknown): undefined => {
    const error = toBackendError(failure);
    console.error(`${what} failed:`, error.kind, error.message, error.detail ?? '');
    this.list = [...this.list, { id: this.#next++, what, error }].slice(-KEEP);
    return undefined;
  };

  dismiss(id: number): void {
    this.list = this.list.filter((report) => report.id !== id);
  }
}

export const reports = new Reports();

/** `promise.catch(report('Opening Apify Console'))`: say what failed, never swallow it. */
export const report = reports.report;
