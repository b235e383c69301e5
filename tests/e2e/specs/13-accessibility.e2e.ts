import { $, $$, browser, expect } from '@wdio/globals';
import { axeViolations, weakControlBorders, type Violation, type WeakBorder } from '../accessibility.ts';

/** Opens a section from the sidebar. */
async function section(name: string): Promise<void> {
  await $(`[data-testid="nav-${name}"]`).click();
}

/** Opens the first row of a list, whatever it holds. */
async function firstRow(selector: string): Promise<void> {
  const row = $(selector);
  await row.waitForDisplayed({ timeout: 15_000 });
  const button = (await row.$('button').isExisting()) ? row.$('button') : row;
  await button.click();
}

/** Every screen, as a person reaches it. The earlier specs left runs, datasets and stores. */
const screens: Array<[string, () => Promise<void>]> = [
  ['Get started', () => section('welcome')],
  ['Actors', () => section('actors')],
  [
    "an Actor's page",
    async () => {
      await section('actors');
      await $('[data-testid="catalog-myActors"]').click();
      await firstRow('[data-testid="catalog-row"]');
      await $('[data-testid="actor-page"] [data-testid="input-form"]').waitForDisplayed();
    },
  ],
  ['Runs', () => section('runs')],
  [
    "a run's page",
    async () => {
      await section('runs');
      await firstRow('[data-testid="run-row"]');
      await $('[data-testid="run-page-status"]').waitForDisplayed();
    },
  ],
  ['Datasets', () => section('datasets')],
  [
    'a dataset',
    async () => {
      await section('datasets');
      await firstRow('[data-testid="dataset-row"]');
    },
  ],
  [
    'the compare dialog',
    async () => {
      await section('datasets');
      await firstRow('[data-testid="dataset-row"]');
      await $('[data-testid="dataset-compare"]').click();
      await $('[data-testid="compare-older"]').waitForDisplayed({ timeout: 15_000 });
    },
  ],
  ['Key-value stores', () => section('kv')],
  [
    'a store',
    async () => {
      await section('kv');
      await firstRow('[data-testid="kv-store-row"]');
    },
  ],
  ['Request queues', () => section('queues')],
  [
    'a request queue',
    async () => {
      await section('queues');
      await firstRow('[data-testid="queue-row"]');
      await $('[data-testid="queue-filter-count-all"]').waitForDisplayed({ timeout: 30_000 });
    },
  ],
  ['Schedules', () => section('schedules')],
  [
    'the schedule dialog',
    async () => {
      await section('schedules');
      await $('[data-testid="schedule-new"]').click();
      await $('[data-testid="when-words"]').waitForDisplayed({ timeout: 15_000 });
    },
  ],
  ['Usage', () => section('usage')],
  ['Settings', () => section('settings')],
  [
    'the shortcuts sheet',
    async () => {
      await section('settings');
      await browser.keys('?');
      await $('[data-testid="shortcuts-help"]').waitForDisplayed();
    },
  ],
];

describe('accessibility: axe-core on every screen', () => {
  it('finds no serious or critical violation on any screen, and prints what it finds', async () => {
    await expect($('[data-testid="status-account"]')).toHaveText('sandbox-user (Sandbox)', { wait: 20_000 });
    const grave: Array<{ screen: string } & Violation> = [];
    const weakBorders: Array<{ screen: string } & WeakBorder> = [];
    let controls = 0;
    let checked = 0;
    for (const [screen, open] of screens) {
      await open();
      // Let the screen's data arrive before judging it.
      await browser.pause(800);
      const violations = await axeViolations();
      checked += 1;
      const byImpact = violations.reduce<Record<string, number>>((counts, v) => ({ ...counts, [v.impact]: (counts[v.impact] ?? 0) + 1 }), {});
      console.log(`axe: ${screen}: ${violations.length} violation(s) ${JSON.stringify(byImpact)}`);
      for (const v of violations) console.log(`axe:   ${v.impact} ${v.id}: ${v.help} at ${v.targets.join(' | ')}`);
      grave.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ screen, ...v })));
      // Borders of fields and buttons: 3:1 against what is behind them, measured, as axe does not.
      const borders = await weakControlBorders();
      controls += borders.measured;
      for (const w of borders.weak) console.log(`borders:   ${screen}: ${w.ratio}:1 ${w.border} on ${w.background} at ${w.control}`);
      weakBorders.push(...borders.weak.map((w) => ({ screen, ...w })));
      if (await $('[data-testid="shortcuts-help"]').isExisting()) await browser.keys('Escape');
      if (await $('[data-testid="schedule-dialog"]').isExisting()) await browser.keys('Escape');
      if (await $('[data-testid="compare-dialog"]').isExisting()) await browser.keys('Escape');
    }
    expect(checked).toBe(screens.length);
    console.log(`axe: ${grave.length} serious or critical violation(s) on ${checked} screens`);
    expect(grave).toEqual([]);
    console.log(`borders: ${weakBorders.length} of ${controls} control borders under 3:1`);
    expect(controls).toBeGreaterThan(50);
    expect(weakBorders).toEqual([]);
  });

  it('catches a planted faint border, so a clean measurement means something', async () => {
    await browser.execute(() => {
      const field = document.createElement('input');
      field.id = 'planted-faint';
      field.setAttribute('aria-label', 'planted');
      document.querySelector('main')?.prepend(field);
      field.style.setProperty('border', '1px solid #e1e5ea');
    });
    const { weak } = await weakControlBorders();
    expect(weak.some((w) => w.control.includes('planted-faint'))).toBe(true);
    await browser.execute(() => document.getElementById('planted-faint')?.remove());
  });

  it('catches a planted violation, so a clean result means something', async () => {
    await browser.execute(() => {
      const image = document.createElement('img');
      image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      image.dataset['testid'] = 'planted';
      document.body.append(image);
    });
    const violations = await axeViolations();
    await browser.execute(() => document.querySelector('[data-testid="planted"]')?.remove());
    expect(violations.map((v) => v.id)).toContain('image-alt');
    expect(await $$('[data-testid="planted"]').length).toBe(0);
  });
});
