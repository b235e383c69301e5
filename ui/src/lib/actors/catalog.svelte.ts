import { backend, type CatalogPage } from '../backend';
import type { Catalog } from '../backend/bindings/Catalog';
import { Paged } from '../paged.svelte';

const PAGE_SIZE = 20;

/** The catalog's tabs: the one shown, each tab's own search, its page, and loading it. */
export class CatalogState {
  catalog = $state<Catalog>('myActors');
  /** Each tab keeps its own search: "hello" typed in the Store must not hide the user's Actors. */
  searches = $state<Record<Catalog, string>>({ myActors: '', tasks: '', store: '' });
  readonly list = new Paged<CatalogPage>(PAGE_SIZE, (offset, size) =>
    backend.catalogList(this.catalog, this.search, offset, size),
  );

  get page(): CatalogPage | null {
    return this.list.page;
  }

  get load() {
    return this.list.load;
  }

  /** The shown tab's search. */
  get search(): string {
    return this.searches[this.catalog];
  }

  show(catalog: Catalog): Promise<unknown> {
    this.catalog = catalog;
    return this.list.first(true);
  }

  find(search: string): Promise<unknown> {
    this.searches[this.catalog] = search;
    return this.list.first();
  }
}

export const catalogState = new CatalogState();
