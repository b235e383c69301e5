import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { inAppSandbox, sandboxGet, sandboxPost } from '../in-app-sandbox.ts';
import { keychainTokens } from '../leaks.ts';
import { answerFolderDialog } from '../native-dialog.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-auto-export-'));
/** The generator's last finished run before the rule, saved by "Also save the last finished run". */
let lastBefore = '';

/** A run started by the test's own client, as a schedule or Apify Console would, waited for. */
async function runElsewhere(itemCount: number): Promise<{ id: string; defaultDatasetId: string }> {
  const started = (await sandboxPost('/v2/acts/~generate-items/runs', { itemCount })) as { data: { id: string; defaultDatasetId: string } };
  await sandboxGet(`/v2/actor-runs/${started.data.id}?waitForFinish=60`);
  return started.data;
}

/** What one download of the dataset as CSV gives, by the test's own client. */
async function csvOf(datasetId: string): Promise<Buffer> {
  const { baseUrl, token } = await inAppSandbox();
  const response = await fetch(`${baseUrl}/v2/datasets/${datasetId}/items?format=csv`, { headers: { authorization: `Bearer ${token}` } });
  return Buffer.from(await response.arrayBuffer());
}

async function fileFor(runId: string): Promise<string> {
  const file = path.join(folder, `generate-items ${runId}.csv`);
  await browser.waitUntil(() => Promise.resolve(existsSync(file)), { timeout: 30_000, interval: 250, timeoutMsg: `no file for run ${runId}` });
  return file;
}

