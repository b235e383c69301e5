import type { JsonValue } from '../backend';
import { preferences } from '../preferences/preferences.svelte';
import { withoutSecrets, type Input, type InputSchema } from './schema';

const KEY = 'drafts';

/** Every Actor's draft, by Actor id. */
function drafts(): Record<string, Input> {
  const kept = preferences.get(KEY);
  return typeof kept === 'object' && kept !== null && !Array.isArray(kept) ? (kept as unknown as Record<string, Input>) : {};
}

/** The last input used for each Actor, on this computer, never with its secret fields. */
export function loadDraft(actorId: string): Input | null {
  return drafts()[actorId] ?? null;
}

/** Keeps `input` as the Actor's draft, without the fields its `schema` marks secret. */
export function saveDraft(actorId: string, schema: InputSchema | null, input: Input): void {
  preferences.set(KEY, { ...drafts(), [actorId]: withoutSecrets(schema, input) } as unknown as JsonValue);
}

export function forgetDraft(actorId: string): void {
  const rest = { ...drafts() };
  delete rest[actorId];
  preferences.set(KEY, rest as unknown as JsonValue);
}
