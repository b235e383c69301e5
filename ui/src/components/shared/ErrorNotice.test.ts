import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../lib/backend';
import ErrorNotice from './ErrorNotice.svelte';

afterEach(() => cleanup());

describe('ErrorNotice', () => {
  it('shows the headline, keeps the detail behind Details, and offers Retry', async () => {
    let retried = 0;
    const error = new BackendError('diskFull', 'There is not enough free space on the disk.', '/tmp/x: No space left');
    render(ErrorNotice, { error, onretry: () => (retried += 1) });

    const alert = screen.getByRole('alert');
    expect(alert.dataset.kind).toBe('diskFull');
    // A sign besides the colour, hidden from screen readers, which read the words.
    expect(alert.querySelector('p')?.textContent).toBe('⚠ There is not enough free space on the disk.');
    expect(alert.querySelector('.icon')?.getAttribute('aria-hidden')).toBe('true');
    expect(alert.querySelector('details')?.open).toBe(false);
    expect(alert.querySelector('code')?.textContent).toBe('/tmp/x: No space left');
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retried).toBe(1);
  });

  it('has no Retry where trying again cannot help, and no Details without a detail', () => {
    const error = new BackendError('wrongAccount', 'This token belongs to another Apify account.', null);
    render(ErrorNotice, { error, onretry: () => undefined });
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('alert').querySelector('details')).toBeNull();
  });

  it('offers the one way out a kind has: a settings file to find, a bug to report', () => {
    render(ErrorNotice, { error: new BackendError('storeUnreadable', 'Greenroom could not read its saved settings.', null) });
    expect(screen.getByRole('button', { name: 'Show in folder' })).toBeTruthy();
    cleanup();
    render(ErrorNotice, { error: new BackendError('internal', 'Something went wrong inside Greenroom.', null) });
    expect(screen.getByRole('button', { name: 'Copy diagnostics' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show in folder' })).toBeNull();
  });
});
