import { describe, expect, it } from 'vitest';
import { KeyList } from './key-list.svelte';

describe('KeyList', () => {
  it('reads pages by the last key until the end, and starts over on a new prefix', async () => {
    const asked: Array<[string, string | null]> = [];
    const all = Array.from({ length: 2500 }, (_, i) => `item-${String(i).padStart(5, '0')}`);
    const list = new KeyList('s', async (_store, prefix, _collection, after, limit) => {
      asked.push([prefix, after]);
      const matching = all.filter((key) => key.startsWith(prefix) && (after === null || key > after));
      const keys = matching.slice(0, limit).map((key) => ({ key, size: 9 }));
      return { keys, next: matching.length > limit ? keys[keys.length - 1]!.key : null };
    });
    await list.reset();
    await list.more();
    await list.more();
    expect(list.keys).toHaveLength(2500);
    expect(list.done).toBe(true);
    await list.more();
    expect(asked).toEqual([['', null], ['', 'item-00999'], ['', 'item-01999']]);
    list.prefix = 'item-024';
    await list.reset();
    expect(list.keys.map((k) => k.key)).toEqual(all.filter((k) => k.startsWith('item-024')));
  });

  it('keeps a created key in order and forgets a deleted one', async () => {
    const list = new KeyList('s', async () => ({ keys: [{ key: 'a', size: 1 }, { key: 'c', size: 1 }], next: null }));
    await list.reset();
    list.insert({ key: 'b', size: 2 });
    list.insert({ key: 'B', size: 2 });
    list.remove('a');
    expect(list.keys.map((k) => k.key)).toEqual(['B', 'b', 'c']);
  });
});
