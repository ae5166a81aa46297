/**
 * `--help` / `-h` for every command: print the file's own header comment (its usage) and exit 0 — before
 * anything else runs, so asking for help never starts a run, a cleanup or a benchmark.
 */
import * as fs from 'node:fs';

export function helpOnRequest(file: string, argv: string[] = process.argv.slice(2)): void {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  const src = fs.readFileSync(file, 'utf8');
  const m = /^\/\*\*?([\s\S]*?)\*\//.exec(src);
  const text = (m?.[1] ?? 'no help text')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
  process.stdout.write(`${text}\n`);
  process.exit(0);
}
