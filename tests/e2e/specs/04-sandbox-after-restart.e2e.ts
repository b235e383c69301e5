import { $, expect } from '@wdio/globals';

describe('the sandbox profile after a restart', () => {
  it('starts the bundled sandbox again and stays signed in to it', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-test"]').click();
    await expect($('[data-testid="profile-result"]')).toHaveText(expect.stringContaining('opens sandbox-user'));
  });
});
