import { execFileSync } from 'node:child_process';
import { browser } from '@wdio/globals';

/** The app's process id: the binary tauri-driver started. */
function appPid(): string {
  const application = process.env.GREENROOM_APP ?? 'target/debug/greenroom';
  const pids = execFileSync('pgrep', ['-f', '-n', application]).toString().trim().split('\n');
  const pid = pids[pids.length - 1];
  if (!pid) throw new Error(`no process runs ${application}`);
  return pid;
}

/** Visible windows of the app other than its main window (the GTK dialogs it opens). */
function dialogWindows(pid: string): string[] {
  let ids: string[] = [];
  try {
    ids = execFileSync('xdotool', ['search', '--pid', pid, '--onlyvisible', '--name', '.']).toString().trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
  return ids.filter((id) => {
    try {
      return execFileSync('xdotool', ['getwindowname', id]).toString().trim() !== 'Greenroom';
    } catch {
      return false;
    }
  });
}

async function waitForDialog(pid: string, except: string[] = []): Promise<string> {
  let found: string | undefined;
  await browser.waitUntil(
    () => {
      found = dialogWindows(pid).find((id) => !except.includes(id));
      return Promise.resolve(found !== undefined);
    },
    { timeout: 10_000, interval: 100, timeoutMsg: 'the native dialog did not appear' },
  );
  return found as string;
}

function windowName(id: string): string {
  try {
    return `${id} "${execFileSync('xdotool', ['getwindowname', id]).toString().trim()}"`;
  } catch {
    return `${id} (gone)`;
  }
}

function key(window: string, ...keys: string[]): void {
  execFileSync('xdotool', ['windowfocus', '--sync', window]);
  execFileSync('xdotool', ['key', '--clearmodifiers', ...keys]);
}

/**
 * Answers the real GTK save dialog (see ../shared/e2e-native-dialogs.md): the full path typed
 * over the suggested name, then Return. With `replace`, the "already exists" question that
 * follows is answered Replace. Answers the name the dialog suggested.
 */
export async function answerSaveDialog(file: string, replace = false): Promise<string> {
  const pid = appPid();
  const dialog = await waitForDialog(pid);
  await browser.pause(300);
  execFileSync('xdotool', ['windowfocus', '--sync', dialog]);
  await browser.pause(200);
  const suggested = readFocusedText(dialog);
  key(dialog, 'ctrl+a');
  execFileSync('xdotool', ['type', '--delay', '20', file]);
  key(dialog, 'Return');
  if (replace) {
    await browser.pause(500);
    const question = dialogWindows(pid).find((id) => id !== dialog) ?? dialog;
    key(question, 'Return');
  }
  return suggested;
}

/**
 * Answers the real GTK open dialog: Ctrl+L opens its location field, the full path is typed
 * there, then Return chooses the file.
 */
export async function answerOpenDialog(file: string): Promise<void> {
  const pid = appPid();
  const dialog = await waitForDialog(pid);
  await browser.pause(300);
  execFileSync('xdotool', ['windowfocus', '--sync', dialog]);
  await browser.pause(200);
  key(dialog, 'ctrl+l');
  await browser.pause(200);
  execFileSync('xdotool', ['type', '--delay', '20', file]);
  await browser.pause(200);
  key(dialog, 'Return');
  await browser.waitUntil(() => Promise.resolve(dialogWindows(pid).length === 0), {
    timeout: 5_000,
    timeoutMsg: 'the open dialog did not close',
  });
}

/**
 * Answers the real GTK folder dialog. Typing "/" opens the chooser's location field, where the
 * folder's path is typed; Return there opens that folder in the chooser (or chooses it), and
 * then its Open button (Alt+O) chooses the folder that is open. A screenshot is kept where the
 * dialog stays open.
 */
export async function answerFolderDialog(folder: string, screenshot: string): Promise<void> {
  const pid = appPid();
  const dialog = await waitForDialog(pid);
  await browser.pause(500);
  execFileSync('xdotool', ['windowfocus', '--sync', dialog]);
  await browser.pause(300);
  // "/" opens the location field; keys typed while it appears can be lost, so the whole path
  // is typed again over it once it is there.
  execFileSync('xdotool', ['type', '--delay', '30', '/']);
  await browser.pause(600);
  key(dialog, 'ctrl+a');
  execFileSync('xdotool', ['type', '--delay', '30', folder]);
  await browser.pause(500);
  const closed = () => Promise.resolve(dialogWindows(pid).length === 0);
  const seen: string[] = [];
  for (const keys of ['Return', 'alt+o', 'Return']) {
    if (!dialogWindows(pid).includes(dialog)) break;
    key(dialog, keys);
    if (await browser.waitUntil(closed, { timeout: 1_500, interval: 100 }).catch(() => false)) return;
    seen.push(`${keys}: ${dialogWindows(pid).map(windowName).join(', ')}`);
  }
  if (!dialogWindows(pid).includes(dialog)) return;
  execFileSync('import', ['-window', 'root', screenshot]);
  throw new Error(`the folder dialog did not close (${seen.join('; ')}); see ${screenshot}`);
}

/** Cancels the save dialog that is open. */
export async function cancelSaveDialog(): Promise<void> {
  const pid = appPid();
  const dialog = await waitForDialog(pid);
  await browser.pause(300);
  key(dialog, 'Escape');
  await browser.waitUntil(() => Promise.resolve(dialogWindows(pid).length === 0), { timeout: 5_000 });
}

/** The selected name field's text: copied to the clipboard and read back with xclip. */
function readFocusedText(dialog: string): string {
  try {
    key(dialog, 'ctrl+a');
    key(dialog, 'ctrl+c');
    return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { timeout: 2_000 }).toString();
  } catch {
    return '';
  }
}

/** What the system clipboard holds now. */
export function clipboardText(): string {
  return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { timeout: 2_000 }).toString();
}
