import { $ } from '@wdio/globals';
import { keychainTokens } from './leaks.ts';

/** The bundled sandbox's address, from the status bar, and its token, from the keychain. */
export async function inAppSandbox(): Promise<{ baseUrl: string; token: string }> {
  const text = await $('[data-testid="status-api"]').getText();
  const token = keychainTokens()[0];
  if (!token) throw new Error('no sandbox token in the keychain');
  return { baseUrl: text.replace('API server: ', '').trim(), token };
}

/** An API server and a token for it. */
export interface Server {
  baseUrl: string;
  token: string;
}

/** A GET of the bundled sandbox's API (or another server's), as the test's own client, not the app. */
export async function sandboxGet(path: string, server?: Server): Promise<unknown> {
  const { baseUrl, token } = server ?? (await inAppSandbox());
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

/** A POST to the bundled sandbox's API with a JSON body, as the test's own client. */
export async function sandboxPost(path: string, body: unknown, server?: Server): Promise<unknown> {
  const { baseUrl, token } = server ?? (await inAppSandbox());
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** Runs the item generator in the bundled sandbox and answers its dataset's id once it ended. */
export async function generatedDataset(itemCount: number, server?: Server): Promise<string> {
  const started = (await sandboxPost('/v2/acts/~generate-items/runs', { itemCount }, server)) as {
    data: { id: string; defaultDatasetId: string };
  };
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const run = (await sandboxGet(`/v2/actor-runs/${started.data.id}?waitForFinish=60`, server)) as { data: { status: string } };
    if (run.data.status === 'SUCCEEDED') return started.data.defaultDatasetId;
    if (!['READY', 'RUNNING'].includes(run.data.status) || Date.now() > deadline) {
      throw new Error(`the item generator ended ${run.data.status}`);
    }
  }
}
