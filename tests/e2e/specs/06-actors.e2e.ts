import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { keychainTokens } from '../leaks.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

/** The bundled sandbox's address, from the status bar, and its token, from the keychain. */
async function inAppSandbox(): Promise<{ baseUrl: string; token: string }> {
  const text = await $('[data-testid="status-api"]').getText();
  const token = keychainTokens()[0];
  if (!token) throw new Error('no sandbox token in the keychain');
  return { baseUrl: text.replace('API server: ', '').trim(), token };
}

async function sandboxGet(url: string): Promise<unknown> {
  const { token } = await inAppSandbox();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

async function openFromStore(search: string, name: string) {
  await $('[data-testid="nav-actors"]').click();
  await $('[data-testid="catalog-store"]').click();
  await $('[data-testid="catalog-search"]').setValue(search);
  await $(`[data-testid="catalog-row"][data-name="${name}"]`).click();
  await expect($('[data-testid="actor-page"] [data-testid="input-form"]')).toBeDisplayed();
}

async function openMine(name: string, search: string) {
  await $('[data-testid="nav-actors"]').click();
  await $('[data-testid="catalog-myActors"]').click();
  await $('[data-testid="catalog-search"]').setValue(search);
  await $(`[data-testid="catalog-row"][data-name="${name}"]`).click();
  await expect($('[data-testid="actor-page"] [data-testid="input-form"]')).toBeDisplayed();
}

async function field(name: string) {
  return $(`#field-${name}`);
}

describe('Actors and runs', () => {
  it('lists my Actors, tasks and the Store, with a search', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await $('[data-testid="nav-actors"]').click();
    await expect($('[data-testid="catalog-count"]')).toHaveText(expect.stringMatching(/of [4-9]$/));
    await $('[data-testid="catalog-search"]').setValue('slowly');
    await expect($$('[data-testid="catalog-row"]')).toBeElementsArrayOfSize(1);
    await expect($('[data-testid="catalog-row"]')).toHaveAttribute('data-name', 'sandbox-user/slow-logger');
    await $('[data-testid="catalog-tasks"]').click();
    await $('[data-testid="catalog-search"]').setValue('lamps');
    await expect($('[data-testid="catalog-row"][data-name="sandbox-user/ten-desk-lamps"]')).toBeDisplayed();
    await $('[data-testid="catalog-store"]').click();
    await $('[data-testid="catalog-search"]').setValue('hello');
    await expect($$('[data-testid="catalog-row"]')).toBeElementsArrayOfSize(1);
    await expect($('[data-testid="catalog-row"]')).toHaveAttribute('data-name', 'apify/hello-world');
  });

  it('shows a Store Actor with its README, and blocks a field out of range before anything is sent', async () => {
    await openFromStore('echo', 'sandbox-labs/echo-input');
    await expect($('[data-testid="actor-title"]')).toHaveText('Echo input');
    await expect($('[data-testid="readme"] h1')).toHaveText('Echo input');
    await (await field('text')).setValue('Hello from the form');
    await (await field('repeat')).setValue('5000');
    await expect($('[data-testid="input-problems"]')).toHaveText(expect.stringContaining('repeat'));
    await expect($('[data-field="repeat"] [data-testid="field-problem"]')).toBeDisplayed();
    await expect($('[data-testid="run"]')).toBeDisabled();
  });

  it('round-trips the input through JSON mode, and shows where bad JSON breaks', async () => {
    await (await field('repeat')).setValue('3');
    await expect($('[data-testid="input-problems"]')).not.toBeExisting();
    await $('[data-testid="json-mode"]').click();
    const json = $('[data-testid="json-input"]');
    expect(JSON.parse(await json.getValue())).toEqual({ text: 'Hello from the form', repeat: 3 });
    await json.setValue('{"text": "Hello from JSON", "repeat": 3');
    await expect($('[data-testid="json-problem"]')).toHaveText(expect.stringContaining('line 1, column'));
    await expect($('[data-testid="form-mode"]')).toBeDisabled();
    await json.setValue('{"text": "Hello from JSON", "repeat": 2}');
    await $('[data-testid="form-mode"]').click();
    await expect(await field('text')).toHaveValue('Hello from JSON');
    await expect(await field('repeat')).toHaveValue('2');
  });

  it('runs it, watches it succeed, and the sandbox got exactly the input the form showed', async () => {
    screenshotWindow(path.join(artifacts, 'screenshots/actor-form.png'));
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'SUCCEEDED', { wait: 30_000 });
    screenshotWindow(path.join(artifacts, 'screenshots/actor-run.png'));
    const { baseUrl } = await inAppSandbox();
    const runs = (await sandboxGet(`${baseUrl}/v2/actor-runs?desc=1&limit=1`)) as { data: { items: { id: string }[] } };
    const runId = runs.data.items[0]?.id ?? '';
    const input = await sandboxGet(`${baseUrl}/v2/actor-runs/${runId}/key-value-store/records/INPUT`);
    expect(input).toEqual({ text: 'Hello from JSON', repeat: 2 });
  });

  it('shows why a run failed, in its status message', async () => {
    await openMine('sandbox-user/always-fails', 'purpose');
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'FAILED', { wait: 30_000 });
    await expect($('[data-testid="run-status-message"]')).toBeDisplayed();
  });

  it('aborts a slow run', async () => {
    await openMine('sandbox-user/slow-logger', 'slowly');
    await (await field('durationSecs')).setValue('120');
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'RUNNING', { wait: 20_000 });
    await $('[data-testid="run-abort"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'ABORTED', { wait: 20_000 });
  });

  it('keeps the sandbox token out of the page and every field', async () => {
    expect(await pageLeaks(keychainTokens())).toEqual([]);
  });
});
