/** Start `npm run sandbox` (sandbox/main.ts) as a separate process, as a partner would, and read its base URL. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { ROOT } from './run';
import { npmScriptArgs } from '../npm-script';

export interface Standalone {
  baseUrl: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** `args`: command-line flags of sandbox/main.ts (e.g. ['--realistic', '--state', file]) */
export async function startStandaloneSandbox(env: Record<string, string>, args: string[] = []): Promise<Standalone> {
  const child = spawn(process.execPath, [...npmScriptArgs('sandbox'), ...args], {
    cwd: ROOT,
    env: { ...process.env, SANDBOX_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (c) => reject(new Error(`sandbox exited ${c}:\n${out}`)));
  });
  return {
    baseUrl,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
