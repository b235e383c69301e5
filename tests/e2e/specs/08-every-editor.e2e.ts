import { $, $$, browser, expect } from '@wdio/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { typeCode } from '../code-editor.ts';
import { sandboxGet } from '../in-app-sandbox.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

/** The drafts in the app's preference store (scripts/with-keyring.sh sets XDG_DATA_HOME). */
function keptDrafts(): Record<string, Record<string, unknown>> {
  const file = path.join(process.env.XDG_DATA_HOME ?? '', 'app.greenroom.desktop', 'preferences.json');
  if (!existsSync(file)) return {};
  const kept = JSON.parse(readFileSync(file, 'utf8')) as { drafts?: Record<string, Record<string, unknown>> };
  return kept.drafts ?? {};
}

async function open(search: string, name: string) {
  await $('[data-testid="nav-actors"]').click();
  await $('[data-testid="catalog-myActors"]').click();
  await $('[data-testid="catalog-search"]').setValue(search);
  await $(`[data-testid="catalog-row"][data-name="${name}"]`).click();
  await expect($('[data-testid="input-form"]')).toBeDisplayed();
  await $('[data-testid="reset-input"]').click();
}

/** The row inputs of a list field, in order. */
async function rowInputs(field: string) {
  return $$(`[data-field="${field}"] .list-row input`);
}

async function button(field: string, label: string) {
  return $(`[data-field="${field}"]`).$(`button=${label}`);
}

/** Runs what the form shows, waits for the end, and answers the run's INPUT record. */
async function runAndReadInput(): Promise<Record<string, unknown>> {
  await expect($('[data-testid="input-problems"]')).not.toBeExisting();
  // Run with Ctrl+Enter from the top of the long form: the run's status, far below, comes
  // into view by itself.
  await browser.execute(() => document.querySelector('main')?.scrollTo({ top: 0 }));
  await browser.keys(['Control', 'Enter']);
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const panel = document.querySelector('[data-testid="run-panel"]')?.getBoundingClientRect();
        return !!panel && panel.top >= 0 && panel.bottom <= window.innerHeight;
      }),
    { timeout: 5_000, timeoutMsg: 'the run panel stayed out of view' },
  );
  await expect($('[data-testid="run-panel"]')).toHaveAttribute('data-status', 'SUCCEEDED', { wait: 30_000 });
  const runs = (await sandboxGet('/v2/actor-runs?desc=1&limit=1')) as { data: { items: { id: string }[] } };
  const runId = runs.data.items[0]?.id ?? '';
  return (await sandboxGet(`/v2/actor-runs/${runId}/key-value-store/records/INPUT`)) as Record<string, unknown>;
}

