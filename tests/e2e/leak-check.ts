// Run by scripts/e2e.sh after every spec has ended, inside the same throwaway keyring: every
// log of the run must have content (its start line and trace output) and hold no token the run
// used, the bundled sandbox's generated one included. `--self-test` plants tokens in logs of a
// scratch folder first and fails unless each is caught.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXED_TOKENS, findLeaks, keychainTokens } from './leaks.ts';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/e2e');

/** The problems with the logs in `folder`; an empty list means they are fine. */
export function checkLogs(folder: string, tokens: readonly string[]): string[] {
  const problems: string[] = [];
  const logs = readdirSync(folder).filter((name) => name.endsWith('.log'));
  const appLogs = logs.filter((name) => name.endsWith('.app.log'));
  if (appLogs.length === 0) problems.push(`no app log in ${folder}`);
  for (const name of logs) {
    // Colour codes would hide a level from the search, never a token; drop them first.
    const text = readFileSync(path.join(folder, name), 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
    if (name.endsWith('.app.log')) {
      if (!text.includes('Greenroom started')) problems.push(`${name}: no start line`);
      if (!/ TRACE /.test(text)) problems.push(`${name}: no trace output`);
    }
    for (const leak of findLeaks(text, tokens)) problems.push(`${name}: token ${leak}`);
  }
  return problems;
}

function selfTest(): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'greenroom-leak-check-'));
  try {
    const token = `apify_api_PLANTED${'1'.repeat(29)}`;
    const good = '2026-11-24T07:00:00Z  INFO greenroom_app: Greenroom started\n2026-11-24T07:00:01Z TRACE hyper: ok\n';
    writeFileSync(path.join(scratch, 'clean.app.log'), good);
    writeFileSync(path.join(scratch, 'whole.app.log'), `${good}Authorization: Bearer ${token}\n`);
    writeFileSync(path.join(scratch, 'secret-part.app.log'), `${good}token=${token.slice(10)}\n`);
    writeFileSync(path.join(scratch, 'empty.app.log'), '');
    const problems = checkLogs(scratch, [token]);
    const caught = (needle: string) => problems.some((p) => p.includes(needle));
    const expectations = [
      caught('whole.app.log: token'),
      caught('secret-part.app.log: token'),
      caught('empty.app.log: no start line'),
      caught('empty.app.log: no trace output'),
      !caught('clean.app.log'),
    ];
    if (expectations.includes(false)) {
      throw new Error(`the leak check missed a planted fault: ${JSON.stringify(problems)}`);
    }
    console.log(`leak check self-test: the ${expectations.length - 1} planted faults were caught`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

selfTest();
if (!process.argv.includes('--self-test')) {
  const generated = keychainTokens();
  if (generated.length === 0) {
    throw new Error('no generated token in the keychain: the run should end signed in to the bundled sandbox');
  }
  const problems = checkLogs(artifacts, [...FIXED_TOKENS, ...generated]);
  const logs = readdirSync(artifacts).filter((name) => name.endsWith('.log')).length;
  if (problems.length > 0) {
    console.error(`leak check: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`leak check: ${logs} logs, ${FIXED_TOKENS.length + generated.length} tokens, no leak`);
}
