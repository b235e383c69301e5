import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

describe('first start', () => {
  it('opens the window on the first-run screen', async () => {
    await expect($('[data-testid="first-run"] h1')).toHaveText('Welcome to Greenroom');
    await expect(browser).toHaveTitle('Greenroom');
  });

  it('shows in the status bar, from the Rust backend, which server it talks to', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('Not signed in');
    await expect($('[data-testid="status-api"]')).toHaveText('API server: https://api.apify.com');
  });

  it('checks the real keychain when the user presses "Check keychain"', async () => {
    await $('[data-testid="keychain-check-button"]').click();

    const result = $('[data-testid="keychain-result"]');
    await expect(result).toHaveText(
      expect.stringContaining('Your keychain is ready: Secret Service (GNOME Keyring or KWallet)'),
    );
    // The check's probe entry went into the real Secret Service and out again.
    const leftovers = execFileSync('secret-tool', ['search', '--all', 'service', 'app.greenroom.desktop'], {
      encoding: 'utf8',
    });
    expect(leftovers).toBe('');
    screenshotWindow(path.join(artifacts, 'screenshots/first-run.png'));
  });

  it('leads from every empty section back to setting up the account', async () => {
    for (const section of ['actors', 'runs', 'datasets', 'kv']) {
      await $(`[data-testid="nav-${section}"]`).click();
      await expect($(`[data-testid="empty-${section}"]`)).toBeDisplayed();
    }
    await $('[data-testid="empty-kv"] button').click();
    await expect($('[data-testid="first-run"]')).toBeDisplayed();
    await $('[data-testid="nav-settings"]').click();
    await expect($$('[data-testid="profile-row"]')).toBeElementsArrayOfSize(0);
    await $('[data-testid="profile-add"]').click();
    await expect($('[data-testid="first-run"]')).toBeDisplayed();
  });
});