describe('every editor, filled by clicks and typing', () => {
  it('sends exactly what the generate-items form shows: numbers, select, text, checkbox, request list, list, key-value, JSON, date, secret', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await open('sample items', 'sandbox-user/generate-items');
    await $('#field-itemCount').setValue('4');
    await $('#field-priceFactor').setValue('2.5');
    await $('#field-productKind').selectByAttribute('value', 'lamps');
    await $('#field-titlePrefix').setValue('Lamp');
    await $('#field-notes').setValue('Handle with care');
    await $('#field-includeHidden').click();

    await (await rowInputs('startUrls'))[0]?.setValue('https://example.com/a');
    await (await button('startUrls', 'Add a URL')).click();
    await (await $$('[data-field="startUrls"] .list-row'))[1]?.$('button=From a file').click();
    await (await rowInputs('startUrls'))[1]?.setValue('https://example.com/urls.txt');

    await (await button('keywords', 'Add')).click();
    await (await rowInputs('keywords'))[2]?.setValue('retro');

    await (await button('extraFields', 'Add a pair')).click();
    const [key, value] = await rowInputs('extraFields');
    await key?.setValue('color');
    await value?.setValue('green');

    await typeCode('#field-extra', '{"source": "e2e"}');
    // An untouched date reads as no date, not as today's date drawn in normal text.
    await expect($('[data-field="publishedSince"] [data-testid="date-unset"]')).toHaveText('No date');
    expect(await browser.execute(() => getComputedStyle(document.getElementById('field-publishedSince') as HTMLElement).color)).toBe('rgba(0, 0, 0, 0)');
    await expect($('[data-field="publishedSince"] [data-testid="date-clear"]')).not.toBeExisting();
    // A date field's typing order depends on the locale; its value is set as a picker would.
    await browser.execute(() => {
      const date = document.getElementById('field-publishedSince') as HTMLInputElement;
      date.value = '2026-01-31';
      date.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect($('[data-field="publishedSince"] [data-testid="date-unset"]')).not.toBeExisting();
    await expect($('[data-field="publishedSince"] [data-testid="date-clear"]')).toBeDisplayed();
    await $('#field-shopApiKey').setValue('secret-123');
    await expect($('#field-shopApiKey')).toHaveAttribute('type', 'password');

    const input = await runAndReadInput();
    expect(input).toEqual({
      itemCount: 4,
      priceFactor: 2.5,
      productKind: 'lamps',
      titlePrefix: 'Lamp',
      notes: 'Handle with care',
      includeHidden: true,
      startUrls: [{ url: 'https://example.com/a' }, { requestsFromUrl: 'https://example.com/urls.txt' }],
      keywords: ['desk', 'vintage', 'retro'],
      extraFields: [{ key: 'color', value: 'green' }],
      extra: { source: 'e2e' },
      publishedSince: '2026-01-31',
      shopApiKey: 'secret-123',
      // The hidden field's default, applied by the platform.
      runTag: 'sandbox',
    });
    // The draft keeps the input but never the secret, in the preference store Rust owns (not in
    // the webview's own storage, which stays empty).
    const draft = await browser.waitUntil(
      () => Object.values(keptDrafts()).find((d) => d.titlePrefix === 'Lamp'),
      { timeout: 5000, timeoutMsg: 'the draft did not reach preferences.json' },
    );
    expect(await browser.execute(() => localStorage.length)).toBe(0);
    expect(draft?.itemCount).toBe(4);
    expect(draft && 'shopApiKey' in draft).toBe(false);
  });

  it('sends exactly what the write-records form shows: code, proxy, URL patterns, a picked dataset, a file URL, a schema-based object', async () => {
    await open('records', 'sandbox-user/write-records');
    await $('#field-keyPrefix').setValue('e2e-');
    await $('#field-includeBinary').click();
    // The code fields are a real code editor, styled under the strict CSP: CodeMirror's own
    // styles (its editor is a flex column, its gutter has a background) reached the page through
    // the nonce Tauri gives index.html's style tag.
    const styles = await browser.execute(() => {
      const editor = document.querySelector('[data-field="pageFunction"] .cm-editor') as HTMLElement;
      const gutters = editor.querySelector('.cm-gutters') as HTMLElement;
      const keyword = editor.querySelector('.cm-content span') as HTMLElement | null;
      return {
        display: getComputedStyle(editor).display,
        direction: getComputedStyle(editor).flexDirection,
        gutter: getComputedStyle(gutters).backgroundColor,
        lines: editor.querySelectorAll('.cm-gutterElement').length,
        coloured: keyword ? getComputedStyle(keyword).color !== getComputedStyle(editor).color : false,
      };
    });
    expect(styles).toMatchObject({ display: 'flex', direction: 'column' });
    expect(styles.gutter).not.toBe('rgba(0, 0, 0, 0)');
    expect(styles.lines).toBeGreaterThan(5);
    expect(styles.coloured).toBe(true);
    // ...and the CSP is the strict one, as written in tauri.conf.json.
    const conf = JSON.parse(readFileSync(path.join(process.cwd(), 'tauri.conf.json'), 'utf8')) as { app: { security: { csp: Record<string, string> } } };
    expect(conf.app.security.csp['style-src']).toBe("'self'");
    expect(conf.app.security.csp['script-src']).toBe("'self'");
    expect(JSON.stringify(conf.app.security.csp)).not.toContain('unsafe');
    // Ctrl+F inside the editor searches the code, not the screen.
    await $('#field-pageFunction').click();
    await browser.keys(['Control', 'f']);
    await expect($('[data-field="pageFunction"] .cm-search')).toBeDisplayed();
    await browser.execute(() => document.querySelector('[data-field="pageFunction"]')?.scrollIntoView({ block: 'start' }));
    screenshotWindow(path.join(artifacts, 'screenshots/code-editor.png'));
    await browser.keys('Escape');
    await expect($('[data-field="pageFunction"] .cm-search')).not.toBeExisting();
    await typeCode('#field-pageFunction', 'return 1;');
    await typeCode('#field-postProcess', 'print(1)');

    await $('#field-proxyConfiguration').selectByAttribute('value', 'groups');
    await $('[data-field="proxyConfiguration"] input[aria-label="Proxy groups"]').setValue('RESIDENTIAL');
    await $('[data-field="proxyConfiguration"] input[aria-label="Country"]').setValue('de');

    await (await button('pseudoUrls', 'Add a pattern')).click();
    await (await rowInputs('pseudoUrls'))[1]?.setValue('https://example.com/p/[\\d+]');
    await (await rowInputs('globs'))[0]?.setValue('https://example.com/g/**');

    await $('#field-targetDataset').click();
    const option = $('[data-testid="resource-option"]');
    await option.waitForDisplayed();
    const datasetId = (await option.getText()).split(' · ')[1] ?? '';
    await option.click();

    await $('#field-attachmentUrl').setValue('https://example.com/file.csv');
    await $('#field-layout-columns').setValue('2');
    await $('#field-layout-compact').click();

    const input = await runAndReadInput();
    expect(datasetId).toMatch(/^\w{17}$/);
    expect(input).toEqual({
      keyPrefix: 'e2e-',
      includeBinary: false,
      pageFunction: 'return 1;',
      postProcess: 'print(1)',
      proxyConfiguration: { useApifyProxy: true, apifyProxyGroups: ['RESIDENTIAL'], apifyProxyCountry: 'DE' },
      pseudoUrls: [{ purl: 'https://example.com/[.*]' }, { purl: 'https://example.com/p/[\\d+]' }],
      globs: [{ glob: 'https://example.com/g/**' }],
      targetDataset: datasetId,
      attachmentUrl: 'https://example.com/file.csv',
      layout: { columns: 2, compact: true },
    });
  });
});
