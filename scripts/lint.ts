/**
 * npm run lint [-- --fix]
 * The project's habits, checked: ESLint (typescript-eslint; functions ≤ 80 lines; no process.env in specs and step
 * libraries), Prettier (formatting), dependency-cruiser (no import cycle; the layers of docs/ARCHITECTURE.md).
 * Prints the number of functions over 80 lines (0 when clean). Exit 1 when any of the three finds a problem.
 * The three check side by side (one after the other with --fix: ESLint and Prettier would both write files).
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { runNodeChild } from './node-child';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const fix = process.argv.includes('--fix');
const bin = (pkg: string, file: string) => path.join(root, 'node_modules', pkg, file);

interface Checked {
  label: string;
  ok: boolean;
  out: string;
}

async function run(label: string, args: string[]): Promise<Checked> {
  return { label, ...(await runNodeChild(args, root)) };
}

const indented = (out: string, lines: number) =>
  out
    .split('\n')
    .slice(0, lines)
    .map((l) => `  ${l}`)
    .join('\n') + '\n';

function reportEslint(eslint: Checked): void {
  process.stdout.write(`• eslint: ${eslint.ok ? 'clean' : 'PROBLEMS'}\n`);
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
}

function reportOther(c: Checked, lines: number): void {
  process.stdout.write(`• ${c.label}: ${c.ok ? 'clean' : 'PROBLEMS'}\n`);
  if (!c.ok) process.stdout.write(indented(c.out, lines));
}

async function main(): Promise<void> {
  const dirs = ['specs', 'helpers', 'protocol', 'sandbox', 'reporter', 'scripts'].filter((d) => require('node:fs').existsSync(path.join(root, d)));
  const jobs: Array<() => Promise<Checked>> = [
    () => run('eslint', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0', '-f', 'json', ...(fix ? ['--fix'] : [])]),
    () => run('prettier', [bin('prettier', 'bin/prettier.cjs'), fix ? '--write' : '--check', '--log-level', 'warn', '.']),
    () =>
      run('dependency-cruiser', [
        bin('dependency-cruiser', 'bin/dependency-cruise.mjs'),
        ...dirs,
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'err',
      ]),
  ];
  const results: Checked[] = [];
  if (fix) for (const j of jobs) results.push(await j());
  else results.push(...(await Promise.all(jobs.map((j) => j()))));
  const [eslint, prettier, cruise] = results;
  reportEslint(eslint);
  reportOther(prettier, 40);
  reportOther(cruise, 60);
  process.exit(eslint.ok && prettier.ok && cruise.ok ? 0 : 1);
}

void main();
