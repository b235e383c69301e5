import { describe, expect, it } from 'vitest';
import { canRetry } from './errors';
import { RETRYABLE_KINDS } from './backend/rules';

describe('canRetry', () => {
  it('follows the kinds Rust marks retryable', () => {
    expect(RETRYABLE_KINDS.length).toBeGreaterThan(5);
    for (const kind of RETRYABLE_KINDS) expect(canRetry(kind)).toBe(true);
  });

  it('offers no Retry where the same request would only be refused again', () => {
    for (const kind of ['invalidInput', 'validation', 'invalidToken', 'usageLimit', 'cancelled'] as const) {
      expect(canRetry(kind)).toBe(false);
    }
  });

  it('offers Retry for what the page did not expect', () => {
    expect(canRetry('unexpected')).toBe(true);
    expect(canRetry('offline')).toBe(true);
  });
});
