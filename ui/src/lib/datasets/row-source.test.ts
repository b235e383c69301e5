import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK, RowSource } from './row-source.svelte';

afterEach(() => clearMocks());

const query = { fields: [], omit: [], flatten: [], skipHidden: false, desc: false };

describe('RowSource', () => {
  it('fetches the blocks a window needs, keeps at most 16, and serves any jump', async () => {
    const asked: number[] = [];
    mockIPC((command, args) => {
      if (command !== 'dataset_window') throw new Error(command);
      const { offset, span } = args as { offset: number; span: number };
      asked.push(offset);
      return { offset, total: 200_000, items: Array.from({ length: span }, (_, i) => ({ id: offset + i + 1 })) };
    });
    const source = new RowSource('d1', query);
    for (const row of [180_000, 132_606, 183_808, 47_936, 0, 199_990]) {
      await source.want(Math.max(0, row - 40), Math.min(200_000, row + 60));
      expect(source.row(row)).toEqual({ id: row + 1 });
      expect(source.heldBlocks).toBeLessThanOrEqual(16);
    }
    // Each block is asked for once, aligned.
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.every((offset) => offset % BLOCK === 0)).toBe(true);
  });

  it('says what failed, and asks again on the next want', async () => {
    let fail = true;
    mockIPC(() => {
      if (fail) throw { kind: 'offline', message: 'Greenroom cannot reach Apify.', detail: null };
      return { offset: 0, total: 1, items: [{ a: 1 }] };
    });
    const source = new RowSource('d1', query);
    await source.want(0, 10);
    expect(source.error?.kind).toBe('offline');
    fail = false;
    await source.want(0, 10);
    expect(source.row(0)).toEqual({ a: 1 });
    expect(source.error).toBeNull();
  });
});
