// The checks that guard the central promise: no token in the page, in an input, or in a log.
// Each one is shown to fail on a planted token (specs/05 and `leak-check.ts --self-test`).
import { keychainListing } from './keychain.ts';

const PREFIX = 'apify_api_';

/** The fixed tokens the run uses: the test sandbox's accounts (see wdio.conf.ts). */
export const FIXED_TOKENS = [
  `apify_api_E2E${'0'.repeat(33)}`,
  `apify_api_OTHER${'0'.repeat(31)}`,
  `apify_api_SCOPED${'0'.repeat(30)}`,
];

/** Tokens the app generated and keeps in the keychain (the bundled sandbox's), read back from it. */
export function keychainTokens(): string[] {
  const listing = keychainListing();
  return [...listing.matchAll(/^secret = (.+)$/gm)]
    .map((match) => match[1] ?? '')
    .filter((t) => t !== '' && !FIXED_TOKENS.includes(t));
}

/** What to search for: each token whole, and the secret part after `apify_api_` alone. */
export function needles(tokens: readonly string[]): string[] {
  return tokens.flatMap((token) => (token.startsWith(PREFIX) ? [token, token.slice(PREFIX.length)] : [token]));
}

/** Where in `text` a token or its secret part appears, as "needle at offset" lines. */
export function findLeaks(text: string, tokens: readonly string[]): string[] {
  return needles(tokens)
    .filter((needle) => text.includes(needle))
    .map((needle) => `${needle.slice(0, 12)}… at ${text.indexOf(needle)}`);
}
