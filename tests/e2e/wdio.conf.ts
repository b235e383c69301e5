// WebdriverIO drives the real app: tauri-driver starts the built binary through WebKitWebDriver,
// and every spec file gets a fresh app process (a restart, as far as the app can tell).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshotWindow } from './screenshot.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(repo, 'target/e2e');
const application = process.env.GREENROOM_APP ?? path.join(repo, 'target/debug/greenroom');
const tauriDriverBinary = path.join(os.homedir(), '.cargo/bin/tauri-driver');

let tauriDriver: ChildProcess | undefined;

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

  onPrepare() {
    mkdirSync(path.join(artifacts, 'screenshots'), { recursive: true });
    if (!existsSync(application)) {
      throw new Error(`No app binary at ${application}: build it with cargo test --workspace --no-run`);
    }
    if (!existsSync(tauriDriverBinary)) {
      throw new Error('tauri-driver is not installed: run scripts/setup.sh --tests');
    }
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
