// WebdriverIO drives the real app: tauri-driver starts the built binary through WebKitWebDriver,
// and every spec file gets a fresh app process (a restart, as far as the app can tell).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXED_TOKENS } from './leaks.ts';
import { screenshotWindow } from './screenshot.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(repo, 'target/e2e');
const application = process.env.GREENROOM_APP ?? path.join(repo, 'target/debug/greenroom');
const tauriDriverBinary = path.join(os.homedir(), '.cargo/bin/tauri-driver');
// scripts/bench-window.sh names a release build.
const sandboxBinary = process.env.GREENROOM_SANDBOX_BIN ?? path.join(repo, 'target/debug/apify-sandbox');

let tauriDriver: ChildProcess | undefined;
let sandboxProcess: ChildProcess | undefined;

/** The run's tokens: sandbox-user's, a second account's (`other-user`), and a scoped token of
 * sandbox-user that may only read storages. */
const [E2E_TOKEN, OTHER_TOKEN, SCOPED_TOKEN] = FIXED_TOKENS as [string, string, string];

/** The sandbox the specs sign in to, started once for the whole run (see onPrepare). */
export function sandbox(): { baseUrl: string; token: string; otherToken: string; scopedToken: string; controlToken: string } {
  const baseUrl = process.env.GREENROOM_E2E_SANDBOX;
  const token = process.env.GREENROOM_E2E_TOKEN;
  const controlToken = process.env.GREENROOM_E2E_CONTROL_TOKEN;
  if (!baseUrl || !token || !controlToken) throw new Error('the sandbox was not started by onPrepare');
  return { baseUrl, token, otherToken: OTHER_TOKEN, scopedToken: SCOPED_TOKEN, controlToken };
}

/** Starts the sandbox binary and answers the base URL it prints first. */
function startSandbox(token: string, controlToken: string): Promise<string> {
  const log = createWriteStream(path.join(artifacts, 'sandbox.log'));
  const seed = path.join(artifacts, 'sandbox-seed.json');
  writeFileSync(
    seed,
    JSON.stringify({
      users: [{ username: 'other-user' }],
      tokens: [
        { token: OTHER_TOKEN, username: 'other-user' },
        { token: SCOPED_TOKEN, scope: { storages: 'read' } },
      ],
    }));
  sandboxProcess = spawn(sandboxBinary, ['--listen', '127.0.0.1:0', '--token', token, '--seed', seed, '--control-token', controlToken], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sandboxProcess.stderr?.pipe(log);
  return new Promise((resolve, reject) => {
    let output = '';
    sandboxProcess?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) resolve(line.trim());
    });
    sandboxProcess?.on('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
}

function fileName(title: string): string {
  return title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
}

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: ['./specs/**/*.e2e.ts'],
  maxInstances: 1,
  hostname: '127.0.0.1',
  port: 4444,
  // The display comes from xvfb-run in scripts/e2e.sh.
  autoXvfb: false,
  capabilities: [
    {
      // tauri-driver speaks classic WebDriver only.
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application },
    } as WebdriverIO.Capabilities,
  ],
  logLevel: 'warn',
  outputDir: artifacts,
  waitforTimeout: 10_000,
  framework: 'mocha',
  reporters: ['spec'],
  mochaOpts: { ui: 'bdd', timeout: 60_000 },

  async onPrepare() {
    mkdirSync(path.join(artifacts, 'screenshots'), { recursive: true });
    for (const [binary, advice] of [
      [application, 'build it with cargo test --workspace --no-run'],
      [sandboxBinary, 'build it with cargo test --workspace --no-run'],
      [tauriDriverBinary, 'run scripts/setup.sh --tests'],
    ] as const) {
      if (!existsSync(binary)) throw new Error(`Missing ${binary}: ${advice}`);
    }
    // Workers are started after this, so they inherit these.
    const token = E2E_TOKEN;
    process.env.GREENROOM_E2E_TOKEN = token;
    // The app is offered this token to import, as the official tools' variable.
    process.env.APIFY_TOKEN = token;
    // Auto-export lists runs every 2 seconds instead of 30, so runs started elsewhere are found quickly.
    process.env.GREENROOM_AUTO_EXPORT_SECONDS = '2';
    // Every log line the app writes, down to its dependencies' traces, is checked for tokens.
    process.env.RUST_LOG = 'trace';
    // Faults are switched on at run time (PUT /_sandbox/faults) with a token of the run's own,
    // not an API token: the leak check does not look for it.
    const controlToken = randomBytes(24).toString('hex');
    process.env.GREENROOM_E2E_CONTROL_TOKEN = controlToken;
    process.env.GREENROOM_E2E_SANDBOX = await startSandbox(token, controlToken);
    // The test sandbox is the app's default server for this run, as GREENROOM_API_BASE_URL
    // allows for loopback: the page alone could not make the app send a token there.
    process.env.GREENROOM_API_BASE_URL = process.env.GREENROOM_E2E_SANDBOX;
  },

  onComplete() {
    sandboxProcess?.kill();
  },

  // The app's stderr (its log) reaches us through tauri-driver and WebKitWebDriver.
  beforeSession(_config, _capabilities, specs) {
    const spec = path.basename(specs[0] ?? 'session', '.e2e.ts');
    const log = createWriteStream(path.join(artifacts, `${spec}.app.log`));
    tauriDriver = spawn(tauriDriverBinary, [], { stdio: ['ignore', 'pipe', 'pipe'] });
    tauriDriver.stdout?.pipe(log);
    tauriDriver.stderr?.pipe(log);
  },

  afterTest(test, _context, { passed }) {
    if (!passed) {
      screenshotWindow(path.join(artifacts, `FAILED-${fileName(test.title)}.png`));
    }
  },

  afterSession() {
    tauriDriver?.kill();
  },
};
