import { backend, type StorageKind, type StoragePage } from './backend';

/** The user's datasets or key-value stores, newest first, searchable by name or id. */
export const listStorages = (kind: StorageKind, search: string, offset: number, limit: number): Promise<StoragePage> =>
  backend.storagesList(kind, search, offset, limit);
