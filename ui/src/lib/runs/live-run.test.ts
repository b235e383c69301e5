import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../backend';
import { newer } from './live-run.svelte';

const run = (status: string, stage: number, statusMessage: string | null = null): RunSummary => ({
  id: 'r1',
  actorId: null,
  taskId: null,
  status,
  statusMessage,
  startedAt: null,
  finishedAt: null,
  defaultDatasetId: null,
  defaultKeyValueStoreId: null,
  defaultRequestQueueId: null,
  finished: stage === 3,
  stage,
});

describe('the run a screen shows', () => {
  it('never goes back to an earlier stage, whichever answer arrives last', () => {
    const running = run('RUNNING', 1);
    expect(newer(running, run('READY', 0))).toBe(running);
    const done = run('SUCCEEDED', 3);
    expect(newer(done, run('RUNNING', 1))).toBe(done);
    expect(newer(run('READY', 0), running)).toBe(running);
  });

  it('takes the later answer within one stage, so a new message shows', () => {
    const later = run('RUNNING', 1, 'Page 2');
    expect(newer(run('RUNNING', 1, 'Page 1'), later)).toBe(later);
  });

  it('takes any answer about another run', () => {
    const other = { ...run('READY', 0), id: 'r2' };
    expect(newer(run('SUCCEEDED', 3), other)).toBe(other);
  });
});
