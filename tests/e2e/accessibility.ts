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

export interface WeakBorder {
  control: string;
  border: string;
  background: string;
  ratio: number;
}

/**
 * The visible text fields, choosers and plain buttons whose border is under 3:1 against what
 * is behind them (WCAG 1.4.11, non-text contrast), which axe does not measure. Each control's
 * border colour is set against the first opaque background among its ancestors.
 */
export async function weakControlBorders(): Promise<{ measured: number; weak: WeakBorder[] }> {
  return browser.execute(() => {
    const rgba = (css: string): [number, number, number, number] => {
      const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts.length > 3 ? (parts[3] ?? 1) : 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
    };
    // What shows behind an element: the ancestors' backgrounds, the nearest on top.
    const behind = (element: Element): number[] => {
      const layers: Array<[number, number, number, number]> = [];
      for (let node: Element | null = element.parentElement; node; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      let base = matchMedia('(prefers-color-scheme: dark)').matches ? [16, 19, 22] : [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) base = [r * a + (base[0] ?? 0) * (1 - a), g * a + (base[1] ?? 0) * (1 - a), b * a + (base[2] ?? 0) * (1 - a)];
      return base;
    };
    const controls = [...document.querySelectorAll('input, select, textarea, button.secondary')].filter((element) => {
      const input = element as HTMLInputElement;
      if (element.tagName === 'INPUT' && ['checkbox', 'radio', 'range', 'hidden', 'color', 'file'].includes(input.type)) return false;
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    });
    const weak = [];
    for (const element of controls) {
      const style = getComputedStyle(element);
      if (parseFloat(style.borderTopWidth) === 0) {
        weak.push({ control: element.outerHTML.slice(0, 120), border: 'none', background: '', ratio: 0 });
        continue;
      }
      const border = rgba(style.borderTopColor);
      const back = behind(element);
      const shown = [0, 1, 2].map((i) => (border[i] ?? 0) * border[3] + (back[i] ?? 0) * (1 - border[3]));
      const [light, dark] = [luminance(shown), luminance(back)].sort((a, b) => b - a);
      const ratio = ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
      if (ratio < 3) weak.push({ control: element.outerHTML.slice(0, 120), border: style.borderTopColor, background: `rgb(${back.map(Math.round).join(', ')})`, ratio: Math.round(ratio * 100) / 100 });
    }
    return { measured: controls.length, weak };
  });
}
