import { backend, type DroppedFile } from '../backend';

let watching = false;
let listener: ((file: DroppedFile) => void) | null = null;

/**
 * Hands files dropped onto the window to the screen that listens now. One channel serves the
 * page for its whole life: a channel per visit would stay subscribed in Rust after its screen
 * was gone, and deliver drops to it.
 */
export function onFileDrop(listen: (file: DroppedFile) => void): () => void {
  listener = listen;
  if (!watching) {
    watching = true;
    void backend.watchFileDrops((file) => listener?.(file)).catch(() => {
      watching = false;
    });
  }
  return () => {
    if (listener === listen) listener = null;
  };
}
