import { describe, expect, it } from 'vitest';
import { cycleChoices, cycleLabel, daysLeft, planName } from './cycles';

const now = new Date('2026-11-26T12:00:00Z');

describe('billing cycles', () => {
  it('names a cycle by its first and last day, whichever way Apify gives its end', () => {
    const label = cycleLabel('2026-11-01T00:00:00.000Z', '2026-11-30T23:59:59.999Z', now);
    expect(label).toMatch(/^(1 Nov|Nov 1) – (30 Nov|Nov 30)$/);
    expect(cycleLabel('2026-11-26T00:00:00.000Z', '2026-12-26T00:00:00.000Z', now)).toMatch(/^(26 Nov|Nov 26) – (25 Dec|Dec 25)$/);
    // Another year says so.
    expect(cycleLabel('2025-12-26T00:00:00.000Z', '2026-01-26T00:00:00.000Z', now)).toMatch(/2025 – (25 Jan|Jan 25)$/);
  });

  it('counts the days until the reset', () => {
    expect(daysLeft('2026-11-30T23:59:59.999Z', now)).toBe(5);
    expect(daysLeft('2026-11-26T13:00:00.000Z', now)).toBe(1);
  });

  it('lists the cycles before the current one, each by its own days, a short month kept whole', () => {
    const choices = cycleChoices('2026-03-31T00:00:00.000Z', '2026-04-30T00:00:00.000Z', 2, now);
    expect(choices[0]).toEqual({ date: null, label: expect.stringMatching(/^This cycle: (31 Mar|Mar 31) – (29 Apr|Apr 29)$/) });
    expect(choices[1]?.date).toBe('2026-02-28');
    expect(choices[1]?.label).toMatch(/^(28 Feb|Feb 28) – (30 Mar|Mar 30)$/);
    expect(choices[2]?.date).toBe('2026-01-31');
    expect(choices).toHaveLength(3);
  });

  it('writes a plan as a word', () => {
    expect(planName('FREE')).toBe('Free');
    expect(planName('SCALE_UP')).toBe('Scale up');
    expect(planName(null)).toBeNull();
  });
});
