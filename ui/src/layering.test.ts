import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.dirname(fileURLToPath(import.meta.url));

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return svelteFiles(full);
    return entry.endsWith('.svelte') ? [full] : [];
  });
}

/** Components that call Rust directly, with the calls; types may still come from the backend. */
export function directCalls(files: { name: string; text: string }[]): string[] {
  return files.flatMap(({ name, text }) => {
    const calls = text.match(/\bbackend\.\w+\(/g) ?? [];
    const imports = /import\s*\{[^}]*\bbackend\b[^}]*\}\s*from/.test(text) ? ['import { backend }'] : [];
    return [...imports, ...calls].map((call) => `${name}: ${call}`);
  });
}

/** Each `<button …>` opening tag, whole: a `>` inside `{…}` (an arrow function) does not end it. */
function buttonTags(text: string): string[] {
  const tags: string[] = [];
  for (let start = text.indexOf('<button'); start !== -1; start = text.indexOf('<button', start + 1)) {
    let depth = 0;
    let end = start;
    for (; end < text.length; end++) {
      const char = text[end];
      if (char === '{') depth++;
      else if (char === '}') depth--;
      else if (char === '>' && depth === 0) break;
    }
    tags.push(text.slice(start, end + 1));
  }
  return tags;
}

/**
 * Buttons drawn as plain system buttons: a `<button>` with no class. Every button takes one of
 * the app's kinds (primary, secondary, link) or a look its component names (a tab, an option).
 */
export function plainButtons(files: { name: string; text: string }[]): string[] {
  return files.flatMap(({ name, text }) =>
    buttonTags(text)
      .filter((tag) => !/\sclass(=|:)/.test(tag))
      .map((tag) => `${name}: ${tag.replace(/\s+/g, ' ')}`),
  );
}

describe('screens and shared components', () => {
  const files = ['screens', 'components'].flatMap((dir) =>
    svelteFiles(path.join(root, dir)).map((file) => ({ name: path.relative(root, file), text: readFileSync(file, 'utf8') })),
  );

  it('talk to Rust through their domain services in lib/, never to the backend facade itself', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(directCalls(files)).toEqual([]);
  });

  it('draw every button in one of the app\'s styles, never as a plain system button', () => {
    expect(plainButtons(files)).toEqual([]);
  });

  it('the button check catches a plain button', () => {
    const planted = {
      name: 'screens/x/Planted.svelte',
      text: '<button class="secondary" onclick={() => go()}>Ok</button><button data-testid="x" onclick={() => (a = b)}>New record</button>',
    };
    expect(plainButtons([planted])).toEqual(['screens/x/Planted.svelte: <button data-testid="x" onclick={() => (a = b)}>']);
  });

  it('the check catches a direct call', () => {
    const planted = { name: 'screens/x/Planted.svelte', text: "<script>import { backend } from '../../lib/backend'; backend.runAbort('r', true);</script>" };
    expect(directCalls([planted])).toEqual(['screens/x/Planted.svelte: import { backend }', 'screens/x/Planted.svelte: backend.runAbort(']);
  });
});
