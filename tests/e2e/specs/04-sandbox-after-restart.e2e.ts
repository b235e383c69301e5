import { $, expect } from '@wdio/globals';
import { FIXED_TOKENS, keychainTokens } from '../leaks.ts';
import { pageLeaks } from '../page-leaks.ts';

describe('the sandbox profile after a restart', () => {
  it('starts the bundled sandbox again and stays signed in to it', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-test"]').click();
    await expect($('[data-testid="profile-result"]')).toHaveText(expect.stringContaining('opens sandbox-user'));
  });

  it('keeps every token out of the page and its fields, the generated sandbox token included', async () => {
    const tokens = [...FIXED_TOKENS, ...keychainTokens()];
    expect(tokens.length).toBeGreaterThan(FIXED_TOKENS.length);
    expect(await pageLeaks(tokens)).toEqual([]);
  });
});
