import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { inAppSandbox } from '../in-app-sandbox.ts';
import { keychainTokens } from '../leaks.ts';
import { clipboardText, answerSaveDialog } from '../native-dialog.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

/** The sandbox crawler's rules (crates/apify-sandbox/src/crawler.rs), written plainly. */
function crawlerAnswer(pages: number): { failed: number; retried: number } {
  const all = Array.from({ length: pages }, (_, page) => page);
  return { failed: all.filter((p) => p % 50 === 13).length, retried: all.filter((p) => p % 20 === 7).length };
}

type Request = { id: string; url: string; handledAt?: string; retryCount?: number; errorMessages?: string[] };

/** Every request of a queue as the API lists them, page by page with its cursor. */
async function requestsOf(queueId: string): Promise<Request[]> {
  const { baseUrl, token } = await inAppSandbox();
  const all: Request[] = [];
  let cursor = '';
  for (;;) {
    const response = await fetch(`${baseUrl}/v2/request-queues/${queueId}/requests?limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = ((await response.json()) as { data: { items: Request[]; nextCursor?: string } }).data;
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}

/** Reads a CSV the way a spreadsheet does: quoted cells may hold commas and doubled quotes. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell.replace(/\r$/, '')), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  return rows;
}

describe('request queues: how far a crawl has got, and its requests', () => {
  const pages = 1500;
  let queueId = '';

  it('shows a crawl\'s progress growing on its run page, and ending at the crawler\'s counts', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await $('[data-testid="nav-actors"]').click();
    await $('[data-testid="catalog-myActors"]').click();
    await $('[data-testid="catalog-search"]').setValue('crawl');
    await $('[data-testid="catalog-row"][data-name="sandbox-user/crawl-pages"]').click();
    await $('#field-maxPages').setValue(String(pages));
    await $('#field-pagesPerSecond').setValue('250');
    await $('[data-testid="run"]').click();
    await $('[data-testid="open-run"]').click();
    const text = $('[data-testid="run-crawl-text"]');
    await expect(text).toBeDisplayed({ wait: 20_000 });
    // Readings while the run works: the count of done requests grows and never goes back.
    const seen: number[] = [];
    let shot = false;
    await browser.waitUntil(
      async () => {
        if (await text.isExisting()) {
          const handled = Number(await text.getAttribute('data-handled'));
          seen.push(handled);
          // The run page in the middle of the crawl, for the user guide.
          if (!shot && handled > pages * 0.3 && handled < pages * 0.8) {
            shot = true;
            screenshotWindow(path.join(artifacts, 'screenshots/run-crawl.png'));
          }
        }
        return (await $('[data-testid="run-page-status"]').getText()) === 'Succeeded';
      },
      { timeout: 60_000, interval: 400 },
    );
    expect(seen.some((handled) => handled > 0 && handled < pages)).toBe(true);
    expect(seen.every((handled, i) => i === 0 || handled >= seen[i - 1]!)).toBe(true);
    await browser.waitUntil(async () => Number(await text.getAttribute('data-handled')) === pages, { timeout: 10_000 });
    await expect(text).toHaveText(`${pages.toLocaleString('en-US')} of ${pages.toLocaleString('en-US')} requests done`);
  });

  it('opens the run\'s queue, its counts as the crawler\'s rules say, filtered by state', async () => {
    await $('[data-testid="run-crawl-open"]').click();
    await expect($('[data-testid="queue"]')).toBeDisplayed();
    queueId = (await $('[data-testid="queue"]').getAttribute('data-id')) ?? '';
    await expect($('[data-testid="queue-filter-count-all"]')).toHaveText(pages.toLocaleString('en-US'), { wait: 30_000 });
    const answer = crawlerAnswer(pages);
    await expect($('[data-testid="queue-filter-count-pending"]')).toHaveText('0');
    await expect($('[data-testid="queue-filter-count-handled"]')).toHaveText(pages.toLocaleString('en-US'));
    await expect($('[data-testid="queue-filter-count-failed"]')).toHaveText(String(answer.failed));
    await $('[data-testid="queue-filter-failed"]').click();
    await expect($('[data-testid="table-row"][data-row="0"]')).toBeDisplayed();
    const cell = (row: number, column: string) =>
      $(`[data-testid="table-row"][data-row="${row}"] [data-testid="table-cell"][data-column="${column}"]`).getProperty('textContent');
    expect(String(await cell(0, 'state')).trim()).toBe('Failed');
    expect(String(await cell(0, 'retryCount')).trim()).toBe('3');
    screenshotWindow(path.join(artifacts, 'screenshots/request-queue.png'));
    // Copy selected rows: the first failed one, as a spreadsheet pastes it.
    await $('[data-testid="table-row"][data-row="0"] [data-testid="table-cell"][data-column="url"]').click();
    await browser.keys(['Control', 'c']);
    await browser.keys(['Control']);
    await browser.waitUntil(() => clipboardText().startsWith('url\tstate\tretryCount'), { timeout: 10_000 });
    expect(clipboardText().split('\r\n')[1]).toContain('\tFailed\t3\t');
    await $('[data-testid="queue-filter-all"]').click();
    await expect($$('[data-testid="table-row"]')).toBeElementsArrayOfSize({ gte: 5 });
  });

  it('saves the request list as CSV through the save dialog, the same requests the API lists', async () => {
    const target = path.join(artifacts, 'requests.csv');
    rmSync(target, { force: true });
    await $('[data-testid="queue-save-csv"]').click();
    const suggested = await answerSaveDialog(target);
    expect(suggested).toMatch(/requests\.csv$/);
    const job = $('[data-testid="queue-saves"] [data-testid="job"][data-state="succeeded"]');
    await expect(job).toBeDisplayed({ wait: 30_000 });
    const [header, ...rows] = csvRows(readFileSync(target, 'utf8'));
    expect(header).toEqual(['url', 'state', 'retryCount', 'errorMessages', 'method', 'uniqueKey', 'handledAt', 'loadedUrl', 'id']);
    const api = await requestsOf(queueId);
    expect(rows.length).toBe(api.length);
    const byId = new Map(rows.map((row) => [row[8], row]));
    for (const request of api) {
      const row = byId.get(request.id);
      expect(row?.[0]).toBe(request.url);
      expect(row?.[2]).toBe(String(request.retryCount ?? 0));
    }
    const answer = crawlerAnswer(pages);
    expect(rows.filter((row) => row[1] === 'Failed').length).toBe(answer.failed);
    expect(rows.filter((row) => row[1] === 'Handled' && row[2] === '1').length).toBe(answer.retried);
    expect(await pageLeaks(keychainTokens())).toEqual([]);
  });

  it('lists the queue under Request queues, and deletes it after asking', async () => {
    await $('[data-testid="nav-queues"]').click();
    await $('[data-testid="queues-search"]').setValue(queueId);
    const row = $(`[data-testid="queue-row"][data-id="${queueId}"]`);
    await expect(row).toHaveText(expect.stringContaining('Request queue of Crawl sample pages'), { wait: 20_000 });
    await expect($('[data-testid="queue-row-done"]')).toHaveText(`${pages.toLocaleString('en-US')} of ${pages.toLocaleString('en-US')}`);
    screenshotWindow(path.join(artifacts, 'screenshots/request-queues.png'));
    await row.$('button').click();
    // "Delete queue…" waits for the queue's heading, which names how many requests go with it.
    await expect($('[data-testid="queue-delete"]')).toBeEnabled({ wait: 20_000 });
    await $('[data-testid="queue-delete"]').click();
    await $('[data-testid="queue-delete-confirm"]').click();
    await expect($('[data-testid="queues"]')).toBeDisplayed({ wait: 15_000 });
    const { baseUrl, token } = await inAppSandbox();
    const gone = await fetch(`${baseUrl}/v2/request-queues/${queueId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(404);
  });
});
