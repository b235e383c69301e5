// The one door to the Rust backend. Components import this module, never @tauri-apps/api, so
// every command's name, argument and result type is written down once, and every failure
// arrives as a BackendError whose `kind` the UI can branch on.
import { invoke } from '@tauri-apps/api/core';
import type { Account } from './bindings/Account';
import type { AppInfo } from './bindings/AppInfo';
import type { ErrorKind } from './bindings/ErrorKind';
import type { IpcError } from './bindings/IpcError';
import type { KeychainStatus } from './bindings/KeychainStatus';
import type { Profile } from './bindings/Profile';
import type { ProfilesView } from './bindings/ProfilesView';
import type { TokenCheck } from './bindings/TokenCheck';

export type { Account, AppInfo, ErrorKind, IpcError, KeychainStatus, Profile, ProfilesView, TokenCheck };

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

/** Turns whatever a rejected `invoke` gave into a BackendError. */
export function toBackendError(rejection: unknown): BackendError {
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (rejection) {
    throw toBackendError(rejection);
  }
}

export const backend = {
  appInfo: () => call<AppInfo>('app_info'),
  keychainStatus: () => call<KeychainStatus>('keychain_status'),
  profilesList: () => call<ProfilesView>('profiles_list'),
  /** The only call that carries a token; Rust keeps it until `profileSave` or `profileReplaceToken`. */
  tokenCheck: (token: string, apiBaseUrl: string | null) => call<TokenCheck>('token_check', { token, apiBaseUrl }),
  envTokenPresent: () => call<boolean>('env_token_present'),
  /** Checks the token of APIFY_TOKEN, which Rust reads itself: it never reaches the page. */
  envTokenCheck: (apiBaseUrl: string | null) => call<TokenCheck>('env_token_check', { apiBaseUrl }),
  profileSave: (name: string) => call<ProfilesView>('profile_save', { name }),
  profileReplaceToken: (id: string) => call<ProfilesView>('profile_replace_token', { id }),
  profileActivate: (id: string) => call<ProfilesView>('profile_activate', { id }),
  profileRename: (id: string, name: string) => call<ProfilesView>('profile_rename', { id, name }),
  profileSignOut: (id: string) => call<ProfilesView>('profile_sign_out', { id }),
  profileTest: (id: string) => call<Account>('profile_test', { id }),
  openTokenPage: () => call<null>('open_token_page'),
  tryWithoutAccount: () => call<ProfilesView>('try_without_account'),
};

/** Personal tokens are `apify_api_` and 36 letters and digits; older ones still work. */
export function looksLikeToken(text: string): boolean {
  return /^apify_api_[A-Za-z0-9]{36}$/.test(text.trim().replace(/^["'`]+|["'`]+$/g, ''));
}
