import { describe, expect, it } from 'vitest';
import { tokenAge } from './token-age';

describe('a token’s age', () => {
  const now = new Date('2026-11-26T12:00:00Z');

  it('suggests replacing a token from 90 days on, counted from when it was added', () => {
    expect(tokenAge({ createdAt: '2026-01-01T00:00:00Z', tokenAddedAt: '2026-08-29T12:00:00Z' }, now)).toEqual({
      addedAt: '2026-08-29T12:00:00Z',
      days: 89,
      replaceAdvised: false,
    });
    expect(tokenAge({ createdAt: '2026-01-01T00:00:00Z', tokenAddedAt: '2026-08-28T12:00:00Z' }, now).replaceAdvised).toBe(true);
  });

  it('counts from the profile’s creation where the token’s own date was not kept', () => {
    expect(tokenAge({ createdAt: '2026-01-01T00:00:00Z', tokenAddedAt: null }, now)).toMatchObject({ days: 329, replaceAdvised: true });
  });
});
