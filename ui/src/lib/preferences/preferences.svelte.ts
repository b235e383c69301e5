import { backend, type JsonValue } from '../backend';
import { report } from '../reports/reports.svelte';

/**
 * UI preferences and drafts, kept by Rust in one store file (`tauri-plugin-store`), not in the
 * webview's own storage: Rust can clear them ("Reset preferences", sign-out). Read once at start,
 * so screens read them at once; each change is sent on, and a failure to keep it is reported.
 */
class Preferences {
  #values = $state<Record<string, JsonValue>>({});

  async load(): Promise<void> {
    this.#values = await backend.preferencesAll();
  }

  get(key: string): JsonValue | undefined {
    return this.#values[key];
  }

  set(key: string, value: JsonValue): void {
    this.#values[key] = value;
    void backend.preferenceSet(key, value).catch(report('Keeping your preferences'));
  }

  /** What sign-out forgot on the Rust side is forgotten here too. */
  forget(key: string): void {
    delete this.#values[key];
  }

  async reset(): Promise<void> {
    await backend.preferencesReset();
    this.#values = {};
  }
}

export const preferences = new Preferences();
