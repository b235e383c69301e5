import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { $, browser, expect } from '@wdio/globals';
import { artifacts, sandbox } from '../wdio.conf.ts';

describe('the sandbox profile after a restart', () => {
  it('starts the bundled sandbox again and stays signed in to it', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-test"]').click();
    await expect($('[data-testid="profile-result"]')).toHaveText(expect.stringContaining('opens sandbox-user'));
  });

  // Last in the run, so it reads every app log the run wrote (the app logs at trace level).
  it('kept the token out of the page and every log of the run', async () => {
    expect(await browser.getPageSource()).not.toContain(sandbox().token);
    const logs = readdirSync(artifacts).filter((name) => name.endsWith('.log'));
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) {
      const text = readFileSync(path.join(artifacts, log), 'utf8');
      for (const token of [sandbox().token, sandbox().otherToken, sandbox().scopedToken]) {
        expect(text).not.toContain(token);
      }
    }
  });
});
