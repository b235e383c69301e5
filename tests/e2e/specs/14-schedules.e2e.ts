import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { keychainTokens } from '../leaks.ts';
import { answerFolderDialog } from '../native-dialog.ts';
import { pageLeaks } from '../page-leaks.ts';
import { screenshotWindow } from '../screenshot.ts';
import { artifacts, sandbox } from '../wdio.conf.ts';

const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-schedules-'));

/** The run's test sandbox, as the test's own client (or with the control token for its clock). */
async function api(method: string, route: string, body?: unknown, control = false): Promise<Response> {
  const { baseUrl, token, controlToken } = sandbox();
  return fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${control ? controlToken : token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Moves the sandbox's schedule clock just past the next 9:00 UTC, as if the morning came. */
async function morningComes(): Promise<void> {
  const clock = (await (await api('GET', '/_sandbox/clock', undefined, true)).json()) as { now: string };
  const now = new Date(clock.now);
  const nine = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9, 0, 0));
  if (nine.getTime() <= now.getTime()) nine.setUTCDate(nine.getUTCDate() + 1);
  const advanceSeconds = Math.ceil((nine.getTime() - now.getTime()) / 1000) + 30;
  expect((await api('PUT', '/_sandbox/clock', { advanceSeconds }, true)).status).toBe(200);
}

interface ApiRun {
  id: string;
  defaultDatasetId: string;
  meta: { origin: string };
}

async function scheduledRuns(): Promise<ApiRun[]> {
  const runs = (await (await api('GET', '/v2/acts/~generate-items/runs?desc=1&limit=50')).json()) as { data: { items: ApiRun[] } };
  return runs.data.items.filter((run) => run.meta.origin === 'SCHEDULER');
}

