import { execFileSync } from 'node:child_process';

/**
 * Saves what the X display shows, trimmed to the app's window. WebKitWebDriver's own screenshot
 * can return a frame from before the last repaint under Xvfb, so it would not show what a
 * person sees.
 */
export function screenshotWindow(file: string): void {
  execFileSync('import', ['-window', 'root', '-trim', '+repage', file]);
}
