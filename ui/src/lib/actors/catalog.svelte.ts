import { backend, type CatalogPage } from '../backend';
import type { Catalog } from '../backend/bindings/Catalog';
import { Paged } from '../paged.svelte';

const PAGE_SIZE = 20;

/** One catalog tab: its search, its page, and loading it. */
export class CatalogState {
  catalog = $state<Catalog>('myActors');
  search = $state('');
  readonly list = new Paged<CatalogPage>(PAGE_SIZE, (offset, size) =>
    backend.catalogList(this.catalog, this.search, offset, size),
  );

  get page(): CatalogPage | null {
    return this.list.page;
  }

  get load() {
    return this.list.load;
  }

  show(catalog: Catalog): Promise<unknown> {
    this.catalog = catalog;
    return this.list.first(true);
  }

  find(search: string): Promise<unknown> {
    this.search = search;
    return this.list.first();
  }
}

export const catalogState = new CatalogState();