describe('schedules: "every day at 9:00, save as Excel into a folder", set up in one dialog', () => {
  it('connects the run\'s test sandbox, whose clock the test can move', async () => {
    // A fresh window: the profiles arrive after it opens, and the button moves down as they do.
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-row"]').waitForDisplayed();
    await $('[data-testid="profile-add"]').click();
    await $('[data-testid="env-token-use"]').click();
    await expect($('[data-testid="token-account"]')).toHaveText(expect.stringContaining('sandbox-user'));
    await $('[data-testid="profile-name"]').setValue('Schedules');
    await $('[data-testid="profile-save"]').click();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Schedules)');
  });

  it('reads the picker back in words with the next five times, and names a wrong cron field', async () => {
    await $('[data-testid="nav-actors"]').click();
    await $('[data-testid="catalog-myActors"]').click();
    await $('[data-testid="catalog-search"]').setValue('Sample');
    await $('[data-testid="catalog-row"][data-name="sandbox-user/generate-items"]').click();
    await $('#field-itemCount').setValue('7');
    await $('[data-testid="run-on-schedule"]').click();
    await expect($('[data-testid="schedule-dialog"]')).toBeDisplayed();
    await expect($('[data-testid="schedule-target"]')).toHaveText(expect.stringContaining('with the input in the form now'));
    await $('[data-testid="schedule-title"]').setValue('Daily sample items');
    await $('[data-testid="when-zone"]').selectByAttribute('value', 'UTC');
    await expect($('[data-testid="when-words"]')).toHaveText('Every day at 9:00');
    await expect($$('[data-testid="when-next"] li')).toBeElementsArrayOfSize(5);

    await $('[data-testid="when-form"]').selectByAttribute('value', 'custom');
    await $('[data-testid="when-cron"]').setValue('0 25 * * *');
    await expect($('[data-testid="when-problem"]')).toHaveText(expect.stringContaining('the hour, says 25, but an hour is 0 to 23'));
    await expect($('[data-testid="schedule-save"]')).toBeDisabled();
    await $('[data-testid="when-cron"]').setValue('30 8 * * 1-5');
    await expect($('[data-testid="when-words"]')).toHaveText('Every weekday at 8:30');

    // Back to a form with a time of day: it starts at 9:00.
    await $('[data-testid="when-form"]').selectByAttribute('value', 'daily');
    await expect($('[data-testid="when-words"]')).toHaveText('Every day at 9:00');
    screenshotWindow(path.join(artifacts, 'screenshots/schedule-dialog.png'));
    // Typed into the name survives every change of the picker.
    await expect($('[data-testid="schedule-title"]')).toHaveValue('Daily sample items');
  });

  it('saves it with "also save each run\'s results into a folder" through the real folder dialog', async () => {
    await $('[data-testid="schedule-save-results"]').click();
    await $('[data-testid="auto-export-format-xlsx"]').click();
    await $('[data-testid="auto-export-pattern"]').setValue('{actor} {run}');
    await expect($('[data-testid="schedule-save"]')).toBeDisabled();
    await $('[data-testid="auto-export-choose-folder"]').click();
    await answerFolderDialog(folder, path.join(artifacts, 'schedule-folder-dialog.png'));
    await expect($('[data-testid="auto-export-folder"]')).toHaveText(folder);
    screenshotWindow(path.join(artifacts, 'screenshots/schedule-dialog-folder.png'));
    await $('[data-testid="schedule-save"]').click();
    await expect($('[data-testid="schedule-dialog"]')).not.toBeExisting({ wait: 15_000 });
    // The Actor's page shows both: the schedule, and that its results go into a folder.
    await expect($('[data-testid="actor-schedule"]')).toHaveText(expect.stringContaining('Every day at 9:00'));
    await expect($('[data-testid="actor-schedule"]')).toHaveText(expect.stringContaining('results saved into a folder'));
    await expect($('[data-testid="auto-export-summary"]')).toHaveText(expect.stringContaining(folder));

    const listed = (await (await api('GET', '/v2/schedules')).json()) as { data: { items: Array<{ id: string; cronExpression: string; timezone: string }> } };
    expect(listed.data.items.map((s) => [s.cronExpression, s.timezone])).toEqual([['0 9 * * *', 'UTC']]);
  });

  it('lists it in Schedules with when in words, the next run, and its folder', async () => {
    await $('[data-testid="nav-schedules"]').click();
    const row = $('[data-testid="schedule-row"]');
    await expect(row.$('[data-testid="schedule-words"]')).toHaveText('Every day at 9:00');
    await expect(row.$('[data-testid="schedule-zone"]')).toHaveText(expect.stringContaining('UTC'));
    await expect(row.$('[data-testid="schedule-folder"]')).toHaveText(expect.stringContaining(folder));
    await expect(row.$('[data-testid="schedule-next"]')).not.toHaveText('');
    screenshotWindow(path.join(artifacts, 'screenshots/schedules.png'));
  });

  it('runs at 9:00 on the platform and the Excel file lands in the folder, as the API has it', async () => {
    await morningComes();
    await browser.waitUntil(async () => (await scheduledRuns()).length === 1, { timeout: 15_000, timeoutMsg: 'the schedule started no run' });
    const [run] = await scheduledRuns();
    if (!run) throw new Error('no scheduled run');
    const expected = `generate-items ${run.id}.xlsx`;
    await browser.waitUntil(() => Promise.resolve(readdirSync(folder).includes(expected)), {
      timeout: 60_000,
      interval: 500,
      timeoutMsg: `no ${expected} in ${folder}: ${readdirSync(folder).join(', ')}`,
    });
    const reference = Buffer.from(await (await api('GET', `/v2/datasets/${run.defaultDatasetId}/items?format=xlsx`)).arrayBuffer());
    expect(readFileSync(path.join(folder, expected)).equals(reference)).toBe(true);

    await $('[data-testid="schedule-open"]').click();
    await expect($$('[data-testid="schedule-run"]')).toBeElementsArrayOfSize(1);
    await expect($('[data-testid="schedule-run"]')).toHaveText(expect.stringContaining('from a schedule'));
    await expect($('[data-testid="schedule-log"]')).toHaveText(expect.stringContaining('Schedule invoked'));
    screenshotWindow(path.join(artifacts, 'screenshots/schedule-page.png'));
  });

  it('turned off, starts nothing more however many mornings pass', async () => {
    await $('[data-testid="schedule-switch"]').click();
    await expect($('[data-testid="schedule-next"]')).toHaveText('None: the schedule is off');
    await morningComes();
    await morningComes();
    await browser.pause(4_000);
    expect(await scheduledRuns()).toHaveLength(1);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('says a schedule deleted in Apify Console is gone, and deletes its own with a confirmation', async () => {
    const made = (await (await api('POST', '/v2/schedules', { name: 'from-console', cronExpression: '@daily', actions: [] })).json()) as {
      data: { id: string };
    };
    await $('[data-testid="nav-schedules"]').click();
    const elsewhere = $(`[data-testid="schedule-row"][data-schedule-id="${made.data.id}"]`);
    await expect(elsewhere).toBeDisplayed();
    expect((await api('DELETE', `/v2/schedules/${made.data.id}`)).status).toBe(204);
    await elsewhere.$('[data-testid="schedule-switch"]').click();
    await expect(elsewhere.$('[data-testid="schedule-switch-error"]')).toHaveText(expect.stringContaining('deleted in Apify Console'));

    await $('[data-testid="schedule-row"]').$('[data-testid="schedule-open"]').click();
    await $('[data-testid="schedule-delete"]').click();
    await $('[data-testid="schedule-delete-confirm"]').click();
    await expect($('[data-testid="schedules"]')).toBeDisplayed();
    await browser.waitUntil(async () => ((await (await api('GET', '/v2/schedules')).json()) as { data: { total: number } }).data.total === 0, {
      timeout: 10_000,
      timeoutMsg: 'the schedule is still on the platform',
    });
    expect(await pageLeaks(keychainTokens())).toEqual([]);
  });

  it('goes back to the bundled sandbox and signs the test profile out', async () => {
    await $('[data-testid="nav-settings"]').click();
    await $('[data-testid="profile-row"][data-name="Sandbox"] [data-testid="profile-switch"]').click();
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)');
    await $('[data-testid="profile-row"][data-name="Schedules"] [data-testid="profile-sign-out"]').click();
    for (const confirm of await $$('[data-testid="profile-sign-out-confirm"]')) {
      if (await confirm.isDisplayed()) await confirm.click();
    }
    await expect($('[data-testid="profile-row"][data-name="Schedules"]')).not.toBeExisting();
  });
});
