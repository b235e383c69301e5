/** Every screen, with what it is opened on. */
export type Route =
  | { screen: 'welcome' }
  /** Connecting an account: the first-run steps, also for adding a second profile. */
  | { screen: 'connect' }
  | { screen: 'actors' }
  | { screen: 'actor'; actorId: string }
  /** A saved task: its Actor's form, filled with the task's input and options. */
  | { screen: 'task'; taskId: string }
  | { screen: 'runs' }
  | { screen: 'run'; runId: string }
  /** `scheduleId`: the schedule whose page to show, with its log and runs. */
  | { screen: 'schedules'; scheduleId?: string }
  /** `view`: the Actor's view to show first (a run's output names one). */
  | { screen: 'datasets'; datasetId?: string; view?: string }
  /** A finished comparison of two datasets, by the number Rust gave it. */
  | { screen: 'comparison'; comparison: number }
  /** `key`: the record to show; `collection`: the collection of keys to list. */
  | { screen: 'kv'; storeId?: string; key?: string; collection?: string }
  /** `queueId`: the request queue whose requests to show. */
  | { screen: 'queues'; queueId?: string }
  | { screen: 'usage' }
  /** `replaceToken`: the profile whose token Apify refused, with "Replace token" open. */
  | { screen: 'settings'; replaceToken?: string };

export type Screen = Route['screen'];

/** Where the user is, and the back and forward stacks a browser would keep. */
export class Router {
  current = $state<Route>({ screen: 'welcome' });
  #back = $state<Route[]>([]);
  #forward = $state<Route[]>([]);

  readonly canGoBack = $derived(this.#back.length > 0);
  readonly canGoForward = $derived(this.#forward.length > 0);

  go(route: Route): void {
    if (JSON.stringify(route) === JSON.stringify(this.current)) return;
    this.#back.push(this.current);
    this.#forward = [];
    this.current = route;
  }

  back(): void {
    const previous = this.#back.pop();
    if (!previous) return;
    this.#forward.push(this.current);
    this.current = previous;
  }

  forward(): void {
    const next = this.#forward.pop();
    if (!next) return;
    this.#back.push(this.current);
    this.current = next;
  }

  /** Alt+Left and Alt+Right, and the mouse's back and forward buttons, as in a browser. */
  handleKey = (event: KeyboardEvent): void => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowLeft') this.back();
    else if (event.key === 'ArrowRight') this.forward();
    else return;
    event.preventDefault();
  };

  handleMouse = (event: MouseEvent): void => {
    if (event.button === 3) this.back();
    else if (event.button === 4) this.forward();
  };
}

export const router = new Router();
