import { SvelteMap } from 'svelte/reactivity';
import { backend, type BackendError } from '../backend';
import type { Window } from '../backend/bindings/Window';
import type { ItemQuery } from '../backend/bindings/ItemQuery';
import type { Item } from './cells';

/** Rows are asked for in aligned blocks of this many. */
export const BLOCK = 100;
/** Blocks kept in the page (a screen and its overscan need three or four); Rust keeps a larger
 * cache of its own behind them. */
const KEEP_BLOCKS = 16;

/**
 * The rows of one dataset under one query, fetched from Rust in blocks as the table needs them
 * and forgotten least recently used first, so memory stays flat however far the user scrolls.
 */
export class RowSource {
  readonly datasetId: string;
  readonly query: ItemQuery;
  total = $state<number | null>(null);
  error = $state<BackendError | null>(null);
  /** Block index → its items; reactive, so rows fill in as blocks arrive. */
  #blocks = new SvelteMap<number, Item[]>();
  #loading = new Set<number>();
  #used: number[] = [];
  #onNewItems: (items: Item[]) => void;
  #fetch: (offset: number, span: number) => Promise<Window>;

  /** `fetch`: where the rows come from; by default the dataset's own items under the query
   *  (a comparison's part gives its own). */
  constructor(
    datasetId: string,
    query: ItemQuery,
    onNewItems: (items: Item[]) => void = () => {},
    fetch?: (offset: number, span: number) => Promise<Window>,
  ) {
    this.datasetId = datasetId;
    this.query = query;
    this.#onNewItems = onNewItems;
    this.#fetch = fetch ?? ((offset, span) => backend.datasetWindow(this.datasetId, this.query, offset, span));
  }

  /** The item at `index`, or undefined while its block is on its way. */
  row(index: number): Item | undefined {
    return this.#blocks.get(Math.floor(index / BLOCK))?.[index % BLOCK];
  }

  /** Asks for the blocks covering rows `from..to` that are not here yet. */
  want(from: number, to: number): Promise<void> {
    const first = Math.max(0, Math.floor(from / BLOCK));
    const last = Math.floor(Math.max(from, to - 1) / BLOCK);
    const waits: Promise<void>[] = [];
    for (let block = first; block <= last; block++) {
      this.#touch(block);
      if (this.#blocks.has(block) || this.#loading.has(block)) continue;
      if (this.total !== null && block * BLOCK >= this.total) break;
      waits.push(this.#load(block));
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** Blocks on their way now. */
  loadingBlocks = $state(0);

  /** Blocks held in the page now (for the memory benchmark's figures). */
  get heldBlocks(): number {
    return this.#blocks.size;
  }

  async #load(block: number): Promise<void> {
    this.#loading.add(block);
    this.loadingBlocks = this.#loading.size;
    try {
      const window = await this.#fetch(block * BLOCK, BLOCK);
      this.total = window.total;
      this.error = null;
      const items = window.items as Item[];
      this.#blocks.set(block, items);
      this.#onNewItems(items);
      this.#evict();
    } catch (error) {
      this.error = error as BackendError;
    } finally {
      this.#loading.delete(block);
      this.loadingBlocks = this.#loading.size;
    }
  }

  #touch(block: number): void {
    const at = this.#used.indexOf(block);
    if (at !== -1) this.#used.splice(at, 1);
    this.#used.push(block);
  }

  #evict(): void {
    while (this.#blocks.size > KEEP_BLOCKS && this.#used.length > 0) {
      const oldest = this.#used.shift();
      if (oldest !== undefined) this.#blocks.delete(oldest);
    }
  }
}
