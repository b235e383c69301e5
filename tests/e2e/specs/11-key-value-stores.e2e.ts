import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { codeText, typeCode } from '../code-editor.ts';
import { inAppSandbox, sandboxGet } from '../in-app-sandbox.ts';
import { keychainTokens } from '../leaks.ts';
import { answerOpenDialog, answerSaveDialog } from '../native-dialog.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-records-'));
let storeId = '';

/** A record's bytes and content type as the test's own client reads them from the sandbox. */
async function record(key: string): Promise<{ status: number; type: string; bytes: Buffer }> {
  const { baseUrl, token } = await inAppSandbox();
  const response = await fetch(`${baseUrl}/v2/key-value-stores/${storeId}/records/${encodeURIComponent(key)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Writes a record behind the app's back. */
async function writeRecord(key: string, body: string, type: string): Promise<void> {
  const { baseUrl, token } = await inAppSandbox();
  const response = await fetch(`${baseUrl}/v2/key-value-stores/${storeId}/records/${key}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  expect(response.status).toBe(201);
}

async function openKey(key: string): Promise<void> {
  await $('[data-testid="kv-prefix"]').setValue(key);
  const row = $(`[data-testid="kv-key"][data-key="${key}"]`);
  await row.waitForDisplayed({ timeout: 10_000 });
  await row.click();
  await expect($('[data-testid="record"]')).toHaveAttribute('data-key', key);
  await browser.waitUntil(async () => (await $('[data-testid="record"]').getAttribute('data-shape')) !== null);
}

/** Waits for this store's newest transfer job to end; answers its state and text. */
async function lastTransfer(): Promise<{ state: string; text: string; id: string }> {
  const job = $('[data-testid="kv-transfers"] [data-testid="job"]');
  await browser.waitUntil(async () => (await job.isExisting()) && (await job.getAttribute('data-state')) !== 'running', {
    timeout: 60_000,
    interval: 250,
  });
  return { state: (await job.getAttribute('data-state')) ?? '', text: await job.getText(), id: (await job.getAttribute('data-job-id')) ?? '' };
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('key-value stores: browse, view, edit, upload, download and delete records safely', () => {
  it('lists the stores and opens the demo store with its collections and 5,000 keys', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    const stores = (await sandboxGet('/v2/key-value-stores?unnamed=1&limit=1000')) as { data: { items: Array<{ id: string; name: string | null }> } };
    storeId = stores.data.items.find((store) => store.name === 'demo-files')?.id ?? '';
    expect(storeId).not.toBe('');
    await $('[data-testid="nav-kv"]').click();
    await $('[data-testid="kv-search"]').setValue('demo-files');
    await $(`[data-testid="kv-store-row"][data-id="${storeId}"] button`).click();
    await expect($('[data-testid="kv-store-name"]')).toHaveText('demo-files');
    const keys = $('[data-testid="kv-keys"]');
    await browser.waitUntil(async () => Number(await keys.getAttribute('data-count')) >= 1000);
    // Scrolling to the end reads the next pages until every key is there.
    for (let page = 0; page < 10 && (await keys.getAttribute('data-done')) !== 'true'; page += 1) {
      const before = Number(await keys.getAttribute('data-count'));
      await browser.execute(() => {
        const list = document.querySelector('[data-testid="kv-keys"]');
        if (list) list.scrollTop = list.scrollHeight;
      });
      await browser.waitUntil(
        async () => Number(await keys.getAttribute('data-count')) > before || (await keys.getAttribute('data-done')) === 'true',
        { timeout: 10_000, timeoutMsg: `no page of keys after ${before}` },
      );
    }
    await expect(keys).toHaveAttribute('data-done', 'true');
    expect(Number(await keys.getAttribute('data-count'))).toBe(5010);
    // Only the rows in sight are drawn.
    expect((await $$('[data-testid="kv-key"]').length)).toBeLessThan(80);

    await $('[data-testid="kv-collection"][data-name="images"]').click();
    await browser.waitUntil(async () => (await keys.getAttribute('data-count')) === '2');
    await $('[data-testid="kv-collections"] button').click();
    await $('[data-testid="kv-prefix"]').setValue('item-049');
    await browser.waitUntil(async () => (await keys.getAttribute('data-count')) === '100');
  });

  it('views JSON folded, text wrapped, HTML as source, an image, and a binary record as hex', async () => {
    await openKey('OUTPUT');
    await expect($('[data-testid="record-json"]')).toBeDisplayed();
    // Levels are drawn as they are opened: open each, as a person clicks down to the value.
    await browser.waitUntil(
      async () => {
        await browser.execute(() => {
          for (const details of document.querySelectorAll<HTMLDetailsElement>('[data-testid="record-json"] details')) details.open = true;
        });
        return (await $('[data-testid="record-json"]').getText()).includes('Desk lamp');
      },
      { timeout: 10_000, timeoutMsg: 'the record\'s values did not show when opened' },
    );
    await expect($('[data-testid="record-content-type"]')).toHaveText('application/json; charset=utf-8');

    await openKey("a!b-c_d.e'f(g)h");
    await expect($('[data-testid="record-text-view"]')).toHaveText(expect.stringContaining('every punctuation mark'));

    await openKey('page.html');
    await expect($('[data-testid="record-text-view"]')).toHaveText(expect.stringContaining('<script>alert(1)</script>'));

    await openKey('image-green.png');
    const image = $('[data-testid="record-image"]');
    await browser.waitUntil(async () => Number(await image.getProperty('naturalWidth')) === 1);
    expect(String(await image.getAttribute('src'))).toMatch(/^data:image\/png;base64,/);

    await openKey('large.bin');
    await expect($('[data-testid="record-size"]')).toHaveText('10 MB');
    const hex = String(await $('[data-testid="record-hex"]').getProperty('textContent'));
    expect(hex.split('\n').filter(Boolean)).toHaveLength(4096);

    await openKey('mystery.dat');
    await expect($('[data-testid="record-content-type"]')).toHaveText('application/x-greenroom-mystery');
    await expect($('[data-testid="record-hex"]')).toHaveText(expect.stringContaining('00000000  00 01 02 03'));

    await openKey('empty.txt');
    await expect($('[data-testid="record-empty"]')).toBeDisplayed();
    screenshotWindow(path.join(artifacts, 'screenshots/key-value-store.png'));
  });

  it('shows a record nested 10,000 deep without freezing: one level at a time, and a note where it stops', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    await writeRecord('deep.json', deep, 'application/json');
    await openKey('deep.json');
    const tree = $('[data-testid="record-json"]');
    await expect(tree).toBeDisplayed();
    // Only the open levels are drawn: the page answers at once.
    expect(await $$('[data-testid="record-json"] details').length).toBeLessThan(5);
    // Opening level after level draws one more each time, up to the cap, where a note says so.
    for (let level = 1; level < 100; level++) {
      await $(`[data-testid="record-json"] details[data-depth="${level}"]`).waitForExist({ timeout: 5000 });
      await browser.execute((depth: number) => {
        const details = document.querySelector(`[data-testid="record-json"] details[data-depth="${depth}"]`) as HTMLDetailsElement | null;
        if (details) details.open = true;
      }, level);
    }
    await expect($('[data-testid="json-too-deep"]')).toBeDisplayed({ wait: 10_000 });
    expect(await $$('[data-testid="record-json"] details').length).toBeLessThanOrEqual(101);
  });

  it('edits JSON: invalid JSON keeps the text, a change behind its back is caught, then saved over', async () => {
    await openKey('OUTPUT');
    await $('[data-testid="record-edit"]').click();
    const text = '[data-testid="record-text"]';
    await typeCode(text, '{ "edited": tru }');
    await $('[data-testid="record-save"]').click();
    await expect($('[data-testid="record-save-error"]')).toHaveText(expect.stringContaining('line 1, column'));
    expect(await codeText(text)).toBe('{ "edited": tru }');
    await expect($('[data-testid="record-editor"] .cm-problem-line')).toBeDisplayed();

    await typeCode(text, '{ "edited": true }');
    await writeRecord('OUTPUT', '{"theirs":1}', 'application/json');
    await $('[data-testid="record-save"]').click();
    await expect($('[data-testid="record-conflict"]')).toBeDisplayed();
    expect((await record('OUTPUT')).bytes.toString()).toBe('{"theirs":1}');
    await $('[data-testid="record-overwrite"]').click();
    await expect($('[data-testid="record-json"]')).toHaveText(expect.stringContaining('edited'));
    expect((await record('OUTPUT')).bytes.toString()).toBe('{ "edited": true }');
  });

  it('creates a record after refusing an invalid key', async () => {
    await $('[data-testid="kv-new-record"]').click();
    await $('[data-testid="new-record-key"]').setValue('my notes.txt');
    await expect($('[data-testid="new-record-key-help"]')).toHaveText(expect.stringContaining("can't hold a space"));
    await $('[data-testid="new-record-create"]').click();
    await expect($('[data-testid="new-record-error"]')).toHaveText(expect.stringContaining('a space'));
    await $('[data-testid="new-record-key"]').setValue("my-notes_(1).txt");
    await $('[data-testid="new-record-type"]').selectByVisibleText('Text');
    await $('[data-testid="new-record-text"]').setValue('Hello from the app');
    await $('[data-testid="new-record-create"]').click();
    await expect($('[data-testid="record"]')).toHaveAttribute('data-key', 'my-notes_(1).txt');
    const created = await record('my-notes_(1).txt');
    expect(created.bytes.toString()).toBe('Hello from the app');
    expect(created.type).toContain('text/plain');
  });

  it('uploads a file through the real GTK open dialog, byte for byte', async () => {
    const file = path.join(folder, 'photo (1).bin');
    const bytes = Buffer.from(Array.from({ length: 2_000_000 }, (_, i) => (i * 2654435761) >>> 24));
    writeFileSync(file, bytes);
    await $('[data-testid="kv-upload"]').click();
    await answerOpenDialog(file);
    await expect($('[data-testid="upload-key"]')).toHaveValue('photo-(1).bin');
    await $('[data-testid="upload-start"]').click();
    const ended = await lastTransfer();
    expect(ended.state).toBe('succeeded');
    const stored = await record('photo-(1).bin');
    expect(sha(stored.bytes)).toBe(sha(bytes));
    await $('[data-testid="kv-transfers"] [data-testid="job-dismiss"]').click();
  });

  it('downloads the 10 MB record through the save dialog, byte for byte', async () => {
    await openKey('large.bin');
    await $('[data-testid="record-download"]').click();
    const target = path.join(folder, 'large.bin');
    await answerSaveDialog(target);
    const ended = await lastTransfer();
    expect(ended.state).toBe('succeeded');
    await expect($('[data-testid="kv-transfers"] [data-testid="job-file-reveal"]')).toBeDisplayed();
    expect(sha(readFileSync(target))).toBe(sha((await record('large.bin')).bytes));
    expect(readFileSync(target).length).toBe(10_000_000);
    await $('[data-testid="kv-transfers"] [data-testid="job-dismiss"]').click();
  });

  it('deletes with confirmation and Undo puts back the same bytes and content type', async () => {
    const before = await record('mystery.dat');
    await openKey('mystery.dat');
    await $('[data-testid="record-delete"]').click();
    await $('[data-testid="record-delete-confirm"]').click();
    await expect($('[data-testid="kv-undo-bar"]')).toBeDisplayed();
    expect((await record('mystery.dat')).status).toBe(404);
    await $('[data-testid="kv-undo"]').click();
    await expect($('[data-testid="kv-undo-bar"]')).not.toBeDisplayed();
    const after = await record('mystery.dat');
    expect(after.type).toBe(before.type);
    expect(sha(after.bytes)).toBe(sha(before.bytes));
    await expect($('[data-testid="record"]')).toHaveAttribute('data-key', 'mystery.dat');
  });

  it('keeps the token out of the page', async () => {
    const leaks = await pageLeaks(keychainTokens());
    expect(leaks).toEqual([]);
  });
});
