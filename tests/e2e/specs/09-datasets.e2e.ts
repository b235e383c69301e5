import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { invoke } from '../page-ipc.ts';
import { generatedDataset, inAppSandbox, sandboxGet, sandboxPost } from '../in-app-sandbox.ts';
import { keychainTokens } from '../leaks.ts';
import { saveTo } from '../export-jobs.ts';
import { clipboardText } from '../native-dialog.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts, sandbox } from '../wdio.conf.ts';

const ITEMS = 100_000;
const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-exports-'));
let big = '';

/** The bytes of an items download, fetched by the test itself from the same sandbox. */
async function download(datasetId: string, query: string): Promise<Buffer> {
  const { baseUrl, token } = await inAppSandbox();
  const response = await fetch(`${baseUrl}/v2/datasets/${datasetId}/items?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return Buffer.from(await response.arrayBuffer());
}

async function openDataset(id: string): Promise<void> {
  await $('[data-testid="nav-datasets"]').click();
  await $('[data-testid="datasets-search"]').setValue(id);
  await $(`[data-testid="dataset-row"][data-id="${id}"] button`).click();
  await expect($('[data-testid="dataset"]')).toHaveAttribute('data-dataset-id', id);
}

/** A cell's text as the page holds it: visible text would be cut where the table scrolls, and
 * put in display order for right-to-left scripts. */
async function rowText(index: number, column: string): Promise<string> {
  const cell = $(`[data-testid="table-row"][data-row="${index}"] [data-testid="table-cell"][data-column="${column}"]`);
  if (!(await cell.isExisting())) return '';
  return String(await cell.getProperty('textContent')).trim();
}


/** Every part of a workbook (a ZIP archive), with the moment it was made taken out. */
function workbookParts(bytes: Buffer): Record<string, string> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'greenroom-xlsx-'));
  try {
    const file = path.join(scratch, 'book.xlsx');
    writeFileSync(file, bytes);
    const names = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
    expect(names).toContain('xl/worksheets/sheet1.xml');
    return Object.fromEntries(
      names.map((name) => {
        // latin1 keeps every byte as one character.
        // unzip reads a name as a pattern: `[Content_Types].xml` needs its brackets escaped.
        const pattern = name.replace(/[[\]*?\\]/g, (c) => `\\${c}`);
        const part = execFileSync('unzip', ['-p', file, pattern], { maxBuffer: 1 << 28 }).toString('latin1');
        return [name, name === 'docProps/core.xml' ? part.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME') : part];
      }),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function dismissExportJobs(): Promise<void> {
  for (const button of await $$('[data-testid="dataset"] [data-testid="job-dismiss"]')) await button.click();
}

describe('datasets: a 100,000-item table, its views and columns, and exports a person can trust', () => {
  it('lists datasets with their size and opens one as a table with statistics', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    big = await generatedDataset(ITEMS);
    await openDataset(big);
    await expect($('[data-testid="dataset-count"]')).toHaveText('100,000 items');
    // An unnamed dataset is called after what made it, not "Unnamed dataset".
    await expect($('[data-testid="dataset-title"]')).toHaveText(expect.stringMatching(/^Dataset of Generate sample items, /));
    const table = $('[data-testid="data-table"]');
    await browser.waitUntil(async () => (await table.getAttribute('data-open-ms')) !== null, { timeout: 20_000 });
    await browser.waitUntil(async () => (await rowText(0, 'id')) === '1');
    expect(await rowText(0, 'title')).toContain('Sample Lámpara de escritorio #1');
    // Every fifth item has no rating: the API's field statistics say so in the header.
    await expect($('[data-testid="column-header"][data-column="rating"] [data-testid="column-filled"]')).toHaveText('80,000 with a value');
  });

  it('scrolls by keys and by the scrollbar, and jumps to a row', async () => {
    await $(`[data-testid="table-row"][data-row="0"] [data-testid="table-cell"][data-column="title"]`).click();
    // One key a call: WebDriver presses a key that is already down only once.
    for (const key of ['PageDown', 'PageDown', 'ArrowDown']) await browser.keys([key]);
    const table = $('[data-testid="data-table"]');
    expect(Number(await table.getAttribute('data-first-row'))).toBeGreaterThan(10);
    // Half way down the scaled scrollbar is half way through the items.
    await browser.execute(() => {
      const bar = document.querySelector<HTMLElement>('[data-testid="table-scrollbar"]');
      if (bar) bar.scrollTop = (bar.scrollHeight - bar.clientHeight) / 2;
    });
    await browser.waitUntil(async () => Math.abs(Number(await table.getAttribute('data-first-row')) - ITEMS / 2) < 100);
    await $('[data-testid="dataset-go-to"]').setValue('90000');
    await $('[data-testid="dataset-go"]').click();
    await expect(table).toHaveAttribute('data-first-row', '89999');
    await browser.waitUntil(async () => (await rowText(89_999, 'id')) === '90000', { timeout: 10_000 });
    await $(`[data-testid="table-row"][data-row="89999"] [data-testid="table-cell"][data-column="id"]`).click();
    await browser.keys(['End']);
    await browser.waitUntil(async () => (await rowText(ITEMS - 1, 'id')) === String(ITEMS), { timeout: 10_000 });
  });

  it('chooses and orders columns, remembered when the dataset opens again', async () => {
    await $('[data-testid="dataset-columns"]').click();
    await $('[data-testid="chooser-column"][data-column="url"] input').click();
    await $('[data-testid="chooser-column"][data-column="price"] [data-testid="chooser-up"]').click();
    await $('[data-testid="column-chooser"] [data-testid="modal-close"]').click();
    const headers = async () => $$('[data-testid="column-header"]').map((h) => h.getAttribute('data-column'));
    expect((await headers()).slice(0, 4)).toEqual(['id', 'title', 'price', 'kind']);
    await $('[data-testid="nav-runs"]').click();
    await openDataset(big);
    await browser.waitUntil(async () => (await $$('[data-testid="column-header"]').length) > 3);
    expect((await headers()).slice(0, 4)).toEqual(['id', 'title', 'price', 'kind']);
    expect(await headers()).not.toContain('url');
  });

  it('opens a cell, copies it, shows the whole row, and copies rows for a spreadsheet', async () => {
    const title = $(`[data-testid="table-row"][data-row="2"] [data-testid="table-cell"][data-column="title"]`);
    await title.doubleClick();
    await expect($('[data-testid="cell-value"]')).toHaveText('Sample Настольная лампа #3');
    await $('[data-testid="cell-copy"]').click();
    await expect($('[data-testid="cell-copied"]')).toBeDisplayed();
    expect(clipboardText()).toBe('Sample Настольная лампа #3');
    await browser.keys(['Escape']);
    await expect($('[data-testid="cell-viewer"]')).not.toBeDisplayed();

    await $(`[data-testid="table-row"][data-row="2"] [data-testid="row-open"]`).click();
    await expect($('[data-testid="row-json"]')).toHaveText(expect.stringContaining('"seller"'));
    await $('[data-testid="row-panel-close"]').click();

    await $(`[data-testid="table-row"][data-row="0"] [data-testid="table-cell"][data-column="id"]`).click();
    await browser.keys(['Shift', 'ArrowDown']);
    await browser.keys(['Shift', 'ArrowDown']);
    await browser.keys(['Control', 'c']);
    await browser.keys(['Control']);
    await expect($('[data-testid="dataset-copied"]')).toHaveText(expect.stringContaining('Copied 3 rows'));
    const lines = clipboardText().split('\r\n');
    expect(lines[0]?.split('\t').slice(0, 3)).toEqual(['id', 'title', 'price']);
    expect(lines.slice(1, 4).map((line) => line.split('\t')[0])).toEqual(['1', '2', '3']);
  });

  it('offers the views the Actor declares, with their labels', async () => {
    await $('[data-testid="dataset-view"]').selectByVisibleText('Overview');
    const overview = ['title', 'url', 'price.value', 'price.currency', 'rating', 'available'];
    const headers = async () => $$('[data-testid="column-header"]').map((h) => h.getAttribute('data-column'));
    await browser.waitUntil(async () => (await headers()).includes('price.value'));
    expect(await headers()).toEqual(overview);
    // Headers scrolled out of sight have no visible text: their content is read instead.
    const header = async (column: string) => $(`[data-testid="column-header"][data-column="${column}"]`).getProperty('textContent');
    expect(await header('price.value')).toContain('Price');
    await browser.waitUntil(async () => (await rowText(0, 'price.value')) !== '');
    expect(await header('title')).toContain('Product');
    screenshotWindow(path.join(artifacts, 'screenshots/dataset.png'));
    await $('[data-testid="dataset-view"]').selectByVisibleText('All fields');
    await browser.waitUntil(async () => (await headers()).includes('seller'));
  });

  it('exports CSV through the real save dialog, byte for byte what the API gives', async () => {
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-csv"]').click();
    await $('[data-testid="export-all-fields"]').click();
    // The dialog is drawn on the next frames; the screenshot is of the X window, not the page.
    await browser.pause(500);
    screenshotWindow(path.join(artifacts, 'screenshots/export.png'));
    await $('[data-testid="export-save"]').click();
    const target = path.join(folder, 'products.csv');
    const ended = await saveTo(target);
    // Named after the Actor that made it and when, never after its id.
    expect(ended.suggested).toMatch(/^generate-sample-items-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(ended.state).toBe('succeeded');
    expect(ended.text).toContain('100,000 items');
    const expected = await download(big, 'format=csv&bom=1&delimiter=%2C');
    expect(readFileSync(target).equals(expected)).toBe(true);
    await expect($('[data-testid="dataset"] [data-testid="job-file-reveal"]')).toBeDisplayed();
  });

  it('says so when "Show in folder" cannot find the file any more, not that a browser failed', async () => {
    const target = path.join(folder, 'products.csv');
    const kept = readFileSync(target);
    rmSync(target);
    try {
      const jobs = await $$('[data-testid="dataset"] [data-testid="job"][data-state="succeeded"]').getElements();
      let job: (typeof jobs)[number] | undefined;
      for (const each of jobs) if (String(await each.getProperty('textContent')).includes('products.csv')) job = each;
      if (!job) throw new Error('no finished export of products.csv');
      await job.$('[data-testid="job-file-reveal"]').click();
      const notice = job.$('.error-notice');
      await expect(notice).toHaveAttribute('data-kind', 'openFailed');
      await expect(notice).toHaveText(expect.stringContaining('Your computer could not open this. The file is no longer at'));
      expect(await notice.getText()).not.toContain('browser');
    } finally {
      writeFileSync(target, kept);
    }
  });

  it('lets the page name no file: no dialog of its own, and no export to a file the user did not choose', async () => {
    const dialog = await invoke<{ failed?: unknown }>('plugin:dialog|save', { options: { defaultPath: '/tmp/x.csv' } });
    expect(String(dialog.failed)).toContain('not allowed');
    const options = { fields: [], omit: [], clean: false, unwind: [], flatten: [], bom: null, delimiter: null, offset: 0, limit: null, desc: false };
    const unchosen = await invoke<{ failed?: { kind: string } }>('export_start', { datasetId: big, format: 'csv', options, file: 424_242 });
    expect(unchosen.failed?.kind).toBe('validation');
    const byPath = await invoke<{ failed?: unknown }>('export_start', { datasetId: big, format: 'csv', options, path: path.join(folder, 'named.csv') });
    expect(byPath.failed).toBeDefined();
    expect(existsSync(path.join(folder, 'named.csv'))).toBe(false);
  });

  it('replaces an existing file only when the new one is complete', async () => {
    const target = path.join(folder, 'products.csv');
    await dismissExportJobs();
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-csv"]').click();
    await $('[data-testid="export-all-fields"]').click();
    await $('[data-testid="export-more"] summary').click();
    await $('[data-testid="export-from"]').setValue('11');
    await $('[data-testid="export-count"]').setValue('20');
    await $('[data-testid="export-save"]').click();
    expect((await saveTo(target, { replace: true })).state).toBe('succeeded');
    const expected = await download(big, 'format=csv&bom=1&delimiter=%2C&offset=10&limit=20');
    expect(readFileSync(target).equals(expected)).toBe(true);
    // Only the finished file is in the folder: no temporary file stays beside it.
    expect(readdirSync(folder)).toEqual(['products.csv']);
  });

  it('exports Excel through the save dialog: the same workbook the API gives', async () => {
    await dismissExportJobs();
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-xlsx"]').click();
    await $('[data-testid="export-all-fields"]').click();
    await $('[data-testid="export-more"] summary').click();
    await $('[data-testid="export-count"]').setValue('2000');
    await $('[data-testid="export-save"]').click();
    const target = path.join(folder, 'products.xlsx');
    expect((await saveTo(target)).state).toBe('succeeded');
    const expected = await download(big, 'format=xlsx&limit=2000');
    // A workbook names the second it was made in docProps/core.xml; every other byte of every
    // part must be the API's.
    expect(workbookParts(readFileSync(target))).toEqual(workbookParts(expected));
  });

  it('cancels an export from its job, and leaves no file', async () => {
    await dismissExportJobs();
    const files = readdirSync(folder).sort();
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-xlsx"]').click();
    await $('[data-testid="export-all-fields"]').click();
    const tableBox = () => browser.execute(() => JSON.stringify(document.querySelector('[data-testid="data-table"]')?.getBoundingClientRect()));
    const before = await tableBox();
    await $('[data-testid="export-save"]').click();
    const ended = await saveTo(path.join(folder, 'cancelled.xlsx'), {
      whileRunning: async (job) => {
        // While Apify prepares the file, the job says so, with the time so far, not a bare bar.
        await expect(job.$('[data-testid="job-doing"]')).toHaveText(/^Apify is preparing the Excel file… \d/);
        // The job floats over the screen: the table did not move or shrink when it came.
        expect(await tableBox()).toBe(before);
        await job.$('[data-testid="job-cancel"]').click();
      },
    });
    expect(ended.state).toBe('cancelled');
    expect(readdirSync(folder).sort()).toEqual(files);
  });

  it('finishes an export byte for byte while the server drops every answer and refuses some', async () => {
    const { baseUrl, token, controlToken } = sandbox();
    const api = async (method: string, route: string, body?: unknown, bearer = token) => {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response;
    };
    const run = (await (await api('POST', '/v2/acts/~generate-items/runs?waitForFinish=60', { itemCount: 20_000 })).json()) as {
      data: { status: string; defaultDatasetId: string };
    };
    expect(run.data.status).toBe('SUCCEEDED');
    const id = run.data.defaultDatasetId;
    const expected = Buffer.from(await (await api('GET', `/v2/datasets/${id}/items?format=json`)).arrayBuffer());
    // The run's test sandbox, as a second profile: the token the environment offers.
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-add"]').click();
    await $('[data-testid="env-token-use"]').click();
    await expect($('[data-testid="token-account"]')).toHaveText(expect.stringContaining('sandbox-user'));
    await $('[data-testid="profile-name"]').setValue('Faults');
    await $('[data-testid="profile-save"]').click();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Faults)');
    const faults = { rateLimit: 0.2, serverError: 0.1, dropRate: 1, dropAfterBytes: 300_000, seed: 5 };
    expect((await api('PUT', '/_sandbox/faults', faults, controlToken)).status).toBe(200);
    try {
      await openDataset(id);
      await $('[data-testid="dataset-export"]').click();
      await $('[data-testid="export-format-json"]').click();
      await $('[data-testid="export-all-fields"]').click();
      await $('[data-testid="export-save"]').click();
      const target = path.join(folder, 'with-faults.json');
      const ended = await saveTo(target);
      expect(ended.state).toBe('succeeded');
      expect(ended.text).toMatch(/resumed|Saved/);
      expect(readFileSync(target).equals(expected)).toBe(true);
    } finally {
      await api('PUT', '/_sandbox/faults', { rateLimit: 0, serverError: 0, dropRate: 0, seed: 5 }, controlToken);
    }
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-row"][data-name="Sandbox"] [data-testid="profile-switch"]').click();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)');
    await $('[data-testid="profile-row"][data-name="Faults"] [data-testid="profile-sign-out"]').click();
    // Each profile row has its own confirmation: the open one is the one to answer.
    for (const confirm of await $$('[data-testid="profile-sign-out-confirm"]')) {
      if (await confirm.isDisplayed()) await confirm.click();
    }
    await expect($('[data-testid="profile-row"][data-name="Faults"]')).not.toBeExisting();
    await openDataset(big);
  });

  it('says where a file cannot be written, and leaves nothing there', async () => {
    await dismissExportJobs();
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-json"]').click();
    await $('[data-testid="export-more"] summary').click();
    await $('[data-testid="export-count"]').setValue('5');
    await $('[data-testid="export-save"]').click();
    const ended = await saveTo('/proc/greenroom-export.json');
    expect(ended.state).toBe('failed');
    await expect($('[data-testid="dataset"] [data-testid="job"] [role="alert"]')).toHaveAttribute('data-kind', expect.stringMatching(/^disk/));
    expect(existsSync('/proc/greenroom-export.json')).toBe(false);
  });

  it('refuses a table format for 2,000+ columns before saving, and offers JSON instead', async () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 2_050; i++) wide[`column${i}`] = i;
    const created = (await sandboxPost('/v2/datasets?name=too-wide', {})) as { data: { id: string } };
    await sandboxPost(`/v2/datasets/${created.data.id}/items`, [wide, { ['long name '.repeat(30)]: 1 }]);
    await openDataset(created.data.id);
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-xlsx"]').click();
    await $('[data-testid="export-all-fields"]').click();
    await $('[data-testid="export-save"]').click();
    await expect($('[data-testid="export-too-wide"] [role="alert"]')).toHaveText(expect.stringContaining('2051 columns'));
    await $('[data-testid="export-way-json"]').click();
    await $('[data-testid="export-save"]').click();
    const target = path.join(folder, 'wide.json');
    expect((await saveTo(target)).state).toBe('succeeded');
    expect(readFileSync(target).equals(await download(created.data.id, 'format=json'))).toBe(true);
  });

  it('keeps odd values whole: deep nesting, 100 KB text, right-to-left and other scripts', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { level: deep };
    const created = (await sandboxPost('/v2/datasets?name=odd-values', {})) as { data: { id: string } };
    await sandboxPost(`/v2/datasets/${created.data.id}/items`, [
      { text: 'x'.repeat(100_000), deep },
      { text: 'مرحبا بالعالم — שלום עולם', deep: null },
    ]);
    await openDataset(created.data.id);
    await browser.waitUntil(async () => (await rowText(1, 'text')) === 'مرحبا بالعالم — שלום עולם');
    expect((await rowText(0, 'text')).length).toBeLessThan(300);
    await $(`[data-testid="table-row"][data-row="0"] [data-testid="table-cell"][data-column="text"]`).doubleClick();
    expect(String(await $('[data-testid="cell-value"]').getProperty('textContent')).length).toBe(100_000);
    await browser.keys(['Escape']);
    await $('[data-testid="dataset-export"]').click();
    await $('[data-testid="export-format-jsonl"]').click();
    await $('[data-testid="export-all-fields"]').click();
    await $('[data-testid="export-save"]').click();
    const target = path.join(folder, 'odd.jsonl');
    expect((await saveTo(target)).state).toBe('succeeded');
    expect(readFileSync(target).equals(await download(created.data.id, 'format=jsonl'))).toBe(true);
  });

  it('shows an empty dataset and a deleted one plainly', async () => {
    const empty = (await sandboxPost('/v2/datasets?name=empty-one', {})) as { data: { id: string } };
    await openDataset(empty.data.id);
    await expect($('[data-testid="dataset-empty"]')).toBeDisplayed();
    const doomed = (await sandboxPost('/v2/datasets?name=doomed', {})) as { data: { id: string } };
    await $('[data-testid="nav-datasets"]').click();
    await $('[data-testid="datasets-search"]').setValue('doomed');
    const row = $(`[data-testid="dataset-row"][data-id="${doomed.data.id}"] button`);
    await row.waitForDisplayed();
    const { baseUrl, token } = await inAppSandbox();
    await fetch(`${baseUrl}/v2/datasets/${doomed.data.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    await row.click();
    await expect($('[data-testid="dataset-error"]')).toHaveAttribute('data-kind', 'notFound');
    // What is gone is named, with the reason a run's results may have gone by themselves.
    await expect($('[data-testid="dataset-error"]')).toHaveText(expect.stringContaining('Apify could not find this dataset.'));
    await expect($('[data-testid="dataset-error"]')).toHaveText(expect.stringContaining('data retention period'));
  });

  it('says how long an unnamed dataset is kept, and a name keeps it', async () => {
    const unnamed = await generatedDataset(5);
    await openDataset(unnamed);
    const notice = $('[data-testid="storage-retention"]');
    // The account's limits say 7 days (the sandbox's free plan).
    await expect(notice).toHaveText(expect.stringContaining('Apify deletes unnamed datasets after 7 days'));
    await $('[data-testid="storage-keep"]').click();
    await $('[data-testid="storage-keep-name"]').setValue('not a name!');
    await $('[data-testid="storage-keep-save"]').click();
    await expect(notice.$('[role="alert"]')).toHaveAttribute('data-kind', 'validation');
    await $('[data-testid="storage-keep-name"]').setValue('kept-results');
    await $('[data-testid="storage-keep-save"]').click();
    await expect($('[data-testid="dataset-title"]')).toHaveText('kept-results');
    await expect($('[data-testid="storage-retention"]')).not.toBeExisting();
    const stored = (await sandboxGet(`/v2/datasets/${unnamed}`)) as { data: { name: string | null } };
    expect(stored.data.name).toBe('kept-results');
  });

  it('opens a run\'s results from the run, and shows the token nowhere', async () => {
    await openDataset(big);
    // The earlier exports of these results would follow to the run's page, over its corner.
    await dismissExportJobs();
    await $('[data-testid="dataset-run"]').click();
    await expect($('[data-testid="run-page-status"]')).toHaveText('Succeeded');
    // The page leads with what the run made: a few rows, the count, the whole table one click away.
    await expect($('[data-testid="run-results-count"]')).toHaveText('100,000 items');
    await expect($$('[data-testid="run-results-row"]')).toBeElementsArrayOfSize(5);
    await expect($('[data-testid="run-results"]')).toHaveText('See all 100,000 results');
    const resultsBeforeLog = await browser.execute(() => {
      const results = document.querySelector('[data-testid="run-results-preview"]');
      const log = document.querySelector('[data-testid="run-log-section"]');
      return Boolean(results && log && results.compareDocumentPosition(log) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(resultsBeforeLog).toBe(true);
    screenshotWindow(path.join(artifacts, 'screenshots/run-results-first.png'));
    // The log folds away and back.
    await $('[data-testid="run-log-section"] summary').scrollIntoView({ block: 'center' });
    await $('[data-testid="run-log-section"] summary').click();
    await expect($('[data-testid="log"]')).not.toBeDisplayed();
    await $('[data-testid="run-log-section"] summary').click();
    await expect($('[data-testid="log"]')).toBeDisplayed();
    await $('[data-testid="run-results"]').click();
    await expect($('[data-testid="dataset"]')).toHaveAttribute('data-dataset-id', big);
    await expect($('[data-testid="dataset-count"]')).toHaveText('100,000 items');
    const leaks = await pageLeaks(keychainTokens());
    expect(leaks).toEqual([]);
  });
});
