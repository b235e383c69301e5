import path from 'node:path';
import { $, expect } from '@wdio/globals';
import { keychainListing } from '../keychain.ts';
import { FIXED_TOKENS } from '../leaks.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts, sandbox } from '../wdio.conf.ts';

async function useServer(server: string) {
  if (!(await $('[data-testid="api-server"]').isDisplayed())) {
    await $('[data-testid="token-wizard"] details summary').click();
  }
  await $('[data-testid="api-server"]').setValue(server);
}

async function checkToken(token: string, server: string) {
  await useServer(server);
  await $('[data-testid="token-input"]').setValue(token);
  await $('[data-testid="token-check"]').click();
}

describe('signing in with a token', () => {
  it('offers the APIFY_TOKEN found on the computer, read by Rust alone', async () => {
    await useServer(sandbox().baseUrl);
    await $('[data-testid="env-token-use"]').click();
    await expect($('[data-testid="token-account"]')).toHaveText(expect.stringContaining('sandbox-user'));
    await $('button=Use another token').click();
  });

  it('tells a wrong token apart, in plain words', async () => {
    await checkToken(`apify_api_${'W'.repeat(36)}`, sandbox().baseUrl);
    const error = $('[data-testid="token-error"]');
    await expect(error).toHaveAttribute('data-kind', 'invalidToken');
    await expect(error).toHaveText(expect.stringContaining('did not accept this token'));
  });

  it('accepts a scoped token too: it opens the same account', async () => {
    await checkToken(sandbox().scopedToken, sandbox().baseUrl);
    await expect($('[data-testid="token-account"]')).toHaveText(expect.stringContaining('sandbox-user'));
    await $('button=Use another token').click();
  });

  it('warns when the text does not look like a token', async () => {
    await $('[data-testid="token-input"]').setValue('hello');
    await expect($('[data-testid="token-warning"]')).toBeDisplayed();
  });

  it('never sends the token over plain http to a server the page names, and warns about custom servers', async () => {
    await useServer('http://127.0.0.1:9');
    await expect($('[data-testid="custom-server-warning"]')).toBeDisplayed();
    await $('[data-testid="token-input"]').setValue(sandbox().token);
    await $('[data-testid="token-check"]').click();
    const error = $('[data-testid="token-error"]');
    await expect(error).toHaveAttribute('data-kind', 'serverNotAllowed');
    await expect(error).toHaveText(expect.stringContaining('only secure https://'));
  });

  it('says so when the server cannot be reached', async () => {
    await useServer('https://127.0.0.1:9');
    await $('[data-testid="token-input"]').setValue(sandbox().token);
    await $('[data-testid="token-check"]').click();
    await expect($('[data-testid="token-error"]')).toHaveAttribute('data-kind', 'offline', { wait: 20_000 });
  });

  it('checks a valid token, shows whose account it opens, and saves it in the keychain', async () => {
    await useServer(sandbox().baseUrl);
    await $('[data-testid="token-input"]').setValue(sandbox().token);
    await $('[data-testid="token-check"]').click();
    await expect($('[data-testid="token-account"]')).toHaveText(expect.stringContaining('sandbox-user'));
    await $('[data-testid="profile-name"]').setValue('Work');
    await $('[data-testid="profile-save"]').click();

    // Signed in, the person lands on the start page, with their account's recent runs.
    await expect($('[data-testid="start-page"]')).toBeDisplayed();
    await expect($('[data-testid="start-sandbox"]')).not.toBeExisting();
    await $('[data-testid="nav-settings"]').click();
    await expect($('[data-testid="settings"]')).toBeDisplayed();
    await expect($('[data-testid="profile-name-label"]')).toHaveText('Work');
    await expect($('[data-testid="active-badge"]')).toBeDisplayed();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Work)');
    await expect($('[data-testid="status-api"]')).toHaveText(`API server: ${sandbox().baseUrl}`);
    expect(keychainListing()).toContain('profile:');
    screenshotWindow(path.join(artifacts, 'screenshots/settings.png'));
  });

  it('never puts a token in the page or a field', async () => {
    expect(await pageLeaks(FIXED_TOKENS)).toEqual([]);
  });
});
