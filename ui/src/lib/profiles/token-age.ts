import type { Profile } from '../backend';
import { TOKEN_REPLACE_AFTER_DAYS } from '../backend/rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How old a profile's token is, and whether Settings should suggest replacing it (Apify advises
 * rotating tokens; the number of days comes from Rust). A profile saved before token dates were
 * kept has a token as old as itself.
 */
export function tokenAge(profile: Pick<Profile, 'createdAt' | 'tokenAddedAt'>, now = new Date()): { addedAt: string; days: number; replaceAdvised: boolean } {
  const addedAt = profile.tokenAddedAt ?? profile.createdAt;
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(addedAt)) / DAY_MS));
  return { addedAt, days, replaceAdvised: days >= TOKEN_REPLACE_AFTER_DAYS };
}
