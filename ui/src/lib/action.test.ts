import { describe, expect, it } from 'vitest';
import { Action } from './action.svelte';
import { BackendError } from './backend';

describe('Action', () => {
  it('is busy while it works and answers the result', async () => {
    let finish: (value: number) => void = () => undefined;
    const action = new Action(() => new Promise<number>((resolve) => (finish = resolve)));
    const running = action.run();
    expect(action.busy).toBe(true);
    finish(7);
    await expect(running).resolves.toBe(7);
    expect(action.busy).toBe(false);
    expect(action.error).toBeNull();
  });

  it('keeps a failure as a typed BackendError, and Retry runs again with the same arguments', async () => {
    const seen: string[] = [];
    const action = new Action(async (id: string) => {
      seen.push(id);
      if (seen.length === 1) throw { kind: 'offline', message: 'Greenroom cannot reach Apify.', detail: 'refused' };
      return 'ok';
    });
    await expect(action.run('p1')).resolves.toBeUndefined();
    expect(action.error).toBeInstanceOf(BackendError);
    expect(action.error?.kind).toBe('offline');
    expect(action.error?.detail).toBe('refused');

    await expect(action.retry()).resolves.toBe('ok');
    expect(seen).toEqual(['p1', 'p1']);
    expect(action.error).toBeNull();
  });
});
