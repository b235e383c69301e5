// Calling a Rust command by its name in the generated map: every failure arrives as a
// BackendError whose `kind` the UI branches on.
import { invoke } from '@tauri-apps/api/core';
import type { Commands } from './commands';
import type { ErrorKind } from './bindings/ErrorKind';
import type { IpcError } from './bindings/IpcError';

/** Anything that went wrong in a command, or on the way to it. */
export class BackendError extends Error {
  readonly kind: ErrorKind | 'unexpected';
  readonly detail: string | null;

  constructor(kind: ErrorKind | 'unexpected', message: string, detail: string | null) {
    super(message);
    this.name = 'BackendError';
    this.kind = kind;
    this.detail = detail;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IpcError).kind === 'string' &&
    typeof (value as IpcError).message === 'string'
  );
}

/** Turns whatever a rejected call gave into a BackendError. */
export function toBackendError(rejection: unknown): BackendError {
  if (rejection instanceof BackendError) return rejection;
  if (isIpcError(rejection)) {
    return new BackendError(rejection.kind, rejection.message, rejection.detail);
  }
  // Tauri itself rejects with a plain string, e.g. when a capability does not grant a command.
  const detail = rejection instanceof Error ? rejection.message : String(rejection);
  return new BackendError(
    'unexpected',
    'Something went wrong inside Greenroom. Please try again; if it keeps happening, restart the app.',
    detail,
  );
}

/** Calls a Rust command by its name in the generated map, with its typed arguments. */
export async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, args);
  } catch (rejection) {
    throw toBackendError(rejection);
  }
}

