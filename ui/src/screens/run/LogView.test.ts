import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LogView from './LogView.svelte';

// jsdom measures nothing; the real webview's ResizeObserver reports the viewport's height.
vi.stubGlobal(
  'ResizeObserver',
  class {
    observe() {}
    unobserve() {}
    disconnect() {}
  },
);

afterEach(() => cleanup());

describe('LogView', () => {
  it('puts only the lines in view into the page, however long the log', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i + 1}`);
    render(LogView, { lines });
    expect(screen.getAllByTestId('log-line').length).toBeLessThan(100);
    const spacer = document.querySelector<HTMLElement>('.spacer');
    expect(spacer?.style.height).toBe(`${100_000 * 18}px`);
    expect(screen.getByTestId('log-count').textContent).toBe('100,000 lines');

    await fireEvent.input(screen.getByTestId('log-search'), { target: { value: 'line 9999' } });
    // "line 9999" and "line 99990" to "line 99999".
    expect(screen.getByTestId('log-count').textContent).toBe('11 of 100,000 lines');
  });
});
