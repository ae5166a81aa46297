/**
 * npm test: type check, lint (npm run lint), then every self-test under selftest/ with node's test runner.
 * Usage: npm test [-- AREA ...]   (e.g. `npm test -- contract sandbox`)
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const areas = process.argv.slice(2);
const started = Date.now();

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'fixture' || d.name === 'node_modules' ? [] : files(p);
    return d.name.endsWith('.test.ts') ? [p] : [];
  });
}

if (!areas.length || areas.includes('typecheck')) {
  process.stdout.write('• type check (tsc --noEmit)\n');
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit'], {
    stdio: 'inherit',
    cwd: root,
  });
  if (tsc.status !== 0) {
    process.stdout.write('type check failed\n');
    process.exit(1);
  }
}

if (!areas.length || areas.includes('lint')) {
  process.stdout.write('• lint (npm run lint: ESLint, Prettier, dependency-cruiser)\n');
  const lint = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'lint.ts')], { stdio: 'inherit', cwd: root });
  if (lint.status !== 0) {
    process.stdout.write('lint failed\n');
    process.exit(1);
  }
}

const selected = files(path.join(root, 'selftest'))
  .filter((f) => !areas.length || areas.some((a) => path.relative(path.join(root, 'selftest'), f).startsWith(a)))
  .sort();
if (!selected.length) {
  process.stdout.write('no self-test selected\n');
  process.exit(areas.length ? 1 : 0);
}
process.stdout.write(`• ${selected.length} self-test files\n`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...selected], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, CERT_SELFTEST: '1' },
});
process.stdout.write(`self-tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(r.status ?? 1);
