// A benchmark, not a test: the memory of the app and WebKit's processes, idle after an hour-like
// workload on the release build. Run by scripts/bench-footprint.sh after specs 01–04 (which sign
// in to the bundled sandbox); not in CI. It opens a 1,000,000-item table and jumps about it, runs
// an Actor five times, exports twice, goes back to the Actors screen and waits 20 seconds idle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { saveTo } from '../export-jobs.ts';
import { generatedDataset } from '../in-app-sandbox.ts';
import { artifacts } from '../wdio.conf.ts';

const ITEMS = Number(process.env.GREENROOM_BENCH_ITEMS ?? 1_000_000);
const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-footprint-'));

/** The app's process and every process below it, with their names. */
function tree(pid: string): Array<{ pid: string; name: string }> {
  const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  let children: string[] = [];
  try {
    children = execFileSync('pgrep', ['-P', pid]).toString().trim().split('\n').filter(Boolean);
  } catch {
    children = [];
  }
  return [{ pid, name }, ...children.flatMap(tree)];
}

function rollupMb(pid: string, field: 'Pss' | 'Rss'): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN) / 1024;
}

function memory(): Record<string, number> {
  const application = process.env.GREENROOM_APP ?? 'target/debug/greenroom';
  const app = execFileSync('pgrep', ['-f', '-n', application]).toString().trim();
  const figures: Record<string, number> = {};
  let pss = 0;
  let rss = 0;
  for (const { pid, name } of tree(app)) {
    const own = rollupMb(pid, 'Pss');
    figures[`pss ${name} MB`] = Math.round(((figures[`pss ${name} MB`] ?? 0) + own) * 10) / 10;
    pss += own;
    rss += rollupMb(pid, 'Rss');
  }
  return { ...figures, 'pss all MB': Math.round(pss), 'rss all MB': Math.round(rss) };
}

describe('footprint: memory idle after an hour-like workload', function () {
  this.timeout(60 * 60_000);
  it('measures', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    const figures: Record<string, number | string> = { items: ITEMS };
    await browser.pause(20_000);
    for (const [key, value] of Object.entries(memory())) figures[`at start: ${key}`] = value;

    const dataset = await generatedDataset(ITEMS);
    await $('[data-testid="nav-datasets"]').click();
    await $('[data-testid="datasets-search"]').setValue(dataset);
    await $(`[data-testid="dataset-row"][data-id="${dataset}"] button`).click();
    await $('[data-testid="data-table"]').waitForDisplayed({ timeout: 60_000 });
    for (let jump = 0; jump < 20; jump++) {
      await $('[data-testid="dataset-go-to"]').setValue(String(Math.floor(((jump * 7919) % 97) / 97 * ITEMS) + 1));
      await $('[data-testid="dataset-go"]').click();
      await browser.pause(300);
    }
    for (const format of ['csv', 'json'] as const) {
      for (const button of await $$('[data-testid="dataset"] [data-testid="job-dismiss"]')) await button.click();
      await $('[data-testid="dataset-export"]').click();
      await $(`[data-testid="export-format-${format}"]`).click();
      await $('[data-testid="export-all-fields"]').click();
      await $('[data-testid="export-save"]').click();
      const ended = await saveTo(path.join(folder, `workload.${format}`), { timeout: 30 * 60_000 });
      expect(ended.state).toBe('succeeded');
    }

    await $('[data-testid="nav-actors"]').click();
    await $('[data-testid="catalog-myActors"]').click();
    await $('[data-testid="catalog-search"]').setValue('Sample');
    await $('[data-testid="catalog-row"][data-name="sandbox-user/generate-items"]').click();
    await $('#field-itemCount').setValue('100');
    for (let run = 0; run < 5; run++) {
      await $('[data-testid="run"]').click();
      await browser.pause(500);
      await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'SUCCEEDED', { wait: 60_000 });
    }

    await $('[data-testid="nav-actors"]').click();
    await browser.pause(20_000);
    for (const [key, value] of Object.entries(memory())) figures[`after the workload: ${key}`] = value;
    console.log(`footprint ${JSON.stringify(figures, null, 1)}`);
    writeFileSync(path.join(artifacts, 'benchmark-footprint.json'), JSON.stringify(figures, null, 2));
  });
});
