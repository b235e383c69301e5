import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import KeychainCheck from './KeychainCheck.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('KeychainCheck', () => {
  it('shows which keychain is ready after the check', async () => {
    mockIPC(() => ({ storeName: 'macOS Keychain' }));
    render(KeychainCheck);

    await fireEvent.click(screen.getByRole('button', { name: 'Check keychain' }));

    expect((await screen.findByRole('status')).textContent).toContain('Your keychain is ready: macOS Keychain');
  });

  it('shows what to do, the details, and a Retry button when the keychain is locked', async () => {
    let attempts = 0;
    mockIPC(() => {
      attempts += 1;
      if (attempts === 1) {
        throw { kind: 'keychainLocked', message: 'Your keychain is locked. Unlock it, then press Retry.', detail: 'SS error: prompt dismissed' };
      }
      return { storeName: 'Secret Service (GNOME Keyring or KWallet)' };
    });
    render(KeychainCheck);

    await fireEvent.click(screen.getByRole('button', { name: 'Check keychain' }));
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.kind).toBe('keychainLocked');
    expect(alert.textContent).toContain('Your keychain is locked.');
    expect(alert.querySelector('code')?.textContent).toBe('SS error: prompt dismissed');

    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect((await screen.findByRole('status')).textContent).toContain('Secret Service');
    expect(attempts).toBe(2);
  });
});
