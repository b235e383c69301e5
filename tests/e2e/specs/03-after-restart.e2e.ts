import { keychainListing } from '../keychain.ts';
import { $, expect } from '@wdio/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts, sandbox } from '../wdio.conf.ts';

describe('after a restart', () => {
  it('is still signed in', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Work)');
  });

  it('tests the saved connection from Settings, which says when its token was added and used', async () => {
    await $('[data-testid="nav-settings"]').click();
    await expect($('[data-testid="profile-token-dates"]')).toHaveText(expect.stringMatching(/^Token added .+ · last used .+/));
    // A fresh token: no advice to replace it.
    await expect($('[data-testid="profile-token-old"]')).not.toBeExisting();
    await $('[data-testid="profile-test"]').click();
    await expect($('[data-testid="profile-result"]')).toHaveText(expect.stringContaining('opens sandbox-user'));
  });

  it('renames the profile', async () => {
    await $('[data-testid="profile-rename"]').click();
    await $('[data-testid="rename-input"]').setValue('Office');
    await $('button=Save name').click();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Office)');
  });

  it('names a settings file it cannot read, overwrites nothing, and offers to show its folder', async () => {
    const data = process.env.XDG_DATA_HOME;
    if (!data) throw new Error('XDG_DATA_HOME is not set: run this inside scripts/with-keyring.sh');
    const file = path.join(data, 'app.greenroom.desktop', 'profiles.json');
    const kept = readFileSync(file);
    writeFileSync(file, '{ "profiles": [ broken');
    try {
      await $('[data-testid="profile-rename"]').click();
      await $('[data-testid="rename-input"]').setValue('Office');
      await $('button=Save name').click();
      const notice = $('[data-testid="profile-error"]');
      await expect(notice).toHaveAttribute('data-kind', 'storeUnreadable');
      await expect(notice).toHaveText(expect.stringContaining('The file is “profiles.json”, in Greenroom\'s settings folder.'));
      await expect(notice.$('[data-testid="show-settings-folder"]')).toBeDisplayed();
      screenshotWindow(path.join(artifacts, 'screenshots/error-with-action.png'));
      // Nothing was written over the file the person may still restore.
      expect(readFileSync(file, 'utf8')).toBe('{ "profiles": [ broken');
    } finally {
      writeFileSync(file, kept);
    }
    // With the file back, the same click goes through.
    await $('button=Save name').click();
    await expect($('[data-testid="profile-error"]')).not.toBeExisting();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Office)');
  });

  it('leads from a token Apify refuses (revoked, expired) straight to replacing it', async () => {
    const { baseUrl, controlToken } = sandbox();
    const faults = (config: unknown) =>
      fetch(`${baseUrl}/_sandbox/faults`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${controlToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(config),
      });
    expect((await faults({ tokensRevoked: true })).status).toBe(200);
    try {
      // The start page reads the newest runs each time it opens: Apify refuses them.
      await $('[data-testid="nav-welcome"]').click();
      await expect($('[data-kind="invalidToken"]')).toBeDisplayed({ wait: 20_000 });
      await $('[data-testid="replace-refused-token"]').click();
      await expect($('[data-testid="settings"]')).toBeDisplayed();
      await expect($('[data-testid="replace-token-input"]')).toBeDisplayed();
    } finally {
      await faults({});
    }
    await $('button=Cancel').click();
  });

  it("refuses to replace the token with another account's, and replaces it with a new one", async () => {
    await $('[data-testid="profile-replace"]').click();
    await $('[data-testid="replace-token-input"]').setValue(sandbox().otherToken);
    await $('[data-testid="replace-token-check"]').click();
    await $('[data-testid="replace-token-confirm"]').click();
    const refusal = $('[data-testid="replace-token-error"]');
    await expect(refusal).toHaveAttribute('data-kind', 'wrongAccount');
    await expect(refusal).toHaveText(expect.stringContaining('other-user, not sandbox-user'));
    await $('button=Cancel').click();

    await $('[data-testid="profile-replace"]').click();
    await $('[data-testid="replace-token-input"]').setValue(sandbox().token);
    await $('[data-testid="replace-token-check"]').click();
    await $('[data-testid="replace-token-confirm"]').click();
    await expect($('[data-testid="profile-result"]')).toHaveText('The token was replaced.');
  });

  it('signs out, and the keychain entry is gone', async () => {
    await $('[data-testid="profile-sign-out"]').click();
    await $('[data-testid="profile-sign-out-confirm"]').click();
    await expect($('[data-testid="first-run"]')).toBeDisplayed();
    await expect($('[data-testid="status-account"]')).toHaveText('Not signed in');
    const items = keychainListing();
    expect(items).toBe('');
  });

  it('tries the app without an account: the bundled sandbox and a profile of its own', async () => {
    await $('[data-testid="try-without-account"]').click();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await expect($('[data-testid="status-api"]')).toHaveText(expect.stringMatching(/^API server: http:\/\/127\.0\.0\.1:\d+$/));
    // It lands on a start page that says what the sandbox is and what to try first.
    await expect($('[data-testid="start-sandbox"]')).toHaveText(expect.stringContaining('You are in the sandbox'));
    await expect($('[data-testid="start-try-store"]')).toHaveText('Browse Apify Store');
    await expect($('[data-testid="start-try-datasets"]')).toBeDisplayed();
    await expect($('[data-testid="start-try-kv"]')).toBeDisplayed();
    screenshotWindow(path.join(artifacts, 'screenshots/start.png'));
    await $('[data-testid="start-try-store"]').click();
    await expect($('[data-testid="catalog-store"]')).toHaveAttribute('aria-selected', 'true');
    // "Get started" leads back to it.
    await $('[data-testid="nav-welcome"]').click();
    await expect($('[data-testid="start-page"]')).toBeDisplayed();
  });

});
