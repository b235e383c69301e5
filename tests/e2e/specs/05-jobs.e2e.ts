import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { FIXED_TOKENS } from '../leaks.ts';
import { invoke } from '../page-ipc.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts } from '../wdio.conf.ts';

describe('jobs', () => {
  // The run the panel follows: it goes on past "Stop following", until "Abort run…".
  let runId = '';

  it('shows a run being watched, live, and it keeps going while the user moves around', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    const run = await invoke<{ id: string }>('run_start', {
      actorId: '~slow-logger',
      input: { durationSecs: 60, intervalMillis: 200 },
      options: {},
    });
    expect(run.id).toBeTruthy();
    runId = run.id;
    await invoke('run_watch', { runId: run.id });

    await $('[data-testid="jobs-toggle"]').click();
    const job = $('[data-testid="job"]');
    await expect(job).toHaveAttribute('data-state', 'running');
    // Called by its Actor's title, as the person started it, not by the run's id.
    await expect(job.$('strong')).toHaveText('Run of Log slowly');
    await expect($('[data-testid="job-doing"]')).toHaveText(expect.stringContaining('Running'), { wait: 15_000 });
    await expect($('[data-testid="jobs-toggle"]')).toHaveText('Jobs · 1 running');

    for (const screen of ['datasets', 'settings', 'actors']) {
      await $(`[data-testid="nav-${screen}"]`).click();
    }
    await expect($('[data-testid="job"]')).toHaveAttribute('data-state', 'running');
    screenshotWindow(path.join(artifacts, 'screenshots/jobs.png'));
  });

  it('"Stop following" stops the watching only, and says the run goes on', async () => {
    await expect($('[data-testid="job-cancel"]')).toHaveText('Stop following');
    await $('[data-testid="job-cancel"]').click();
    await expect($('[data-testid="job"]')).toHaveAttribute('data-state', 'cancelled');
    await expect($('[data-testid="job-result"]')).toHaveText(expect.stringContaining('The run keeps working on Apify'));
    // What the row says is so: the run is still working on Apify.
    const now = await invoke<{ run: { status: string } }>('run_now', { runId });
    expect(now.run.status).toBe('RUNNING');
    await $('[data-testid="job-dismiss"]').click();
    await expect($$('[data-testid="job"]')).toBeElementsArrayOfSize(0);
  });

  it('"Abort run…" asks first, then stops the run on Apify, and the row shows it ended', async () => {
    await invoke('run_watch', { runId });
    const job = $('[data-testid="job"]');
    await expect(job).toHaveAttribute('data-state', 'running');
    await $('[data-testid="job-abort-run"]').click();
    await expect($('[data-testid="job-abort-confirm"]')).toBeDisplayed();
    await $('[data-testid="job-abort-confirm"]').click();
    await expect(job).toHaveAttribute('data-state', 'succeeded', { wait: 15_000 });
    await expect($('[data-testid="job-result"]')).toHaveText('Run ended: Aborted.');
    await $('[data-testid="job-dismiss"]').click();
    await expect($$('[data-testid="job"]')).toBeElementsArrayOfSize(0);
  });

  // A test of the test: the page check must catch a token planted in a field's value, which the
  // page source does not show, and in the page's text.
  it('the page check catches a token planted in a field and in the page', async () => {
    const planted = FIXED_TOKENS[0] ?? '';
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-add"]').click();
    await $('[data-testid="token-input"]').setValue(planted);
    expect(await browser.getPageSource()).not.toContain(planted);
    expect((await pageLeaks([planted])).some((leak) => leak.startsWith('field'))).toBe(true);
    await $('[data-testid="token-input"]').clearValue();

    await browser.execute((secret: string) => {
      const probe = document.createElement('span');
      probe.id = 'planted-token';
      probe.textContent = secret.slice('apify_api_'.length);
      document.body.append(probe);
    }, planted);
    expect((await pageLeaks([planted])).some((leak) => leak.startsWith('page source'))).toBe(true);
    await browser.execute(() => document.getElementById('planted-token')?.remove());
    expect(await pageLeaks([planted])).toEqual([]);
  });
});
