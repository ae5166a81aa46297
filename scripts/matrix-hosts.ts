/**
 * The matrix's runner hosts (scripts/matrix-host.cjs): long-lived Playwright runner processes that run the matrix's
 * certifications one after another, so that Playwright's and the suite's start-up is paid once per host rather than
 * once per run. One host per run in flight; a host is retired after `recycleAfter` runs (each run
 * evaluates the project's modules afresh, and the old ones are not all given back). A host that dies or errs is
 * dropped and that certification runs in a certify process of its own, as without hosts (`npm run matrix -- --no-host`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { certify, certifyEnv, finishedRun, tempReportDir, ROOT, type CertifyRun } from '../selftest/certify/run';

interface Host {
  child: ChildProcess;
  runs: number;
  out: string;
  err: string;
}

type Reply = { id: number; status?: string; error?: string };

export class RunnerHosts {
  private idle: Host[] = [];
  private all = new Set<Host>();
  private nextId = 1;
  /** certifications that fell back to a certify process, and why */
  readonly fallbacks: string[] = [];
  /** hosts started so far */
  started = 0;

  constructor(private readonly recycleAfter = 25) {}

  /** a certification of `files` (all specs when empty) with `env`, as `certify(env, files)` would run it */
  async certify(env: Record<string, string | undefined>, files: string[] = []): Promise<CertifyRun> {
    const reportDir = tempReportDir('run');
    const started = Date.now();
    const host = this.idle.pop() ?? this.start();
    host.out = '';
    host.err = '';
    try {
      const status = await this.ask(host, certifyEnv(env, reportDir), files);
      const run = finishedRun({ code: status === 'passed' ? 0 : 1, signal: null, stdout: host.out, stderr: host.err, reportDir, started });
      this.release(host);
      return run;
    } catch (e) {
      this.drop(host);
      this.fallbacks.push((e as Error).message.split('\n')[0]);
      return certify(env, files);
    }
  }

  /** ends every host */
  close(): void {
    for (const h of this.all) this.drop(h);
  }

  private start(): Host {
    const child = fork(path.join(__dirname, 'matrix-host.cjs'), [], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    const host: Host = { child, runs: 0, out: '', err: '' };
    child.stdout!.on('data', (d) => (host.out += d));
    child.stderr!.on('data', (d) => (host.err += d));
    this.all.add(host);
    this.started++;
    return host;
  }

  private ask(host: Host, env: Record<string, string>, files: string[]): Promise<string> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        off();
        if (m.error) reject(new Error(`runner host: ${m.error}`));
        else resolve(String(m.status));
      };
      const onExit = (code: number | null, signal: string | null) => {
        off();
        reject(new Error(`runner host ended (${signal ?? `exit ${code}`}) during a run: ${host.err.slice(-300)}`));
      };
      const off = () => {
        host.child.off('message', onMessage);
        host.child.off('exit', onExit);
      };
      host.child.on('message', onMessage);
      host.child.on('exit', onExit);
      host.child.send({ id, env, files });
    });
  }

  private release(host: Host): void {
    if (++host.runs >= this.recycleAfter) this.drop(host);
    else this.idle.push(host);
  }

  private drop(host: Host): void {
    this.all.delete(host);
    this.idle = this.idle.filter((h) => h !== host);
    // an idle host ends when its channel closes (scripts/matrix-host.cjs); one that hangs is killed
    if (host.child.connected) host.child.disconnect();
    setTimeout(() => host.child.kill(), 2000).unref();
  }
}
