import { PERSONAL_TOKEN_PREFIX, PERSONAL_TOKEN_SECRET_LEN } from '../backend/rules';

const personalToken = new RegExp(`^${PERSONAL_TOKEN_PREFIX}[A-Za-z0-9]{${PERSONAL_TOKEN_SECRET_LEN}}$`);

/**
 * Whether pasted text looks like a personal token, for a warning while typing; Rust makes the
 * same check after Check. The rule's constants are generated from Rust. Quotes and spaces a
 * paste brings along do not count, as Rust trims them too.
 */
export function looksLikeToken(text: string): boolean {
  return personalToken.test(text.trim().replace(/^["'`]+|["'`]+$/g, ''));
}
