import type { Input } from './schema';

const KEY = 'greenroom.drafts';

/** The last input used for each Actor, on this computer, secret fields left out by the caller. */
export function loadDraft(actorId: string): Input | null {
  try {
    const drafts = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Input>;
    return drafts[actorId] ?? null;
  } catch {
    return null;
  }
}

export function saveDraft(actorId: string, input: Input): void {
  try {
    const drafts = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Input>;
    drafts[actorId] = input;
    localStorage.setItem(KEY, JSON.stringify(drafts));
  } catch {
    // A draft is a convenience: a full or blocked storage loses nothing the user sent.
  }
}

export function forgetDraft(actorId: string): void {
  try {
    const drafts = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Input>;
    delete drafts[actorId];
    localStorage.setItem(KEY, JSON.stringify(drafts));
  } catch {
    // Nothing to forget.
  }
}
