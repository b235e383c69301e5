import { describe, expect, it } from 'vitest';
import { looksLikeToken } from './token';

describe('looksLikeToken', () => {
  it('follows the rule generated from Rust, after trimming what a paste brings', () => {
    const token = `apify_api_${'A1b2C3'.repeat(6)}`;
    expect(looksLikeToken(token)).toBe(true);
    expect(looksLikeToken(` "${token}"\n`)).toBe(true);
    expect(looksLikeToken(`${token}x`)).toBe(false);
    expect(looksLikeToken('hello')).toBe(false);
  });
});
