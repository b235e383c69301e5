import { APIFY_API_BASE_URL } from '../backend/rules';

/** Whether `url` is Apify's own API server, which goes without saying on screen. */
export const isApifyServer = (url: string | null | undefined): boolean => url === APIFY_API_BASE_URL;

/** Where a profile's account is, in a person's words: Apify, the sandbox, or another server's address. */
export function serverWords(profile: { apiBaseUrl: string; sandbox: boolean }): string {
  if (isApifyServer(profile.apiBaseUrl)) return 'Apify';
  if (profile.sandbox) return 'the practice sandbox on this computer';
  return profile.apiBaseUrl;
}
