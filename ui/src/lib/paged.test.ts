import { describe, expect, it } from 'vitest';
import { Paged } from './paged.svelte';

describe('Paged', () => {
  it('reads the page at its offset, turns, never goes before the first, and starts over', async () => {
    const asked: number[] = [];
    const paged = new Paged(10, async (offset, size) => {
      asked.push(offset);
      return { rows: Array.from({ length: size }, (_, i) => offset + i), total: 35 };
    });
    await paged.load.run();
    await paged.turn(2);
    expect(paged.page?.rows[0]).toBe(20);
    await paged.turn(-5);
    await paged.turn(1);
    await paged.first();
    expect(asked).toEqual([0, 20, 0, 10, 0]);
  });

  it('keeps the failure for the notice and shows nothing stale after a forgetting start over', async () => {
    let fail = false;
    const paged = new Paged(5, async () => {
      if (fail) throw { kind: 'offline', message: 'Greenroom cannot reach Apify.', detail: null };
      return { rows: [1], total: 1 };
    });
    await paged.load.run();
    fail = true;
    await paged.first(true);
    expect(paged.page).toBeNull();
    expect(paged.load.error?.kind).toBe('offline');
  });
});