describe('auto-export and usage: results land in a folder by themselves; the account at a glance', () => {
  it('shows this month\'s usage in the status bar and its breakdown on the Usage page', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await runElsewhere(5);
    const gauge = $('[data-testid="usage-gauge"]');
    await expect(gauge).toHaveText(expect.stringContaining('of $5.00'), { wait: 15_000 });
    await gauge.click();
    await expect($('[data-testid="usage-used"]')).toHaveText(expect.stringContaining('of $5.00'));
    // Earlier specs ran Actors this month, so compute units show in the breakdown and by day.
    await expect($('[data-testid="usage-services"]')).toHaveText(expect.stringContaining('Actor compute units'));
    await expect($$('[data-testid="usage-days"] li')).toBeElementsArrayOfSize({ gte: 1 });
    // The cycle by its days and when it resets, with units on every figure.
    await expect($('[data-testid="usage-cycle"]')).toHaveText(expect.stringMatching(/ – .* · resets in \d+ days?$/));
    await expect($('[data-testid="usage-compute-units"]')).toHaveText(expect.stringMatching(/ CU of [\d,.]+ CU$/));
    await expect($('[data-testid="usage-at-limit"]')).toHaveText(expect.stringContaining('At $5.00 Apify starts no more runs'));
    const thisCycle = await $('[data-testid="usage-used"]').getText();
    expect(thisCycle).not.toMatch(/^\$0\.00 /);
    // The list holds cycles, not months; choosing an earlier one changes the totals too.
    const choices = await $$('[data-testid="usage-cycle-choice"] option').getElements();
    expect(choices.length).toBe(12);
    expect(await choices[0]?.getText()).toMatch(/^This cycle: /);
    await $('[data-testid="usage-cycle-choice"]').selectByIndex(1);
    await expect($('[data-testid="usage-no-days"]')).toBeDisplayed();
    await expect($('[data-testid="usage-used"]')).toHaveText('$0.00 of $5.00 (US dollars)');
    await expect($('[data-testid="usage-cycle"]')).not.toHaveText(expect.stringContaining('resets'));
    await expect($('[data-testid="usage-compute-units"]')).toHaveText(expect.stringMatching(/^0 CU of /));
    await $('[data-testid="usage-cycle-choice"]').selectByIndex(0);
    await expect($('[data-testid="usage-used"]')).toHaveText(thisCycle);
    screenshotWindow(path.join(artifacts, 'screenshots/usage.png'));
  });

  it('turns auto-export on for an Actor with the real folder dialog', async () => {
    await $('[data-testid="nav-actors"]').click();
    await $('[data-testid="catalog-myActors"]').click();
    await $('[data-testid="catalog-search"]').setValue('Sample');
    await $('[data-testid="catalog-row"][data-name="sandbox-user/generate-items"]').click();
    await $('[data-testid="auto-export-on"]').click();
    await $('[data-testid="auto-export-format-csv"]').click();
    // The columns are picked from the fields of the Actor's last run, as in the export dialog.
    await $('[data-testid="auto-export-choose-columns"]').click();
    await expect($('[data-testid="auto-export-column-list"]')).toHaveText(expect.stringContaining('title'));
    await $('[data-testid="auto-export-all-fields"]').click();
    await $('[data-testid="auto-export-pattern"]').setValue('{actor} {run}');
    await $('[data-testid="auto-export-choose-folder"]').click();
    await answerFolderDialog(folder, path.join(artifacts, 'folder-dialog.png'));
    await expect($('[data-testid="auto-export-folder"]')).toHaveText(folder);
    // The dialog says a rule starts from now, and offers the run that just ended.
    await expect($('[data-testid="auto-export-from-now-on"]')).toHaveText(expect.stringContaining('From now on'));
    const before = (await sandboxGet('/v2/acts/~generate-items/runs?desc=1&limit=1')) as { data: { items: Array<{ id: string; status: string }> } };
    const last = before.data.items[0];
    if (last?.status !== 'SUCCEEDED') throw new Error('the usage test left no finished run of the generator');
    lastBefore = last.id;
    await $('[data-testid="auto-export-also-last"]').click();
    screenshotWindow(path.join(artifacts, 'screenshots/auto-export.png'));
    await $('[data-testid="auto-export-save"]').click();
    await expect($('[data-testid="auto-export-summary"]')).toHaveText(expect.stringContaining(folder));
    // The last run that ended before the rule is saved too, as asked.
    await fileFor(lastBefore);
  });

  it('saves a run started elsewhere, byte for byte, once, with a job to show it', async () => {
    const run = await runElsewhere(250);
    const file = await fileFor(run.id);
    expect(readFileSync(file).equals(await csvOf(run.defaultDatasetId))).toBe(true);
    await $('[data-testid="jobs-toggle"]').click();
    await browser.waitUntil(
      async () => (await $$('[data-testid="job"]').map((job) => job.getText())).some((text) => text.includes(`generate-items ${run.id}.csv`)),
      { timeout: 10_000, timeoutMsg: 'no job for the saved file' },
    );
    await $('[data-testid="jobs-toggle"]').click();
    // Several more sweeps pass: still one file for the run, and no partial files.
    await browser.pause(5_000);
    expect(readdirSync(folder).sort()).toEqual([`generate-items ${lastBefore}.csv`, `generate-items ${run.id}.csv`].sort());
  });

  it('saves a run started from the app as soon as it ends', async () => {
    await $('#field-itemCount').setValue('40');
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'SUCCEEDED', { wait: 30_000 });
    const runs = (await sandboxGet('/v2/acts/~generate-items/runs?desc=1&limit=1')) as { data: { items: Array<{ id: string; defaultDatasetId: string }> } };
    const newest = runs.data.items[0];
    if (!newest) throw new Error('no run of the generator');
    const file = await fileFor(newest.id);
    expect(readFileSync(file).equals(await csvOf(newest.defaultDatasetId))).toBe(true);
    await $('[data-testid="auto-export-status"]').$('button=Refresh').click();
    await expect($('[data-testid="auto-export-summary"]')).toHaveText(expect.stringContaining('3 saved so far'));
  });

  it('lists the rule in Settings and turns it off there, with no token in the page', async () => {
    await $('[data-testid="nav-settings"]').click();
    await expect($('[data-testid="auto-export-rules"]')).toHaveText(expect.stringContaining('sandbox-user/generate-items'));
    await $('[data-testid="auto-export-rules"]').$('button=Turn off').click();
    await expect($('[data-testid="auto-export-rules"]')).not.toBeExisting();
    const before = readdirSync(folder).length;
    await runElsewhere(5);
    await browser.pause(5_000);
    expect(readdirSync(folder).length).toBe(before);
    await $('[data-testid="copy-diagnostics"]').click();
    await expect($('[data-testid="diagnostics-text"]')).toHaveText(expect.stringContaining('Keychain: '));
    expect(await pageLeaks(keychainTokens())).toEqual([]);
  });

  it('ends a second launch, which raises the first window instead', async () => {
    const app = process.env.GREENROOM_APP ?? path.resolve('target/debug/greenroom');
    // A second app that did not end by itself is stopped after 20 s, and the test fails.
    const second = spawnSync(app, [], { env: process.env, timeout: 20_000, stdio: 'ignore' });
    expect({ status: second.status, signal: second.signal }).toEqual({ status: 0, signal: null });
    await $('[data-testid="nav-usage"]').click();
    await expect($('[data-testid="usage"]')).toBeDisplayed();
  });
});
