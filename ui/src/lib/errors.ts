import type { ErrorKind } from './backend';
import { RETRYABLE_KINDS } from './backend/rules';

/**
 * Whether pressing Retry can help, as Rust decides it (`ErrorKind::retryable`, generated into
 * `rules.ts`). A failure that is not an `IpcError` at all is unexpected: trying again is the one
 * thing the user can do.
 */
export function canRetry(kind: ErrorKind | 'unexpected'): boolean {
  return kind === 'unexpected' || RETRYABLE_KINDS.includes(kind);
}
