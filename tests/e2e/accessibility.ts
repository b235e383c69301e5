import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { browser } from '@wdio/globals';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the app's page as it is now (WCAG 2 A and AA rules, the page's contrast
 * included) and answers its violations. The script goes in through WebDriver, which the page's
 * content security policy does not govern; the page itself never loads it.
 */
export async function axeViolations(): Promise<Violation[]> {
  await browser.execute(axeSource);
  return browser.executeAsync((done: (violations: Violation[]) => void) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    void axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((result) =>
        done(
          result.violations.map((v) => ({
            id: v.id,
            impact: v.impact ?? 'unknown',
            help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => String(n.target[0])),
          })),
        ),
      );
  });
}
