import { backend, type StorageKind, type StoragePage, type StorageRow } from './backend';
import { shortWhen } from './runs/format';

/** The user's datasets, key-value stores or request queues, newest first, searchable by name or id. */
export const listStorages = (kind: StorageKind, search: string, offset: number, limit: number): Promise<StoragePage> =>
  backend.storagesList(kind, search, offset, limit);

/** "Keep it": names an unnamed dataset or store, which Apify then keeps past its retention period. */
export const keepStorage = (kind: StorageKind, id: string, name: string): Promise<null> => backend.storageKeep(kind, id, name);

/**
 * What a person calls a storage: its name, or for an unnamed one what made it and when
 * ("Dataset of Generate sample items, 26 Nov, 9:19"), where the API says which run made it. It
 * keeps the sidebar's names for the kinds of storage, so one thing is never called two ways.
 */
export function storageTitle(row: Pick<StorageRow, 'name' | 'actorTitle' | 'createdAt'>, kind: StorageKind): string {
  if (row.name) return row.name;
  if (row.actorTitle) {
    const what = { dataset: 'Dataset', keyValueStore: 'Key-value store', requestQueue: 'Request queue' }[kind] + ` of ${row.actorTitle}`;
    return row.createdAt ? `${what}, ${shortWhen(row.createdAt)}` : what;
  }
  return { dataset: 'Unnamed dataset', keyValueStore: 'Unnamed store', requestQueue: 'Unnamed request queue' }[kind];
}
