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

describe('screens and shared components', () => {
  const files = ['screens', 'components'].flatMap((dir) =>
    svelteFiles(path.join(root, dir)).map((file) => ({ name: path.relative(root, file), text: readFileSync(file, 'utf8') })),
  );

  it('talk to Rust through their domain services in lib/, never to the backend facade itself', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(directCalls(files)).toEqual([]);
  });

  it('the check catches a direct call', () => {
    const planted = { name: 'screens/x/Planted.svelte', text: "<script>import { backend } from '../../lib/backend'; backend.runAbort('r', true);</script>" };
    expect(directCalls([planted])).toEqual(['screens/x/Planted.svelte: import { backend }', 'screens/x/Planted.svelte: backend.runAbort(']);
  });
});
