// Run by scripts/e2e.sh after every spec has ended, inside the same throwaway keyring: the app's
// log files must have content (its start lines and trace output), and no log of the run may hold
// a token the run used, the bundled sandbox's generated one included. `--self-test` plants tokens in logs of a
// scratch folder first and fails unless each is caught.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXED_TOKENS, findLeaks, keychainTokens } from './leaks.ts';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/e2e');

/** The app's own log files (greenroom.DATE.log, in its log folder) and the captured stderr of
 * each spec (*.app.log, best effort: WebKitWebDriver stops reading it at some point). */
export function logFiles(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.log'))
      .map((name) => path.join(folder, name)),
  );
}

/** The problems with these logs; an empty list means they are fine. The app's own files must
 * have content (its start lines and trace output), so an empty or missing log cannot pass. */
export function checkLogs(files: readonly string[], tokens: readonly string[]): string[] {
  const problems: string[] = [];
  const own = files.filter((file) => /^greenroom\..*log$/.test(path.basename(file)));
  if (own.length === 0) problems.push('no log file of the app');
  for (const file of files) {
    const name = path.basename(file);
    // Colour codes would hide a level from the search, never a token; drop them first.
    const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
    if (own.includes(file)) {
      if (!text.includes('Greenroom started')) problems.push(`${name}: no start line`);
      if (!/ TRACE /.test(text)) problems.push(`${name}: no trace output`);
    }
    for (const leak of findLeaks(text, tokens)) problems.push(`${name}: token ${leak}`);
  }
  return problems;
}

/** The app's log folder in this run (scripts/with-keyring.sh sets XDG_DATA_HOME). */
function appLogFolder(): string {
  const data = process.env.XDG_DATA_HOME;
  if (!data) throw new Error('XDG_DATA_HOME is not set: run this inside scripts/with-keyring.sh');
  return path.join(data, 'app.greenroom.desktop', 'logs');
}

function selfTest(): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'greenroom-leak-check-'));
  try {
    const token = `apify_api_PLANTED${'1'.repeat(29)}`;
    const good = '2026-11-24T07:00:00Z  INFO greenroom_app: Greenroom started\n2026-11-24T07:00:01Z TRACE hyper: ok\n';
    writeFileSync(path.join(scratch, 'greenroom.2026-11-24.log'), good);
    writeFileSync(path.join(scratch, 'greenroom.2026-11-23.log'), `${good}Authorization: Bearer ${token}\n`);
    writeFileSync(path.join(scratch, 'greenroom.2026-11-22.log'), '');
    writeFileSync(path.join(scratch, 'secret-part.app.log'), `token=${token.slice(10)}\n`);
    writeFileSync(path.join(scratch, 'clean.app.log'), '');
    const problems = checkLogs(logFiles(scratch), [token]);
    const caught = (needle: string) => problems.some((p) => p.includes(needle));
    const expectations = [
      caught('greenroom.2026-11-23.log: token'),
      caught('secret-part.app.log: token'),
      caught('greenroom.2026-11-22.log: no start line'),
      caught('greenroom.2026-11-22.log: no trace output'),
      checkLogs([], [token]).includes('no log file of the app'),
      !caught('greenroom.2026-11-24.log'),
      !caught('clean.app.log'),
    ];
    if (expectations.includes(false)) {
      throw new Error(`the leak check missed a planted fault: ${JSON.stringify(problems)}`);
    }
    console.log(`leak check self-test: the ${expectations.length - 2} planted faults were caught`);
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
  const files = logFiles(artifacts, appLogFolder());
  const problems = checkLogs(files, [...FIXED_TOKENS, ...generated]);
  const logs = files.length;
  if (problems.length > 0) {
    console.error(`leak check: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`leak check: ${logs} logs, ${FIXED_TOKENS.length + generated.length} tokens, no leak`);
}
