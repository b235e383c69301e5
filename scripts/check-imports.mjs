#!/usr/bin/env node
// Fails when files of a Rust crate import each other, directly or around a loop: the core and
// the sandbox are kept as layers (domains above the engine and the shared parts, routes above
// the storage layer), and a circle is where that shape starts to go.
//
//   node scripts/check-imports.mjs crates/greenroom-core/src crates/apify-sandbox/src
//
// A module is a file (`a/b.rs` or `a/b/mod.rs` is `a::b`). An edge is a path to another module
// in the code outside `#[cfg(test)]`: `crate::a::b`, `crate::{a, b::C}`, `super::x`, a child
// named from its parent's code (`child::f`), and an item the crate root re-exports. It runs a
// self-test first: a planted circle must be found and a layered tree must pass.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Module name → source, for every `.rs` file below `root`. */
function readCrate(root) {
  const modules = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.rs')) modules.set(moduleName(relative(root, path)), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return modules;
}

function moduleName(file) {
  const parts = file.slice(0, -3).split(sep);
  if (parts.at(-1) === 'mod') parts.pop();
  if (parts.length === 1 && (parts[0] === 'lib' || parts[0] === 'main')) return 'crate';
  return parts.join('::');
}

const withoutTests = (source) => source.split('#[cfg(test)]')[0];

/** The longest known module that `path` (a::b::c) starts with. */
function resolve(path, names) {
  const segments = path.split('::');
  for (let n = segments.length; n > 0; n--) {
    const candidate = segments.slice(0, n).join('::');
    if (names.has(candidate)) return candidate;
  }
  return null;
}

/** Module → the modules it imports. */
export function edgesOf(modules) {
  const names = new Set(modules.keys());
  const root = withoutTests(modules.get('crate') ?? '');
  // `pub use a::b::{X, Y};` at the root: `crate::X` is a path into `a::b`.
  const reexported = new Map();
  for (const m of root.matchAll(/pub use ([a-z_:]+?)::\{?([^;]*?)\}?;/g)) {
    for (const item of m[2].split(',')) {
      const name = item.trim();
      if (name) reexported.set(name, resolve(m[1], names));
    }
  }
  const edges = new Map();
  for (const [module, source] of modules) {
    const code = withoutTests(source);
    const out = new Set();
    const add = (target) => {
      if (target && target !== module && target !== 'crate') out.add(target);
    };
    for (const m of code.matchAll(/\bcrate::([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)(?:::\{([^}]*)\})?/g)) {
      add(resolve(m[1], names));
      if (reexported.has(m[1])) add(reexported.get(m[1]));
      for (const item of (m[2] ?? '').split(',')) {
        const name = item.trim().split(/\s+as\s+/)[0].split('::{')[0];
        if (!name) continue;
        add(resolve(`${m[1]}::${name}`, names));
        if (reexported.has(name)) add(reexported.get(name));
      }
    }
    for (const m of code.matchAll(/\bcrate::\{([^}]*)\}/g)) {
      for (const item of m[1].split(',')) {
        const name = item.trim().split(/\s+as\s+/)[0];
        if (!name) continue;
        add(resolve(name, names));
        if (reexported.has(name)) add(reexported.get(name));
      }
    }
    const own = module === 'crate' ? [] : module.split('::');
    for (const m of code.matchAll(/\bsuper::([A-Za-z_][A-Za-z0-9_:]*)/g)) {
      add(resolve([...own.slice(0, -1), m[1]].join('::'), names) ?? (own.slice(0, -1).join('::') || 'crate'));
    }
    // A parent's code naming a child (`child::f`), not its `mod child;` line.
    const prefix = module === 'crate' ? '' : `${module}::`;
    for (const child of names) {
      const rest = child.slice(prefix.length);
      if (child.startsWith(prefix) && rest && !rest.includes('::')) {
        if (new RegExp(`(?<![:\\w])${rest}::`).test(code)) add(child);
      }
    }
    edges.set(module, out);
  }
  return edges;
}

/** Every circle (strongly connected set of two or more modules), Tarjan's way. */
export function circles(edges) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const part = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

function describe(part, edges) {
  return part
    .map((m) => `    ${m} -> ${[...edges.get(m)].filter((t) => part.includes(t)).sort().join(', ')}`)
    .join('\n');
}

function selfTest() {
  const layered = new Map([
    ['crate', 'pub mod jobs;\npub mod runs;\npub use jobs::Jobs;'],
    ['jobs', 'use crate::error::Error;'],
    ['error', ''],
    ['runs', 'use crate::{Jobs, error::Error};\nuse crate::runs::watch::f;'],
    ['runs::watch', 'use crate::jobs::Jobs;\n#[cfg(test)]\nmod tests { use crate::runs::x; }'],
  ]);
  const planted = new Map(layered);
  planted.set('jobs', 'use crate::error::Error;\nuse crate::runs::RunSummary;');
  const inChild = new Map(layered);
  inChild.set('runs', 'pub fn g() { watch::f() }');
  inChild.set('runs::watch', 'use super::Target;');
  const problems = [];
  if (circles(edgesOf(layered)).length !== 0) problems.push('a layered tree was reported as circular');
  const caught = circles(edgesOf(planted));
  if (caught.length !== 1 || !caught[0].includes('jobs') || !caught[0].includes('runs')) {
    problems.push(`the planted circle jobs <-> runs (through a root re-export) was not found: ${JSON.stringify(caught)}`);
  }
  if (circles(edgesOf(inChild)).length !== 1) problems.push('a parent calling the child that imports it was not found');
  return problems;
}

const failures = selfTest();
if (failures.length > 0) {
  console.error(`check-imports self-test failed:\n- ${failures.join('\n- ')}`);
  process.exit(2);
}
console.log('check-imports self-test: planted circles found, a layered tree passes');

let bad = 0;
for (const root of process.argv.slice(2)) {
  const modules = readCrate(root);
  const edges = edgesOf(modules);
  const found = circles(edges);
  const count = [...edges.values()].reduce((n, e) => n + e.size, 0);
  if (modules.size < 2) {
    console.error(`${root}: fewer than two modules read; is the path right?`);
    bad = 1;
  } else if (found.length === 0) {
    console.log(`${root}: ${modules.size} modules, ${count} imports, no circle`);
  } else {
    bad = 1;
    for (const part of found) console.error(`${root}: circle among ${part.join(', ')}\n${describe(part, edges)}`);
  }
}
if (process.argv.length < 3) {
  console.error('usage: node scripts/check-imports.mjs SRC_DIR…');
  bad = 1;
}
process.exit(bad);
