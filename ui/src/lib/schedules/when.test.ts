import { describe, expect, it } from 'vitest';
import { startOf, timeOf, timeText, WEEKDAYS } from './when';

describe('the schedule picker', () => {
  it('keeps the time of day when the form changes', () => {
    const daily = { form: 'daily', at: { hour: 7, minute: 30 } } as const;
    expect(startOf('weekly', daily)).toEqual({ form: 'weekly', days: [1], at: { hour: 7, minute: 30 } });
    expect(startOf('everyMinutes', daily)).toEqual({ form: 'everyMinutes', minutes: 15 });
    expect(startOf('daily', { form: 'everyMinutes', minutes: 5 })).toEqual({ form: 'daily', at: { hour: 9, minute: 0 } });
  });

  it('reads and writes the time field, refusing what is not a time', () => {
    expect(timeText({ hour: 9, minute: 5 })).toBe('09:05');
    expect(timeOf('09:05')).toEqual({ hour: 9, minute: 5 });
    expect(timeOf('24:00')).toBeNull();
    expect(timeOf('')).toBeNull();
  });

  it('names the days Sunday first, as cron counts them', () => {
    expect(WEEKDAYS.map((d) => d.day)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(WEEKDAYS[0]?.label).toMatch(/^Sun/);
  });
});
