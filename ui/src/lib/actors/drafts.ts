import type { JsonValue } from '../backend';
import { preferences } from '../preferences/preferences.svelte';
import type { Input } from './schema';

const KEY = 'drafts';

/** Every Actor's draft, by Actor id. */
function drafts(): Record<string, Input> {
  const kept = preferences.get(KEY);
  return typeof kept === 'object' && kept !== null && !Array.isArray(kept) ? (kept as unknown as Record<string, Input>) : {};
}

/** The last input used for each Actor, on this computer, secret fields left out by the caller. */
export function loadDraft(actorId: string): Input | null {
  return drafts()[actorId] ?? null;
}

export function saveDraft(actorId: string, input: Input): void {
  preferences.set(KEY, { ...drafts(), [actorId]: input } as unknown as JsonValue);
}

export function forgetDraft(actorId: string): void {
  const rest = { ...drafts() };
  delete rest[actorId];
  preferences.set(KEY, rest as unknown as JsonValue);
}
