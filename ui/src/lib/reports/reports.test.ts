import { afterEach, describe, expect, it, vi } from 'vitest';
import { report, reports } from './reports.svelte';

describe('report', () => {
  afterEach(() => {
    for (const item of reports.list) reports.dismiss(item.id);
    vi.restoreAllMocks();
  });

  it('keeps what failed with the error kind Rust gave, and says it in the console', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failure = { kind: 'browserUnavailable', message: 'Greenroom could not open that.', detail: 'no opener' };
    const result = await Promise.reject(failure).catch(report('Opening Apify Console'));
    expect(result).toBeUndefined();
    expect(reports.list).toHaveLength(1);
    expect(reports.list[0]?.what).toBe('Opening Apify Console');
    expect(reports.list[0]?.error.kind).toBe('browserUnavailable');
    expect(logged).toHaveBeenCalledOnce();
  });

  it('shows only the newest few', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (let n = 1; n <= 5; n++) report(`Step ${n}`)(new Error('boom'));
    expect(reports.list.map((item) => item.what)).toEqual(['Step 3', 'Step 4', 'Step 5']);
    expect(reports.list.every((item) => item.error.kind === 'unexpected')).toBe(true);
  });
});
