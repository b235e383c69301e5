import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { profiles } from '../../lib/profiles/profiles.svelte';
import { router } from '../../lib/router/router.svelte';
import DatasetsScreen from './DatasetsScreen.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const row = (id: string, name: string | null) => ({
  id,
  name,
  modifiedAt: '2026-11-24T09:00:00.000Z',
  itemCount: 100000,
  sizeBytes: 28_000_000,
  actRunId: 'run1',
});

describe('DatasetsScreen', () => {
  it('lists datasets with their counts and sizes, and searches them', async () => {
    const searches: string[] = [];
    mockIPC((command, args) => {
      if (command !== 'storages_list') throw new Error(`unexpected ${command}`);
      const search = (args as { search: string }).search;
      searches.push(search);
      const rows = [row('d1', null), row('d2', 'products')].filter((r) => !search || r.id === search);
      return { rows, total: rows.length, offset: 0 };
    });
    profiles.view = {
      active: 'p1',
      profiles: [
        {
          id: 'p1', name: 'me', username: 'me', userId: 'u', plan: null, apiBaseUrl: 'https://api.apify.com',
          tokenHint: 'apify_api_…', createdAt: '', lastUsedAt: null, sandbox: false,
        },
      ],
    } as typeof profiles.view;
    render(DatasetsScreen);
    await waitFor(() => expect(screen.getAllByTestId('dataset-row')).toHaveLength(2));
    expect(screen.getByText('products')).toBeTruthy();
    expect(screen.getAllByText('28 MB')).toHaveLength(2);
    await fireEvent.input(screen.getByTestId('datasets-search'), { target: { value: 'd2' } });
    await waitFor(() => expect(screen.getAllByTestId('dataset-row')).toHaveLength(1));
    expect(searches).toEqual(['', 'd2']);
  });

  it('leads from no datasets at all to running an Actor, and from no match to nothing more', async () => {
    mockIPC((command, args) => {
      if (command !== 'storages_list') throw new Error(`unexpected ${command}`);
      return { rows: [], total: 0, offset: 0, search: (args as { search: string }).search };
    });
    render(DatasetsScreen);
    await waitFor(() => expect(screen.getByTestId('datasets-empty')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('datasets-run-an-actor'));
    expect(router.current.screen).toBe('actors');
    await fireEvent.input(screen.getByTestId('datasets-search'), { target: { value: 'nothing' } });
    await waitFor(() => expect(screen.getByTestId('datasets-empty').textContent).toBe('Nothing matches.'));
    expect(screen.queryByTestId('datasets-run-an-actor')).toBeNull();
  });
});
