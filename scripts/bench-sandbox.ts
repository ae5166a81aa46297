/**
 * npm run bench:sandbox — requests/s of the embedded sandbox vs a Prism mock (`prism mock`) serving the same
 * document (schemas/telegent.openapi.json): same request mix, same client (undici), same concurrency, one run,
 * loopback only, bounded request loops. Prints both figures and the ratio (goal ≥ 10×), and beside them the CPU
 * time each server process spent per request (read from /proc: the figure a busy machine disturbs least) and the
 * load average.
 *   --json: one machine-readable line instead of the text
 *   env BENCH_REQUESTS (per target and round, default 4000), BENCH_ROUNDS (interleaved rounds, default 2),
 *   BENCH_CONCURRENCY (default 16), BENCH_WARMUP (unmeasured requests per target first, default 1500)
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { DEFAULT_ACCOUNT_KEY, DEFAULT_ACCOUNT_SECRET } from '../sandbox';

const GOAL = 10;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONC = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** requests sent to each target before measuring (JIT, ajv compilation, caches) */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const root = path.resolve(__dirname, '..');

interface Req {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (undefined where there is no /proc). */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** run() plus the server process's CPU time per request (µs) */
async function measure(base: string, token: string, mix: Req[], n: number, pid: number | undefined) {
  const c0 = processCpuSeconds(pid);
  const r = await run(base, token, mix, n);
  const c1 = processCpuSeconds(pid);
  const cpuUsPerRequest = c0 !== undefined && c1 !== undefined ? ((c1 - c0) * 1e6) / n : undefined;
  return { ...r, cpuUsPerRequest, load: os.loadavg()[0] };
}

async function run(base: string, token: string, mix: Req[], n: number) {
  const pool = new Pool(base, { connections: CONC, pipelining: 1 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
  const bodies = mix.map((r) => (r.body === undefined ? undefined : JSON.stringify(r.body))); // once, not per request
  let next = 0;
  let ok = 0;
  let other = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < n) {
      const i = next++ % mix.length;
      const res = await pool.request({ method: mix[i].method, path: mix[i].path, headers, body: bodies[i] });
      await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) ok++;
      else other++;
    }
  };
  await Promise.all(Array.from({ length: CONC }, worker));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await pool.close();
  return { rps: n / secs, ok, other, secs };
}

