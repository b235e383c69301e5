import { $ } from '@wdio/globals';
import { keychainTokens } from './leaks.ts';

/** The bundled sandbox's address, from the status bar, and its token, from the keychain. */
export async function inAppSandbox(): Promise<{ baseUrl: string; token: string }> {
  const text = await $('[data-testid="status-api"]').getText();
  const token = keychainTokens()[0];
  if (!token) throw new Error('no sandbox token in the keychain');
  return { baseUrl: text.replace('API server: ', '').trim(), token };
}

/** A GET of the bundled sandbox's API, as the test's own client, not the app. */
export async function sandboxGet(path: string): Promise<unknown> {
  const { baseUrl, token } = await inAppSandbox();
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}
