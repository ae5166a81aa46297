/**
 * One Node child process whose output (stdout and stderr, in order of arrival) is kept and handed back when it ends:
 * what the side-by-side checks of `npm test` and `npm run lint` print in one block each.
 */
import { spawn } from 'node:child_process';

export function runNodeChild(args: string[], cwd: string): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ ok: code === 0, out }));
  });
}
