import { backend, toBackendError, type BackendError, type KeyRow } from '../backend';

/** Keys come from the API this many at a time (its largest page). */
export const KEYS_PAGE = 1000;

type FetchPage = typeof backend.kvKeys;

/**
 * A store's keys as far as they have been read: the API pages keys by the last key seen, so the
 * list grows as the user scrolls toward its end. A new prefix or collection starts over; an
 * answer for an older filter is dropped.
 */
export class KeyList {
  keys = $state<KeyRow[]>([]);
  done = $state(false);
  loading = $state(false);
  error = $state<BackendError | null>(null);
  #next: string | null = null;
  #generation = 0;
  readonly #storeId: string;
  readonly #fetch: FetchPage;

  constructor(storeId: string, fetch: FetchPage = backend.kvKeys) {
    this.#storeId = storeId;
    this.#fetch = fetch;
  }

  prefix = '';
  collection: string | null = null;

  /** Starts over with the current prefix and collection. */
  reset(): Promise<void> {
    this.#generation += 1;
    this.keys = [];
    this.#next = null;
    this.done = false;
    this.loading = false;
    this.error = null;
    return this.more();
  }

  /** Reads the next page, unless one is on its way or the last was read. */
  async more(): Promise<void> {
    if (this.loading || this.done) return;
    const generation = this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#fetch(this.#storeId, this.prefix, this.collection, this.#next, KEYS_PAGE);
      if (generation !== this.#generation) return;
      this.keys = this.keys.concat(page.keys);
      this.#next = page.next;
      this.done = page.next === null;
    } catch (failure) {
      if (generation === this.#generation) this.error = toBackendError(failure);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Drops a key that was deleted, or adds one that was created, keeping UTF-8 binary order. */
  remove(key: string): void {
    this.keys = this.keys.filter((row) => row.key !== key);
  }

  insert(row: KeyRow): void {
    const rest = this.keys.filter((existing) => existing.key !== row.key);
    const at = rest.findIndex((existing) => compareKeys(existing.key, row.key) > 0);
    // Past the loaded part, a later page brings it.
    if (at === -1 && !this.done) return;
    rest.splice(at === -1 ? rest.length : at, 0, row);
    this.keys = rest;
  }
}

/** Keys are ASCII, so UTF-16 order is their UTF-8 binary order. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