async function waitUp(url: string, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return;
    } catch {
      if (Date.now() > end) throw new Error(`prism did not come up at ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The sandbox in its own process (the client runs here), loopback only, with a token and one product. */
async function startSandboxProcess(): Promise<{ baseUrl: string; pid?: number; token: string; productId: string; close: () => Promise<void> }> {
  const sbPort = await freePort();
  const proc = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(root, 'sandbox', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SANDBOX_PORT: String(sbPort),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_LOG_LEVEL: 'silent',
      SANDBOX_SIP: 'off',
      SANDBOX_DRIFT: '',
      SANDBOX_FAULTS: '',
      SANDBOX_ACCOUNT_KEY: DEFAULT_ACCOUNT_KEY,
      SANDBOX_ACCOUNT_SECRET: DEFAULT_ACCOUNT_SECRET,
    },
  });
  const baseUrl = `http://127.0.0.1:${sbPort}`;
  await waitUp(`${baseUrl}/v1.0/oauth2/tokens`, 60_000);
  const post = async (p: string, body: unknown, headers: Record<string, string>) =>
    (await fetch(`${baseUrl}${p}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  const json = { 'content-type': 'application/json' };
  const tok = await post('/v1.0/oauth2/tokens', { AccountKey: DEFAULT_ACCOUNT_KEY, AccountSecret: DEFAULT_ACCOUNT_SECRET }, json);
  const token = tok.token as string;
  const prod = await post('/v1.0/products', PRODUCT, { ...json, authorization: `Bearer ${token}` });
  return { baseUrl, pid: proc.pid, token, productId: prod.ProductId, close: async () => void proc.kill('SIGTERM') };
}

const PRODUCT = { SKU: 'eSim', Description: 'Telegent eSim', Type: 'esim', SubType: 'esim', Cost: 12.34, BillingFrequency: 'MRC' };

async function main() {
  const started = await startSandboxProcess();
  const sb = { ...started, credentials: { accountKey: DEFAULT_ACCOUNT_KEY } };
  const sandboxProc = { pid: started.pid };
  const token = started.token;
  const prod = { ProductId: started.productId };
  const acct = 'AID-00000000-0000-4000-8000-000000000001';
  const mix: Req[] = [
    { method: 'GET', path: `/v1.0/account?AccountId=${acct}` },
    {
      method: 'POST',
      path: '/v1.0/products',
      body: { SKU: 'eSim', Description: 'Telegent eSim', Type: 'esim', SubType: 'esim', Cost: 12.34, BillingFrequency: 'MRC' },
    },
    { method: 'GET', path: `/v1.0/products?ProductId=${prod.ProductId}` },
    {
      method: 'POST',
      path: '/v1.0/numbers/availability',
      body: { NumberType: 'mobile', MessageType: 'p2p', MessageEnabled: true, VoiceEnabled: true, PageNumber: 1, AreaCode: '201', ZipCode: '' },
    },
    { method: 'GET', path: '/v1.0/numbers/inventory?PageNumber=1' },
    { method: 'POST', path: '/v1.0/oauth2/tokens', body: { AccountKey: sb.credentials.accountKey, AccountSecret: DEFAULT_ACCOUNT_SECRET } },
  ];

  // prism mock of the same document
  const port = await freePort();
  const prismBin = path.join(root, 'node_modules', '.bin', 'prism');
  const prism = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), path.join(root, 'schemas', 'telegent.openapi.json')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let prismOut = '';
  prism.stdout.on('data', (d) => (prismOut += d));
  prism.stderr.on('data', (d) => (prismOut += d));
  try {
    const prismBase = `http://127.0.0.1:${port}`;
    await waitUp(`${prismBase}/v1.0/oauth2/tokens`, 60_000);
    // warm-up (JIT, ajv compilation) — not measured
    await run(sb.baseUrl, token, mix, WARMUP);
    await run(prismBase, token, mix, WARMUP);
    // interleaved rounds (sandbox, Prism, sandbox, Prism…): a change of load on a shared machine hits both
    const ss: Measured[] = [];
    const ps: Measured[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ss.push(await measure(sb.baseUrl, token, mix, REQUESTS, sandboxProc.pid));
      ps.push(await measure(prismBase, token, mix, REQUESTS, prism.pid));
    }
    report(
      combine(ss),
      combine(ps),
      mix.length,
      ss.map((s, i) => s.rps / ps[i].rps),
    );
  } finally {
    prism.kill('SIGTERM');
    await sb.close();
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** several rounds as one: requests over seconds, mean CPU per request, mean load */
function combine(ms: Measured[]): Measured {
  const secs = ms.reduce((a, m) => a + m.secs, 0);
  const cpus = ms.map((m) => m.cpuUsPerRequest).filter((x): x is number => x !== undefined);
  return {
    rps: (REQUESTS * ms.length) / secs,
    ok: ms.reduce((a, m) => a + m.ok, 0),
    other: ms.reduce((a, m) => a + m.other, 0),
    secs,
    cpuUsPerRequest: cpus.length === ms.length ? cpus.reduce((a, x) => a + x, 0) / cpus.length : undefined,
    load: ms.reduce((a, m) => a + m.load, 0) / ms.length,
  };
}

function report(s: Measured, p: Measured, ops: number, roundRatios: number[]): void {
  const ratio = s.rps / p.rps;
  const cpuRatio = s.cpuUsPerRequest && p.cpuUsPerRequest ? p.cpuUsPerRequest / s.cpuUsPerRequest : undefined;
  const result = {
    requests: REQUESTS,
    warmup: WARMUP,
    concurrency: CONC,
    operations: ops,
    sandbox: {
      rps: Math.round(s.rps),
      ok: s.ok,
      other: s.other,
      seconds: Number(s.secs.toFixed(2)),
      cpuUsPerRequest: s.cpuUsPerRequest && Math.round(s.cpuUsPerRequest),
      loadAverage: Number(s.load.toFixed(2)),
    },
    prism: {
      rps: Math.round(p.rps),
      ok: p.ok,
      other: p.other,
      seconds: Number(p.secs.toFixed(2)),
      cpuUsPerRequest: p.cpuUsPerRequest && Math.round(p.cpuUsPerRequest),
      loadAverage: Number(p.load.toFixed(2)),
    },
    ratio: Number(ratio.toFixed(2)),
    rounds: roundRatios.map((r) => Number(r.toFixed(2))),
    cpuRatio: cpuRatio && Number(cpuRatio.toFixed(2)),
    goal: GOAL,
    meetsGoal: ratio >= GOAL,
    cpus: os.cpus().length,
  };
  process.exitCode = result.meetsGoal ? 0 : 1;
  if (process.argv.includes('--json')) return void console.log(JSON.stringify(result));
  const cpu = (x: Measured) => (x.cpuUsPerRequest ? `; server CPU ${Math.round(x.cpuUsPerRequest)} µs/request` : '');
  console.log(
    `bench:sandbox — ${ROUNDS} interleaved round(s) of ${REQUESTS} requests per target (after ${WARMUP} unmeasured), concurrency ${CONC}, mix of ${ops} operations, undici client, loopback, ${result.cpus} CPUs`,
  );
  console.log(`  sandbox : ${s.rps.toFixed(0)} req/s (${s.ok} 2xx, ${s.other} other, ${s.secs.toFixed(2)} s${cpu(s)}; load average ${s.load.toFixed(2)})`);
  console.log(`  prism   : ${p.rps.toFixed(0)} req/s (${p.ok} 2xx, ${p.other} other, ${p.secs.toFixed(2)} s${cpu(p)}; load average ${p.load.toFixed(2)})`);
  console.log(
    `  ratio   : ${ratio.toFixed(2)}× requests/s (rounds ${roundRatios.map((r) => `${r.toFixed(1)}×`).join(', ')}; goal ≥ ${GOAL}×) ${result.meetsGoal ? 'OK' : 'BELOW GOAL'}${cpuRatio ? `; ${cpuRatio.toFixed(1)}× less server CPU per request` : ''}`,
  );
}

main().catch((e) => {
  console.error(`bench:sandbox failed: ${(e as Error).message}`);
  process.exit(1);
});
