import { backend, type DatasetInfo, type ItemQuery } from '../backend';

/** A dataset as its screen reads it: its facts, single items, and rows copied by Rust. */
export const dataset = {
  /** Opening reads the dataset afresh: a run may have added items since. */
  open: (datasetId: string): Promise<DatasetInfo> => backend.datasetInfo(datasetId),
  /** The item at `index`, whole. */
  async item(datasetId: string, query: ItemQuery, index: number): Promise<unknown> {
    return (await backend.datasetWindow(datasetId, query, index, 1)).items[0];
  },
  /** The first `count` items as stored, for a preview. */
  async first(datasetId: string, count: number): Promise<unknown[]> {
    const query: ItemQuery = { fields: [], omit: [], flatten: [], skipHidden: false, desc: false };
    return (await backend.datasetWindow(datasetId, query, 0, count)).items;
  },
  /** Rust reads the rows and puts them on the clipboard as tab-separated text; answers how many. */
  copyRows: (datasetId: string, query: ItemQuery, from: number, to: number, columns: string[]): Promise<number> =>
    backend.datasetCopyRows(datasetId, query, from, to, columns),
};
