import { Action } from '../action.svelte';
import { backend, type CatalogPage } from '../backend';
import type { Catalog } from '../backend/bindings/Catalog';

export const PAGE_SIZE = 20;

/** One catalog tab: its search, its page, and loading it. */
export class CatalogState {
  catalog = $state<Catalog>('myActors');
  search = $state('');
  offset = $state(0);
  page = $state<CatalogPage | null>(null);
  readonly load = new Action(async () => {
    this.page = await backend.catalogList(this.catalog, this.search, this.offset, PAGE_SIZE);
  });

  show(catalog: Catalog): Promise<unknown> {
    this.catalog = catalog;
    this.offset = 0;
    this.page = null;
    return this.load.run();
  }

  find(search: string): Promise<unknown> {
    this.search = search;
    this.offset = 0;
    return this.load.run();
  }

  turn(pages: number): Promise<unknown> {
    this.offset = Math.max(0, this.offset + pages * PAGE_SIZE);
    return this.load.run();
  }
}

export const catalogState = new CatalogState();
