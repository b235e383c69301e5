import { browser } from '@wdio/globals';

/**
 * Calls a command through the page's real IPC, as the UI's facade does. A refusal answers
 * `{ failed: <what Tauri or the command rejected with> }` instead of throwing.
 */
export async function invoke<T>(command: string, args: Record<string, unknown>): Promise<T> {
  return browser.executeAsync(
    (name: string, payload: Record<string, unknown>, done: (value: unknown) => void) => {
      const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (c: string, a: unknown) => Promise<unknown> } })
        .__TAURI_INTERNALS__;
      internals.invoke(name, payload).then(done, (error: unknown) => done({ failed: error }));
    },
    command,
    args,
  ) as Promise<T>;
}
