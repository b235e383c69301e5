import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import DatasetScreen from './DatasetScreen.svelte';

// jsdom lays nothing out: sizes stay 0 (so the table draws no rows, but asks for the first
// block), and dialogs only need to open.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};

afterEach(() => {
  cleanup();
  clearMocks();
});

const overview = {
  id: 'overview',
  title: 'Overview',
  description: null,
  query: { fields: ['title', 'price.value'], omit: [], flatten: ['price'], skipHidden: false, desc: false },
  unwind: [],
  columns: [
    { field: 'title', label: 'Product', format: 'text' },
    { field: 'price.value', label: 'Price', format: 'number' },
  ],
};

const info = {
  id: 'd1',
  name: 'products',
  itemCount: 3,
  modifiedAt: null,
  sizeBytes: 100,
  actId: 'a1',
  actRunId: 'r1',
  views: [overview],
  filled: { rating: 2 },
  retentionDays: null,
};

function item(index: number) {
  return { id: index + 1, title: `Lamp ${index + 1}`, price: { value: index + 0.5, currency: 'EUR' }, rating: index === 0 ? undefined : 4 };
}

interface Call {
  command: string;
  args: Record<string, unknown>;
}

function backend(calls: Call[]) {
  mockIPC((command, args) => {
    calls.push({ command, args: args as Record<string, unknown> });
    switch (command) {
      case 'dataset_info':
        return info;
      case 'dataset_window': {
        const { offset, span, query } = args as { offset: number; span: number; query: { fields: string[] } };
        const items = [0, 1, 2].slice(offset, offset + span).map((i) => {
          const whole = item(i);
          return query.fields.length ? { title: whole.title, 'price.value': whole.price.value } : whole;
        });
        return { offset, items, total: 3 };
      }
      case 'export_check':
        return null;
      case 'choose_save_file':
        return null;
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

const headers = () => screen.queryAllByTestId('column-header').map((h) => h.getAttribute('data-column'));

describe('DatasetScreen', () => {
  it('shows the columns in first-seen order with the API statistics, and a view with its labels', async () => {
    const calls: Call[] = [];
    backend(calls);
    render(DatasetScreen, { datasetId: 'd1' });
    await waitFor(() => expect(headers()).toEqual(['id', 'title', 'price', 'rating']));
    expect(screen.getByTestId('column-filled').textContent).toBe('2 with a value');

    const views = screen.getByTestId('dataset-view') as HTMLSelectElement;
    views.value = 'overview';
    await fireEvent.change(views);
    await waitFor(() => expect(headers()).toEqual(['title', 'price.value']));
    expect(screen.getAllByTestId('column-header')[1]?.textContent).toContain('Price');
    const window = calls.filter((c) => c.command === 'dataset_window').at(-1);
    expect(window?.args.query).toEqual(overview.query);

    // Back to all fields: the view's options go with it.
    views.value = '';
    await fireEvent.change(views);
    await waitFor(() => expect(headers()).toEqual(['id', 'title', 'price', 'rating']));
    const all = calls.filter((c) => c.command === 'dataset_window').at(-1);
    expect(all?.args.query).toEqual({ fields: [], omit: [], flatten: [], skipHidden: false, desc: false });
  });

  it('exports all fields without the view\'s flattening, or the columns in view with it', async () => {
    const calls: Call[] = [];
    backend(calls);
    render(DatasetScreen, { datasetId: 'd1' });
    await waitFor(() => expect(headers()).toHaveLength(4));
    await fireEvent.click(screen.getByTestId('dataset-export'));
    await fireEvent.click(screen.getByTestId('export-format-csv'));
    // The table shows every field in its order: "in view" would be the same, so it is not
    // offered, and no `fields` are asked for (the API's slow path on the platform).
    expect(screen.queryByTestId('export-shown-fields')).toBeNull();
    await fireEvent.click(screen.getByTestId('export-all-fields'));
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(calls.some((c) => c.command === 'export_check')).toBe(true));
    const check = calls.find((c) => c.command === 'export_check');
    expect(check?.args.format).toBe('csv');
    expect(check?.args.options).toMatchObject({ fields: [], flatten: [], bom: true, delimiter: ',', offset: 0, limit: null });
    // Rust was asked for the save dialog with a suggested name; cancelling it starts nothing.
    await waitFor(() => expect(calls.some((c) => c.command === 'choose_save_file')).toBe(true));
    const save = calls.find((c) => c.command === 'choose_save_file');
    expect(save?.args.suggestedName).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(save?.args.filter).toEqual({ name: 'CSV', extension: 'csv' });
    expect(calls.some((c) => c.command === 'export_start')).toBe(false);
  });

  it('exports a view\'s columns with its flattening, and all fields as stored', async () => {
    const calls: Call[] = [];
    backend(calls);
    render(DatasetScreen, { datasetId: 'd1' });
    await waitFor(() => expect(headers()).toHaveLength(4));
    const views = screen.getByTestId('dataset-view') as HTMLSelectElement;
    views.value = 'overview';
    await fireEvent.change(views);
    await waitFor(() => expect(headers()).toEqual(['title', 'price.value']));
    const checks = () => calls.filter((c) => c.command === 'export_check').map((c) => c.args.options);

    await fireEvent.click(screen.getByTestId('dataset-export'));
    await fireEvent.click(screen.getByTestId('export-format-json'));
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(checks()).toHaveLength(1));
    expect(checks()[0]).toMatchObject({ fields: ['title', 'price.value'], flatten: ['price'], bom: null });
    // The save dialog was cancelled: the export dialog stays, ready again.
    await waitFor(() => expect((screen.getByTestId('export-save') as HTMLButtonElement).disabled).toBe(false));

    await fireEvent.click(screen.getByTestId('export-all-fields'));
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(checks()).toHaveLength(2));
    expect(checks()[1]).toMatchObject({ fields: [], flatten: [] });
  });
});
