/**
 * npm test: type check and lint (npm run lint) side by side, and beside them every self-test under selftest/ with
 * node's test runner (CERT_SELFTEST_CONCURRENCY test files at a time, default 3: the certifications they run wait as
 * much as they work). The checks' results are printed after the tests; any failure makes the exit status 1.
 * Usage: npm test [-- AREA ...]   (e.g. `npm test -- contract sandbox`)
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawn } from 'node:child_process';
import { runNodeChild } from './node-child';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/** a check as a child process, its output kept and printed in one block when it ends (checks run side by side) */
async function check(title: string, args: string[]): Promise<{ title: string; ok: boolean; out: string }> {
  return { title, ...(await runNodeChild(args, root)) };
}

/** the type check and the lint, side by side (each mostly one core) */
/** the type check and the lint started; resolves to a report function (prints their output, tells whether both held) */
async function staticChecks(): Promise<() => boolean> {
  const jobs: Array<Promise<{ title: string; ok: boolean; out: string }>> = [];
  if (!areas.length || areas.includes('typecheck'))
    jobs.push(check('type check (tsc --noEmit)', [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit']));
  if (!areas.length || areas.includes('lint'))
    jobs.push(
      check('lint (npm run lint: ESLint, Prettier, dependency-cruiser)', ['--require', require.resolve('tsx/cjs'), path.join(root, 'scripts', 'lint.ts')]),
    );
  const results = await Promise.all(jobs);
  return () => {
    for (const r of results) process.stdout.write(`• ${r.title}\n${r.out}`);
    const failed = results.filter((r) => !r.ok);
    if (failed.length) process.stdout.write(`${failed.map((r) => (r.title.startsWith('type') ? 'type check' : 'lint')).join(' and ')} failed\n`);
    return !failed.length;
  };
}

/** where each run leaves its files' durations (machine-local, like the validator cache) */
const DURATIONS_CACHE = path.join(root, 'node_modules', '.cache', 'telegent-cert', 'selftest-durations.json');
/** the durations measured when the order was last committed: a fresh clone (CI) starts from these */
const DURATIONS_BASELINE = path.join(root, 'selftest', 'durations.json');

/** a run of every file replaces the cache; a partial run (`npm test -- AREA`) adds to it */
function keepDurations(file: string, files: number): void {
  try {
    const fresh = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>;
    let old: Record<string, number> = {};
    try {
      old = JSON.parse(fs.readFileSync(DURATIONS_CACHE, 'utf8'));
    } catch {
      // none yet
    }
    const all = areas.length || Object.keys(fresh).length < files ? { ...old, ...fresh } : fresh;
    fs.mkdirSync(path.dirname(DURATIONS_CACHE), { recursive: true });
    fs.writeFileSync(DURATIONS_CACHE, `${JSON.stringify(all, null, 2)}\n`);
  } catch {
    // no durations written (the run was stopped) or the cache not writable: the order stays as it was
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * The longest self-test files first, so the files still running at the end are short ones: the run is CPU-bound on
 * 2 cores, and a long file started late would run on alone. Durations come from this machine's last run, else from
 * selftest/durations.json (refresh it by copying the cache after a full run); a file in neither (new) goes first.
 */
function longestFirst(files: string[]): string[] {
  const read = (f: string): Record<string, number> => {
    try {
      return JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch {
      return {};
    }
  };
  const known = { ...read(DURATIONS_BASELINE), ...read(DURATIONS_CACHE) };
  const secs = (f: string) => known[path.relative(root, f).split(path.sep).join('/')] ?? Infinity;
  return [...files].sort((a, b) => secs(b) - secs(a) || a.localeCompare(b));
}

async function main(): Promise<void> {
  // beside the tests, not before them: their CPU fills the certifications' waits (results printed after the tests)
  const checks = staticChecks();
  const selected = files(path.join(root, 'selftest'))
    .filter((f) => !areas.length || areas.some((a) => path.relative(path.join(root, 'selftest'), f).startsWith(a)))
    .sort();
  if (!selected.length) {
    const ok = (await checks)();
    process.stdout.write('no self-test selected\n');
    process.exit(areas.length || !ok ? 1 : 0);
  }
  process.stdout.write(`• ${selected.length} self-test files\n`);
  const durationsOut = path.join(os.tmpdir(), `selftest-durations-${process.pid}.json`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      // --require tsx/cjs, as every npm script starts (one process, no ESM loader thread per test file)
      [
        '--require',
        require.resolve('tsx/cjs'),
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${path.join(root, 'selftest', 'durations-reporter.cjs')}`,
        `--test-reporter-destination=${durationsOut}`,
        `--test-concurrency=${process.env.CERT_SELFTEST_CONCURRENCY ?? 3}`,
        ...longestFirst(selected),
      ],
      { stdio: 'inherit', cwd: root, env: { ...process.env, CERT_SELFTEST: '1' } },
    );
    child.on('exit', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(1));
  });
  keepDurations(durationsOut, selected.length);
  const staticOk = (await checks)();
  process.stdout.write(`self-tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.exit(code === 0 && staticOk ? 0 : 1);
}

void main();
