import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preferences } from '../preferences/preferences.svelte';
import { allInOrder, loadChoice, saveChoice, shownColumns } from './column-choice';

const sent: { key: string; value: unknown }[] = [];

describe('column choice', () => {
  beforeEach(async () => {
    sent.length = 0;
    mockIPC((command, args) => {
      if (command === 'preferences_all') return { 'columns.d1.all': { order: 5 } };
      if (command === 'preference_set') sent.push(args as { key: string; value: unknown });
      return null;
    });
    await preferences.load();
  });
  afterEach(() => clearMocks());

  it('is remembered per dataset and view', () => {
    saveChoice('d1', null, { order: ['b', 'a'], hidden: ['c'] });
    expect(loadChoice('d1', null)).toEqual({ order: ['b', 'a'], hidden: ['c'] });
    expect(sent).toEqual([{ key: 'columns.d1.all', value: { order: ['b', 'a'], hidden: ['c'] } }]);
    expect(loadChoice('d1', 'overview')).toBeNull();
    expect(loadChoice('d2', null)).toBeNull();
  });

  it('orders, hides, and keeps columns first seen later', () => {
    const choice = { order: ['c', 'a'], hidden: ['b'] };
    expect(shownColumns(['a', 'b', 'c', 'd'], choice)).toEqual(['c', 'a', 'd']);
    expect(allInOrder(['a', 'b', 'c', 'd'], choice)).toEqual(['c', 'a', 'b', 'd']);
    expect(shownColumns(['a', 'b'], null)).toEqual(['a', 'b']);
  });

  it('ignores a damaged entry', () => {
    // The store as loaded holds `{"order": 5}` for this table.
    expect(loadChoice('d1', null)).toBeNull();
  });
});
