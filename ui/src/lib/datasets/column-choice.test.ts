import { beforeEach, describe, expect, it } from 'vitest';
import { allInOrder, loadChoice, saveChoice, shownColumns } from './column-choice';

describe('column choice', () => {
  beforeEach(() => localStorage.clear());

  it('is remembered per dataset and view', () => {
    saveChoice('d1', null, { order: ['b', 'a'], hidden: ['c'] });
    expect(loadChoice('d1', null)).toEqual({ order: ['b', 'a'], hidden: ['c'] });
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
    localStorage.setItem('greenroom.columns.d1.all', '{"order": 5}');
    expect(loadChoice('d1', null)).toBeNull();
  });
});
