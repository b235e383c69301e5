import type { ErrorKind } from './backend';

/**
 * Whether pressing Retry can help. Where the same request would only be refused again (the
 * input, the account, the server rule), the notice offers no Retry: the user changes
 * something first.
 */
export function canRetry(kind: ErrorKind | 'unexpected'): boolean {
  switch (kind) {
    case 'invalidInput':
    case 'validation':
    case 'wrongAccount':
    case 'serverNotAllowed':
    case 'invalidToken':
    case 'insufficientPermissions':
    case 'notFound':
    case 'tableTooWide':
    case 'recordChanged':
    case 'tooLarge':
    case 'usageLimit':
    case 'cancelled':
      return false;
    case 'keychainUnavailable':
    case 'keychainLocked':
    case 'keychain':
    case 'missingToken':
    case 'rateLimited':
    case 'server':
    case 'offline':
    case 'timeout':
    case 'storeUnreadable':
    case 'browserUnavailable':
    case 'folderMissing':
    case 'diskFull':
    case 'diskPermission':
    case 'disk':
    case 'internal':
    case 'unexpected':
      return true;
  }
}
