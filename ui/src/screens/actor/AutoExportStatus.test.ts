import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import AutoExportStatus from './AutoExportStatus.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const view = {
  rule: {
    id: 'rule1',
    profileId: 'p1',
    since: '2026-11-24T10:00:00.000Z',
    actorId: 'a1',
    actorName: 'demo/generate-items',
    format: 'csv',
    options: { fields: [], omit: [], clean: false, unwind: [], flatten: [], bom: null, delimiter: null, offset: 0, limit: null, desc: false },
    folder: '/home/ana/Results',
    pattern: '{actor} {date} {run}',
    includeFailed: false,
  },
  saved: 3,
  lastSaved: '/home/ana/Results/generate-items 2026-11-24 r3.csv',
  waiting: 1,
  problem: { kind: 'folderMissing', message: 'That folder is gone.', detail: null },
};

describe('AutoExportStatus', () => {
  it('says where results go and why one waits, and turning it off forgets the rule', async () => {
    const calls: string[] = [];
    mockIPC((command) => {
      calls.push(command);
      return command === 'auto_export_list' ? [view] : null;
    });
    render(AutoExportStatus, { actorId: 'a1', actorName: 'demo/generate-items' });
    const summary = await screen.findByTestId('auto-export-summary');
    expect(summary.textContent).toContain('CSV to /home/ana/Results');
    expect(summary.textContent).toContain('3 saved so far, 1 waiting');
    expect(screen.getByTestId('auto-export-problem').dataset['kind']).toBe('folderMissing');
    await fireEvent.click(screen.getByTestId('auto-export-off'));
    await screen.findByTestId('auto-export-on');
    expect(calls).toContain('auto_export_remove');
  });

  it('offers to turn it on for an Actor without a rule', async () => {
    mockIPC((command) => (command === 'auto_export_list' ? [{ ...view, rule: { ...view.rule, actorId: 'other' } }] : null));
    render(AutoExportStatus, { actorId: 'a1', actorName: 'demo/generate-items' });
    await screen.findByTestId('auto-export-on');
    expect(screen.queryByTestId('auto-export-summary')).toBeNull();
  });
});
