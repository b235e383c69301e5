import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ActorScreen from './ActorScreen.svelte';

// jsdom lays nothing out, so it has no scrolling; the run's panel asks to be scrolled into view.
Element.prototype.scrollIntoView ??= function () {};

afterEach(() => {
  cleanup();
  clearMocks();
});

const page = {
  id: 'a1',
  title: 'Echo input',
  name: 'sandbox-labs/echo-input',
  description: null,
  readmeHtml: '<h1>Echo</h1>',
  inputSchema: {
    type: 'object',
    properties: { text: { title: 'Text', type: 'string', editor: 'textarea', prefill: 'Echo!' } },
    required: ['text'],
  },
  schemaProblem: null,
  buildNumber: '0.1.1',
  memorySizes: [128, 256],
  defaultMemoryMbytes: null,
  defaultTimeoutSecs: null,
};

describe('ActorScreen', () => {
  it('runs the input the form shows, once Rust found no problem, and remembers it as a draft', async () => {
    const calls: { command: string; args: unknown }[] = [];
    mockIPC((command, args) => {
      calls.push({ command, args });
      switch (command) {
        case 'actor_page':
          return page;
        case 'input_check':
        case 'auto_export_list':
        case 'schedules_list':
          return [];
        case 'run_start':
          return { id: 'r1', status: 'READY' };
        case 'run_watch':
          return { id: 7, kind: 'runWatch', title: 'Run r1', subject: 'r1', startedAt: '', progress: null, state: { state: 'running' } };
        default:
          return null;
      }
    });
    render(ActorScreen, { actorId: 'a1' });
    const run = await screen.findByTestId('run');
    await waitFor(() => expect((run as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(run);
    await screen.findByTestId('run-panel');
    const start = calls.find((c) => c.command === 'run_start');
    expect(start?.args).toMatchObject({ actorId: 'a1', input: { text: 'Echo!' } });
    // The draft goes to Rust's preference store.
    const kept = calls.find((c) => c.command === 'preference_set');
    expect(kept?.args).toEqual({ key: 'drafts', value: { a1: { text: 'Echo!' } } });
  });
});
