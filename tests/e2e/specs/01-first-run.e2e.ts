import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { keychainListing } from '../keychain.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts, sandbox } from '../wdio.conf.ts';

describe('first start', () => {
  it('opens the window on the first-run screen', async () => {
    await expect($('[data-testid="first-run"] h1')).toHaveText('Welcome to Greenroom');
    await expect(browser).toHaveTitle('Greenroom');
  });

  it('shows in the status bar, from the Rust backend, which server it talks to', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('Not signed in');
    // The run's default server, set by GREENROOM_API_BASE_URL (wdio.conf.ts).
    await expect($('[data-testid="status-api"]')).toHaveText(`API server: ${sandbox().baseUrl}`);
  });

  it('checks the real keychain when the user presses "Check keychain"', async () => {
    await $('[data-testid="keychain-check-button"]').click();

    const result = $('[data-testid="keychain-result"]');
    await expect(result).toHaveText(
      expect.stringContaining('Your keychain is ready: Secret Service (GNOME Keyring or KWallet)'),
    );
    // The check's probe entry went into the real Secret Service and out again.
    const leftovers = keychainListing();
    expect(leftovers).toBe('');
    screenshotWindow(path.join(artifacts, 'screenshots/first-run.png'));
  });

  it('leads from every empty section back to setting up the account', async () => {
    for (const section of ['actors', 'runs', 'schedules', 'datasets', 'kv']) {
      await $(`[data-testid="nav-${section}"]`).click();
      await expect($(`[data-testid="empty-${section}"]`)).toBeDisplayed();
    }
    await $('[data-testid="empty-kv"] button').click();
    await expect($('[data-testid="first-run"]')).toBeDisplayed();
    // Back and forward, as in a browser: to Key-value stores and to the first-run screen again.
    await $('[data-testid="nav-back"]').click();
    await expect($('[data-testid="empty-kv"]')).toBeDisplayed();
    await browser.keys(['Alt', 'ArrowRight']);
    await expect($('[data-testid="first-run"]')).toBeDisplayed();
    await $('[data-testid="nav-settings"]').click();
    await expect($$('[data-testid="profile-row"]')).toBeElementsArrayOfSize(0);
    await $('[data-testid="profile-add"]').click();
    await expect($('[data-testid="first-run"]')).toBeDisplayed();
  });
});
