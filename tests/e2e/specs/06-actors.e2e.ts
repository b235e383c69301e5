import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $, $$, expect } from '@wdio/globals';
import { codeText, typeCode } from '../code-editor.ts';
import { sandboxGet } from '../in-app-sandbox.ts';
import { answerSaveDialog } from '../native-dialog.ts';
import { keychainTokens } from '../leaks.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

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
    // Back on My Actors, its own search is there, not the Store's "hello".
    await $('[data-testid="catalog-myActors"]').click();
    await expect($('[data-testid="catalog-search"]')).toHaveValue('slowly');
    await expect($('[data-testid="catalog-row"]')).toHaveAttribute('data-name', 'sandbox-user/slow-logger');
    // A search that finds nothing says what it searched, and clears in one click.
    await $('[data-testid="catalog-search"]').setValue('no such actor');
    await expect($('[data-testid="catalog-empty"]')).toHaveText('Nothing in your Actors matches “no such actor”.');
    await $('[data-testid="catalog-clear-search"]').click();
    await expect($('[data-testid="catalog-search"]')).toHaveValue('');
    await expect($$('[data-testid="catalog-row"]')).toBeElementsArrayOfSize({ gte: 4 });
  });

  it('shows a Store Actor with its README, and blocks a field out of range before anything is sent', async () => {
    await openFromStore('echo', 'sandbox-labs/echo-input');
    await expect($('[data-testid="actor-title"]')).toHaveText('Echo input');
    await expect($('[data-testid="readme"] h1')).toHaveText('Echo input');
    await (await field('text')).setValue('Hello from the form');
    await (await field('repeat')).setValue('5000');
    // Named by its label, as the form shows it, not by its name in the input.
    await expect($('[data-testid="input-problems"]')).toHaveText(expect.stringContaining('Repeat:'));
    await expect($('[data-field="repeat"] [data-testid="field-problem"]')).toBeDisplayed();
    await expect($('[data-testid="run"]')).toBeDisabled();
  });

  it('round-trips the input through JSON mode, and shows where bad JSON breaks', async () => {
    await (await field('repeat')).setValue('3');
    await expect($('[data-testid="input-problems"]')).not.toBeExisting();
    await $('[data-testid="json-mode"]').click();
    const json = '[data-testid="json-input"]';
    expect(JSON.parse(await codeText(json))).toEqual({ text: 'Hello from the form', repeat: 3 });
    await typeCode(json, '{"text": "Hello from JSON", "repeat": 3');
    await expect($('[data-testid="json-problem"]')).toHaveText(expect.stringContaining('line 1, column'));
    // The editor marks the line where the JSON breaks.
    await expect($('[data-testid="input-form"] .cm-problem-line')).toBeDisplayed();
    await expect($('[data-testid="form-mode"]')).toBeDisabled();
    await typeCode(json, '{"text": "Hello from JSON", "repeat": 2}');
    await $('[data-testid="form-mode"]').click();
    await expect(await field('text')).toHaveValue('Hello from JSON');
    await expect(await field('repeat')).toHaveValue('2');
  });

  it('runs it, watches it succeed, and the sandbox got exactly the input the form showed', async () => {
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'SUCCEEDED', { wait: 30_000 });
    // The results are the next step, and the screen's one main button; Run steps back.
    await expect($('[data-testid="run-see-results"]')).toHaveText('See the 2 results', { wait: 10_000 });
    await expect($('[data-testid="run"]')).toHaveAttribute('class', expect.stringContaining('secondary'));
    expect(await $$('[data-testid="actor-page"] button.primary').length).toBe(1);
    screenshotWindow(path.join(artifacts, 'screenshots/actor-run.png'));
    const runs = (await sandboxGet('/v2/actor-runs?desc=1&limit=1')) as { data: { items: { id: string; defaultDatasetId: string }[] } };
    const runId = runs.data.items[0]?.id ?? '';
    const input = await sandboxGet(`/v2/actor-runs/${runId}/key-value-store/records/INPUT`);
    expect(input).toEqual({ text: 'Hello from JSON', repeat: 2 });

    // One click from the finished run to a spreadsheet: the save dialog, then an Excel file.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-excel-'));
    try {
      await $('[data-testid="run-export-excel"]').click();
      const target = path.join(folder, 'echo.xlsx');
      const suggested = await answerSaveDialog(target);
      expect(suggested).toMatch(/\.xlsx$/);
      await expect($('[data-testid="run-panel-exports"] [data-testid="job"]')).toHaveAttribute('data-state', 'succeeded', { wait: 30_000 });
      // An Excel workbook is a zip file.
      expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await $('[data-testid="run-see-results"]').click();
    await expect($('[data-testid="dataset"]')).toHaveAttribute('data-dataset-id', runs.data.items[0]?.defaultDatasetId ?? '');
    await expect($('[data-testid="dataset-count"]')).toHaveText('2 items');
  });

  it('says in plain words when a run would pass the account\'s memory limit (402), with a way to see it, and keeps the form', async () => {
    await openFromStore('echo', 'sandbox-labs/echo-input');
    await $('[data-testid="actor-page"] details.options summary').click();
    // The sandbox's account may use 8 GB at once; 16 GB is more.
    await $('[data-testid="option-memory"]').selectByAttribute('value', '16384');
    await $('[data-testid="run"]').click();
    const refusal = $('[data-testid="run-error"]');
    await expect(refusal).toHaveAttribute('data-kind', 'usageLimit', { wait: 20_000 });
    await expect(refusal).toHaveText(expect.stringContaining('memory limit'));
    await expect($('[data-testid="see-usage"]')).toBeDisplayed();
    // Nothing typed is lost.
    await expect(await field('text')).toHaveValue('Hello from JSON');
    await $('[data-testid="option-memory"]').selectByAttribute('value', '');
  });

  it('shows why a run failed, in its status message', async () => {
    await openMine('sandbox-user/always-fails', 'purpose');
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'FAILED', { wait: 30_000 });
    await expect($('[data-testid="run-status-message"]')).toBeDisplayed();
  });

  it('saves the form as a task and runs the task from the Tasks tab', async () => {
    await openFromStore('echo', 'sandbox-labs/echo-input');
    // The form opens on this Actor's last input (repeat: 2), its draft.
    await expect(await field('repeat')).toHaveValue('2');
    await (await field('text')).setValue('From a task');
    await $('[data-testid="save-task"]').click();
    await $('[data-testid="task-name"]').setValue('echo-from-e2e');
    await $('[data-testid="task-save"]').click();
    await expect($('[data-testid="task-saved"]')).toHaveText(expect.stringContaining('echo-from-e2e'));
    await $('[data-testid="nav-actors"]').click();
    await $('[data-testid="catalog-tasks"]').click();
    await $('[data-testid="catalog-search"]').setValue('echo');
    await $('[data-testid="task-run"]').click();
    await expect($('[data-testid="run-page-status"]')).toHaveText('Succeeded', { wait: 30_000 });
    await expect($('[data-testid="run-items"]')).toHaveText('2');
  });

  it('opens a task as its Actor\'s form, filled: saves changes, runs as edited, duplicates, deletes', async () => {
    await $('[data-testid="nav-actors"]').click();
    await $('[data-testid="catalog-tasks"]').click();
    await $('[data-testid="catalog-search"]').setValue('echo-from-e2e');
    await $('[data-testid="catalog-row"][data-name$="echo-from-e2e"]').click();
    await expect($('[data-testid="task-title"]')).toHaveText('echo-from-e2e');
    await expect($('[data-testid="task-actor"]')).toHaveText('Echo input');
    // The form holds what the task keeps.
    await expect(await field('text')).toHaveValue('From a task');
    await expect($('[data-testid="task-save-changes"]')).toBeDisabled();
    screenshotWindow(path.join(artifacts, 'screenshots/task.png'));

    await (await field('text')).setValue('Changed in the task');
    await expect($('[data-testid="task-save-changes"]')).toBeEnabled();
    await $('[data-testid="task-save-changes"]').click();
    await expect($('[data-testid="task-save-changes"]')).toHaveText('Saved');
    const tasks = (await sandboxGet('/v2/actor-tasks')) as { data: { items: { id: string; name: string }[] } };
    const saved = tasks.data.items.find((task) => task.name === 'echo-from-e2e');
    expect(((await sandboxGet(`/v2/actor-tasks/${saved?.id}/input`)) as { text: string }).text).toBe('Changed in the task');

    // Run as the form is now, without saving: the run gets the edited input, the task keeps its own.
    await (await field('text')).setValue('Only for this run');
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'SUCCEEDED', { wait: 30_000 });
    const last = (await sandboxGet(`/v2/actor-tasks/${saved?.id}/runs/last`)) as { data: { id: string } };
    expect(((await sandboxGet(`/v2/actor-runs/${last.data.id}/key-value-store/records/INPUT`)) as { text: string }).text).toBe('Only for this run');
    expect(((await sandboxGet(`/v2/actor-tasks/${saved?.id}/input`)) as { text: string }).text).toBe('Changed in the task');
    await $('[data-testid="task-undo"]').click();
    await expect(await field('text')).toHaveValue('Changed in the task');

    await $('[data-testid="task-duplicate"]').click();
    await $('[data-testid="task-copy-name"]').setValue('echo-copy');
    await $('[data-testid="task-copy-save"]').click();
    await expect($('[data-testid="task-title"]')).toHaveText('echo-copy');
    await expect(await field('text')).toHaveValue('Changed in the task');

    await $('[data-testid="task-delete"]').click();
    await $('[data-testid="task-delete-confirm"]').click();
    await expect($('[data-testid="actors"]')).toBeDisplayed();
    const left = (await sandboxGet('/v2/actor-tasks')) as { data: { items: { name: string }[] } };
    expect(left.data.items.map((task) => task.name)).not.toContain('echo-copy');
    expect(left.data.items.map((task) => task.name)).toContain('echo-from-e2e');
  });

  it('aborts a slow run', async () => {
    await openMine('sandbox-user/slow-logger', 'slowly');
    await (await field('durationSecs')).setValue('120');
    await $('[data-testid="run"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'RUNNING', { wait: 20_000 });
    await $('[data-testid="run-abort"]').click();
    await $('[data-testid="run-abort-confirm"]').click();
    await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'ABORTED', { wait: 20_000 });
  });

  it('keeps the sandbox token out of the page and every field', async () => {
    expect(await pageLeaks(keychainTokens())).toEqual([]);
  });
});
