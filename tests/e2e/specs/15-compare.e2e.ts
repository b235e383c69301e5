import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { inAppSandbox, sandboxPost } from '../in-app-sandbox.ts';
import { keychainTokens } from '../leaks.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

type Item = Record<string, unknown> & { id: number; checkedAt?: number };

/** A run of the generator in the bundled sandbox, waited for; its dataset's id. */
async function generated(input: Record<string, unknown>): Promise<string> {
  const run = (await sandboxPost('/v2/acts/~generate-items/runs?waitForFinish=60', input)) as { data: { status: string; defaultDatasetId: string } };
  expect(run.data.status).toBe('SUCCEEDED');
  return run.data.defaultDatasetId;
}

async function itemsOf(datasetId: string): Promise<Item[]> {
  const { baseUrl, token } = await inAppSandbox();
  const response = await fetch(`${baseUrl}/v2/datasets/${datasetId}/items?format=json`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as Item[];
}

/** The comparison written plainly: by id, the scrape time not a change. */
function plainly(older: Item[], newer: Item[]): Record<string, number> {
  const countIds = (items: Item[]) => items.reduce((m, i) => m.set(i.id, (m.get(i.id) ?? 0) + 1), new Map<number, number>());
  const [o, n] = [countIds(older), countIds(newer)];
  const twice = (id: number) => (o.get(id) ?? 0) > 1 || (n.get(id) ?? 0) > 1;
  const body = (item: Item) => JSON.stringify({ ...item, checkedAt: undefined });
  const before = new Map(older.map((i) => [i.id, i]));
  const answer = { new: 0, gone: 0, changed: 0, same: 0, duplicateKey: 0 };
  for (const item of newer) {
    const old = before.get(item.id);
    if (twice(item.id)) answer.duplicateKey += 1;
    else if (!old) answer.new += 1;
    else if (body(old) === body(item)) answer.same += 1;
    else answer.changed += 1;
  }
  for (const item of older) {
    if (twice(item.id)) answer.duplicateKey += 1;
    else if (!n.has(item.id)) answer.gone += 1;
  }
  return answer;
}

describe('compare two runs: what is new, gone and changed, on this computer', () => {
  let older = '';
  let newer = '';

  it('proposes the run before, a key and the scrape time as not a change', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    older = await generated({ itemCount: 2000, titlePrefix: 'Compared' });
    newer = await generated({
      itemCount: 2000,
      titlePrefix: 'Compared',
      variation: { seed: 11, goneRate: 0.05, changedRate: 0.05, duplicateRate: 0.01, newRate: 0.05 },
    });
    await $('[data-testid="nav-datasets"]').click();
    await $('[data-testid="datasets-search"]').setValue(newer);
    await $(`[data-testid="dataset-row"][data-id="${newer}"] button`).click();
    await $('[data-testid="dataset-compare"]').click();
    await expect($('[data-testid="compare-older"]')).toHaveValue(older);
    await expect($('[data-testid="compare-key-id"]')).toBeChecked();
    await expect($('[data-testid="compare-ignore-checkedAt"]')).toBeChecked();
    await expect($('[data-testid="compare-ignore-title"]')).not.toBeChecked();
  });

  it('shows the counts the two datasets give when compared plainly', async () => {
    const expected = plainly(await itemsOf(older), await itemsOf(newer));
    expect(expected.new).toBeGreaterThan(0);
    expect(expected.changed).toBeGreaterThan(0);
    await $('[data-testid="compare-start"]').click();
    await expect($('[data-testid="comparison"]')).toBeDisplayed({ wait: 60_000 });
    for (const part of ['new', 'gone', 'changed', 'same', 'duplicateKey'] as const) {
      await expect($(`[data-testid="comparison-count-${part}"]`)).toHaveText(expected[part]!.toLocaleString('en-US'));
    }
    await expect($('[data-testid="comparison-count-missingKey"]')).toHaveText('0');
    await expect($$('[data-testid="table-row"]')).toBeElementsArrayOfSize({ gte: 1 });
  });

  it('opens the changed rows, each changed field as old → new', async () => {
    await $('[data-testid="comparison-changed"]').click();
    // The page's own text: a cell scrolled out of sight sideways has no visible text.
    const text = async (column: string) =>
      String(await $(`[data-testid="table-row"][data-row="0"] [data-testid="table-cell"][data-column="${column}"]`).getProperty('textContent')).trim();
    await browser.waitUntil(async () => (await text('price.value')).includes(' → '), {
      timeout: 15_000,
      timeoutMsg: 'no old → new in the changed price',
    });
    const [before, after] = (await text('price.value')).split(' → ').map(Number);
    expect(after! - before!).toBeCloseTo(1, 5);
    expect(await text('change')).toBe('price.value');
    screenshotWindow(path.join(artifacts, 'screenshots/comparison.png'));
    expect(await pageLeaks(keychainTokens())).toEqual([]);
  });

  it('leads from the finished job in the jobs panel back to the result', async () => {
    await $('[data-testid="nav-runs"]').click();
    await $('[data-testid="jobs-toggle"]').click();
    const open = $('[data-testid="job"][data-kind="compare"] [data-testid="job-comparison-open"]');
    await open.click();
    await expect($('[data-testid="comparison"]')).toBeDisplayed();
    await $('[data-testid="jobs-toggle"]').click();
  });

  it('a second comparison of the same datasets needs no new copy, and a missing key is counted', async () => {
    await $('[data-testid="comparison"] nav button').click();
    await $('[data-testid="dataset-compare"]').click();
    await $('[data-testid="compare-key-id"]').click();
    await $('[data-testid="compare-key-kind"]').click();
    await expect($('[data-testid="compare-start"]')).toBeEnabled();
    await $('[data-testid="compare-start"]').click();
    await expect($('[data-testid="comparison"]')).toBeDisplayed({ wait: 30_000 });
    // Every item has the same kind: one key twice on each side, every item in "Key twice".
    await expect($('[data-testid="comparison-count-duplicateKey"]')).not.toHaveText('0');
    await expect($('[data-testid="comparison-count-new"]')).toHaveText('0');
    await browser.keys('Escape');
  });
});
