import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { backend, BackendError, toBackendError } from './index';

afterEach(() => clearMocks());

describe('toBackendError', () => {
  it('keeps the kind, message and detail of a command error', () => {
    const error = toBackendError({ kind: 'keychainLocked', message: 'Your keychain is locked.', detail: 'prompt dismissed' });
    expect(error).toBeInstanceOf(BackendError);
    expect(error.kind).toBe('keychainLocked');
    expect(error.message).toBe('Your keychain is locked.');
    expect(error.detail).toBe('prompt dismissed');
  });

  it('turns a bare rejection from Tauri into an "unexpected" error with the cause as detail', () => {
    const error = toBackendError('Command app_info not allowed by ACL');
    expect(error.kind).toBe('unexpected');
    expect(error.message).toMatch(/Something went wrong/);
    expect(error.detail).toBe('Command app_info not allowed by ACL');
  });
});

describe('backend', () => {
  it('calls the Rust command by its name and returns its answer', async () => {
    const calls: string[] = [];
    mockIPC((command) => {
      calls.push(command);
      return { storeName: 'Secret Service (GNOME Keyring or KWallet)' };
    });
    await expect(backend.keychainStatus()).resolves.toEqual({
      storeName: 'Secret Service (GNOME Keyring or KWallet)',
    });
    expect(calls).toEqual(['keychain_status']);
  });

  it('rejects with a BackendError when the command fails', async () => {
    mockIPC(() => {
      throw { kind: 'keychainUnavailable', message: 'No keychain.', detail: 'no bus' };
    });
    await expect(backend.keychainStatus()).rejects.toMatchObject({ kind: 'keychainUnavailable', message: 'No keychain.' });
  });
});
