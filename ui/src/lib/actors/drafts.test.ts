import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDraft, saveDraft } from './drafts';
import type { InputSchema } from './schema';

afterEach(() => clearMocks());

describe('drafts', () => {
  it('never keep a secret field, whatever path saves them', () => {
    const sent: unknown[] = [];
    mockIPC((command, args) => {
      if (command === 'preference_set') sent.push(args);
      return null;
    });
    const schema = {
      title: 'Shop',
      type: 'object',
      schemaVersion: 1,
      properties: { query: { title: 'Query', type: 'string' }, apiKey: { title: 'API key', type: 'string', isSecret: true } },
    } as unknown as InputSchema;
    saveDraft('a1', schema, { query: 'lamps', apiKey: 'secret-123' });
    expect(loadDraft('a1')).toEqual({ query: 'lamps' });
    expect(JSON.stringify(sent)).not.toContain('secret-123');
  });
});
