import { Action } from './action.svelte';

/** What every paged list answer has: the rows of one page and how many there are in all. */
export interface PageOf<Row> {
  rows: Row[];
  total: number;
}

/**
 * One list read a page at a time (runs, Actors, storages): where it is, the page it shows, and
 * loading it, with the failure kept for the notice and Retry. `fetch` reads the page at
 * `offset`; whatever it reads besides (a search, a filter) it takes from its own state.
 */
export class Paged<Page extends PageOf<unknown>> {
  offset = $state(0);
  page = $state<Page | null>(null);
  readonly size: number;
  readonly load: Action<[], void>;

  constructor(size: number, fetch: (offset: number, size: number) => Promise<Page>) {
    this.size = size;
    this.load = new Action(async () => {
      this.page = await fetch(this.offset, this.size);
    });
  }

  /** Back to the first page, as a new search or filter needs; `forget` also clears what is shown. */
  first(forget = false): Promise<unknown> {
    this.offset = 0;
    if (forget) this.page = null;
    return this.load.run();
  }

  /** `pages` pages on (or back, when negative), never before the first. */
  turn(pages: number): Promise<unknown> {
    this.offset = Math.max(0, this.offset + pages * this.size);
    return this.load.run();
  }
}
