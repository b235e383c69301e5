import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduleRow } from '../../lib/backend';
import ScheduleSwitch from './ScheduleSwitch.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const row: ScheduleRow = {
  id: 's1',
  title: 'Shop prices',
  name: 'shop-prices',
  expression: '0 9 * * 1-5',
  when: { form: 'weekdays', at: { hour: 9, minute: 0 } },
  words: 'Every weekday at 9:00',
  timezone: 'UTC',
  enabled: true,
  nextRunAt: '2026-11-27T09:00:00.000Z',
  lastRunAt: null,
  actions: [],
};

describe('ScheduleSwitch', () => {
  it('shows what the platform answers: off once it says off', async () => {
    mockIPC((command, args) => (command === 'schedule_set_enabled' ? { ...row, enabled: (args as { enabled: boolean }).enabled } : null));
    let changed: ScheduleRow | null = null;
    render(ScheduleSwitch, { row, onchanged: (next: ScheduleRow) => (changed = next) });
    await fireEvent.click(screen.getByTestId('schedule-switch'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(changed).toMatchObject({ enabled: false });
  });

  it('says why when the schedule is gone, and stays as it was', async () => {
    mockIPC((command) => {
      if (command === 'schedule_set_enabled') throw { kind: 'notFound', message: 'This schedule is no longer on Apify.', detail: null };
      return null;
    });
    render(ScheduleSwitch, { row });
    const box = screen.getByTestId('schedule-switch') as HTMLInputElement;
    await fireEvent.click(box);
    const notice = await screen.findByTestId('schedule-switch-error');
    expect(notice.dataset['kind']).toBe('notFound');
    expect(box.checked).toBe(true);
  });
});
