/**
 * npm run lint [-- --fix]
 * The project's habits, checked: ESLint (typescript-eslint; functions ≤ 80 lines; no process.env in specs and step
 * libraries), Prettier (formatting), dependency-cruiser (no import cycle; the layers of docs/ARCHITECTURE.md).
 * Prints the number of functions over 80 lines (0 when clean). Exit 1 when any of the three finds a problem.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const fix = process.argv.includes('--fix');
const bin = (pkg: string, file: string) => path.join(root, 'node_modules', pkg, file);

function run(label: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  process.stdout.write(`• ${label}: ${r.status === 0 ? 'clean' : 'PROBLEMS'}\n`);
  return { ok: r.status === 0, out };
}

const eslint = run('eslint', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0', '-f', 'json', ...(fix ? ['--fix'] : [])]);
let long = 0;
try {
  const results = JSON.parse(eslint.out.slice(eslint.out.indexOf('['))) as {
    filePath: string;
    messages: { line: number; ruleId: string | null; message: string }[];
  }[];
  for (const f of results) {
    for (const m of f.messages) {
      if (m.ruleId === 'project/function-size') long++;
      process.stdout.write(`  ${path.relative(root, f.filePath)}:${m.line} ${m.ruleId ?? ''} ${m.message}\n`);
    }
  }
} catch {
  process.stdout.write(eslint.out);
}
process.stdout.write(`  functions over 80 lines: ${long}\n`);
const prettier = run('prettier', [bin('prettier', 'bin/prettier.cjs'), fix ? '--write' : '--check', '--log-level', 'warn', '.']);
if (!prettier.ok)
  process.stdout.write(
    prettier.out
      .split('\n')
      .slice(0, 40)
      .map((l) => `  ${l}`)
      .join('\n') + '\n',
  );
const dirs = ['specs', 'helpers', 'protocol', 'sandbox', 'reporter', 'scripts'].filter((d) => require('node:fs').existsSync(path.join(root, d)));
const cruise = run('dependency-cruiser', [
  bin('dependency-cruiser', 'bin/dependency-cruise.mjs'),
  ...dirs,
  '--config',
  '.dependency-cruiser.cjs',
  '--output-type',
  'err',
]);
if (!cruise.ok)
  process.stdout.write(
    cruise.out
      .split('\n')
      .slice(0, 60)
      .map((l) => `  ${l}`)
      .join('\n') + '\n',
  );
process.exit(eslint.ok && prettier.ok && cruise.ok ? 0 : 1);
