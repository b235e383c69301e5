import { backend, type DeletedRecord, type KvStoreInfo, type RecordView, type SavedRecord, type UploadSource } from '../backend';

/** A key-value store's records as the screens work with them. Rust opens every dialog's file. */
export const records = {
  storeInfo: (storeId: string): Promise<KvStoreInfo> => backend.kvStoreInfo(storeId),
  view: (storeId: string, key: string): Promise<RecordView> => backend.recordView(storeId, key),
  /** With `version`, Rust refuses (`recordChanged`) when the record is no longer that version. */
  save: (storeId: string, key: string, text: string, contentType: string, version: string | null): Promise<SavedRecord> =>
    backend.recordSave(storeId, key, text, contentType, version),
  create: (storeId: string, key: string, text: string, contentType: string): Promise<SavedRecord> =>
    backend.recordCreate(storeId, key, text, contentType),
  /** Refuses a key the platform does not take, naming the character. */
  checkKey: (key: string): Promise<null> => backend.recordKeyCheck(key),
  remove: (storeId: string, key: string): Promise<DeletedRecord> => backend.recordDelete(storeId, key),
  undelete: (undoId: number): Promise<string> => backend.recordUndelete(undoId),
  copyLink: (storeId: string, key: string): Promise<null> => backend.recordCopyLink(storeId, key),

  /** The open dialog, then what Rust found in the chosen file; null when the user cancelled. */
  async chooseUpload(): Promise<{ path: string; source: UploadSource } | null> {
    const path = await backend.chooseOpenFile();
    return path ? { path, source: await backend.uploadInspect(path) } : null;
  },
  upload: (storeId: string, key: string, path: string, contentType: string) =>
    backend.recordUpload(storeId, key, path, contentType),

  /** The save dialog, then the download as a job; false when the user cancelled. */
  async download(storeId: string, key: string): Promise<boolean> {
    const path = await backend.chooseSaveFile(key);
    if (!path) return false;
    await backend.recordDownload(storeId, key, path);
    return true;
  },
};
