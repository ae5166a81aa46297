/**
 * npm run bench:sandbox — requests/s of the embedded sandbox vs a Prism mock (`prism mock`) serving the same
 * document (schemas/telegent.openapi.json): same request mix, same client (undici), same concurrency, one run,
 * loopback only, bounded request loops. Prints both figures and the ratio (goal ≥ 3×).
 *   env BENCH_REQUESTS (per target, default 4000), BENCH_CONCURRENCY (default 16)
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Pool } from 'undici';
import { DEFAULT_ACCOUNT_KEY, DEFAULT_ACCOUNT_SECRET } from '../sandbox';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONC = Number(process.env.BENCH_CONCURRENCY ?? 16);
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

async function run(base: string, token: string, mix: Req[], n: number) {
  const pool = new Pool(base, { connections: CONC, pipelining: 1 });
  let next = 0;
  let ok = 0;
  let other = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < n) {
      const r = mix[next++ % mix.length];
      const res = await pool.request({
        method: r.method,
        path: r.path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
      });
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

async function main() {
  // both servers run in their own process (the client runs here), loopback only
  const sbPort = await freePort();
  const sandboxProc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sandbox', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SANDBOX_PORT: String(sbPort), SANDBOX_HOST: '127.0.0.1', SANDBOX_LOG_LEVEL: 'silent', SANDBOX_SIP: 'off', SANDBOX_DRIFT: '', SANDBOX_FAULTS: '', SANDBOX_ACCOUNT_KEY: DEFAULT_ACCOUNT_KEY, SANDBOX_ACCOUNT_SECRET: DEFAULT_ACCOUNT_SECRET },
  });
  const sb = { baseUrl: `http://127.0.0.1:${sbPort}`, credentials: { accountKey: DEFAULT_ACCOUNT_KEY }, close: async () => void sandboxProc.kill('SIGTERM') };
  await waitUp(`${sb.baseUrl}/v1.0/oauth2/tokens`, 60_000);
  const tok = await (await fetch(`${sb.baseUrl}/v1.0/oauth2/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ AccountKey: sb.credentials.accountKey, AccountSecret: DEFAULT_ACCOUNT_SECRET }) })).json();
  const token = tok.token as string;
  const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const prod = await (await fetch(`${sb.baseUrl}/v1.0/products`, { method: 'POST', headers: h, body: JSON.stringify({ SKU: 'eSim', Description: 'Telegent eSim', Type: 'esim', SubType: 'esim', Cost: 12.34, BillingFrequency: 'MRC' }) })).json();
  const acct = 'AID-00000000-0000-4000-8000-000000000001';
  const mix: Req[] = [
    { method: 'GET', path: `/v1.0/account?AccountId=${acct}` },
    { method: 'POST', path: '/v1.0/products', body: { SKU: 'eSim', Description: 'Telegent eSim', Type: 'esim', SubType: 'esim', Cost: 12.34, BillingFrequency: 'MRC' } },
    { method: 'GET', path: `/v1.0/products?ProductId=${prod.ProductId}` },
    { method: 'POST', path: '/v1.0/numbers/availability', body: { NumberType: 'mobile', MessageType: 'p2p', MessageEnabled: true, VoiceEnabled: true, PageNumber: 1, AreaCode: '201', ZipCode: '' } },
    { method: 'GET', path: '/v1.0/numbers/inventory?PageNumber=1' },
    { method: 'POST', path: '/v1.0/oauth2/tokens', body: { AccountKey: sb.credentials.accountKey, AccountSecret: DEFAULT_ACCOUNT_SECRET } },
  ];

  // prism mock of the same document
  const port = await freePort();
  const prismBin = path.join(root, 'node_modules', '.bin', 'prism');
  const prism = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), path.join(root, 'schemas', 'telegent.openapi.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let prismOut = '';
  prism.stdout.on('data', (d) => (prismOut += d));
  prism.stderr.on('data', (d) => (prismOut += d));
  try {
    const prismBase = `http://127.0.0.1:${port}`;
    await waitUp(`${prismBase}/v1.0/oauth2/tokens`, 60_000);
    // warm-up (JIT, ajv compilation) — not measured
    await run(sb.baseUrl, token, mix, 300);
    await run(prismBase, token, mix, 300);
    const s = await run(sb.baseUrl, token, mix, REQUESTS);
    const p = await run(prismBase, token, mix, REQUESTS);
    const ratio = s.rps / p.rps;
    console.log(`bench:sandbox — ${REQUESTS} requests per target, concurrency ${CONC}, mix of ${mix.length} operations, loopback`);
    console.log(`  sandbox : ${s.rps.toFixed(0)} req/s (${s.ok} 2xx, ${s.other} other, ${s.secs.toFixed(2)} s)`);
    console.log(`  prism   : ${p.rps.toFixed(0)} req/s (${p.ok} 2xx, ${p.other} other, ${p.secs.toFixed(2)} s)`);
    console.log(`  ratio   : ${ratio.toFixed(2)}× (goal ≥ 3×) ${ratio >= 3 ? 'OK' : 'BELOW GOAL'}`);
  } finally {
    prism.kill('SIGTERM');
    await sb.close();
  }
}

main().catch((e) => {
  console.error(`bench:sandbox failed: ${(e as Error).message}`);
  process.exit(1);
});
