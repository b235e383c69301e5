import { backend, type Chosen, type DeletedRecord, type KvStoreInfo, type RecordView, type SavedRecord, type UploadSource } from '../backend';

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

  /** The open dialog (Rust's), then what Rust found in the chosen file; null when cancelled. */
  async chooseUpload(): Promise<{ file: Chosen; source: UploadSource } | null> {
    const file = await backend.chooseOpenFile();
    return file ? { file, source: await backend.uploadInspect(file.id) } : null;
  },
  upload: (storeId: string, key: string, file: number, contentType: string) =>
    backend.recordUpload(storeId, key, file, contentType),

  /**
   * The save dialog (Rust's, named by the key with the extension of the record's content
   * type), then the download as a job; false when the user cancelled.
   */
  async download(storeId: string, key: string, contentType: string): Promise<boolean> {
    const file = await backend.chooseRecordFile(key, contentType);
    if (!file) return false;
    await backend.recordDownload(storeId, key, file.id);
    return true;
  },
};
