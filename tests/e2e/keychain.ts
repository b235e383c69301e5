import { execFileSync } from 'node:child_process';

/**
 * What the real Secret Service holds for Greenroom, as `secret-tool` lists it (empty when it
 * holds nothing). secret-tool prints the attributes on stderr: they stay out of the output.
 */
export function keychainListing(): string {
  return execFileSync('secret-tool', ['search', '--all', 'service', 'app.greenroom.desktop'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}
