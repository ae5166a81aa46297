/**
 * Issue 11, preflight: against a separately started sandbox in realistic mode (reached only through
 * TELEGENT_BASE_URL / WEBHOOK_PUBLIC_URL), a wrong secret and a closed port stop `npm run certify` before any
 * item: exit 2, one line naming the problem (credentials; host:port), quickly, and every file under the
 * report directory byte-identical afterwards (no report, no history entry, no verdict printed).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as http from 'node:http';
import { certify, certifyArgs, sandboxAsTargetEnv, tempReportDir } from './run';
import { startStandaloneSandbox, freePort, type Standalone } from './standalone';

let sb: Standalone;
let webhookPort: number;

/** A report directory as a previous run left it: sign-off, history, ledger. */
function seededReports(): string {
  const dir = tempReportDir('preflight');
  fs.mkdirSync(path.join(dir, 'history'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'signoff.json'), JSON.stringify({ verdict: 'PASS', items: [] }));
  fs.writeFileSync(path.join(dir, 'history', '20261101T000000Z-abcdef.json'), JSON.stringify({ runId: 'x', items: [] }));
  fs.writeFileSync(path.join(dir, 'run-state.json'), JSON.stringify({ runId: 'old', items: {} }));
  return dir;
}

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

before(async () => {
  webhookPort = await freePort();
  sb = await startStandaloneSandbox({ SANDBOX_REALISTIC: '1', SANDBOX_STATE_FILE: path.join(tempReportDir('state'), 'state.json') });
});
after(async () => sb?.stop());

test('a wrong secret: exit 2 within 10 s, one line about the credentials, reports/ untouched', { timeout: 60_000 }, async () => {
  const dir = seededReports();
  const before = digest(dir);
  const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, `http://127.0.0.1:${webhookPort}`, { TELEGENT_ACCOUNT_SECRET: 'not-the-secret' });
  const run = await certify(env, [], dir);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.ok(run.wallMs <= 10_000, `stopped in ${run.wallMs} ms`);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /credentials refused .*TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET/);
  assert.doesNotMatch(run.stdout + run.stderr, /not-the-secret/, 'the secret is not echoed');
  assert.doesNotMatch(run.stdout, /verdict/i, 'no verdict printed');
  assert.deepEqual(digest(dir), before, 'every file under the report directory is byte-identical');
});

test('a closed port: exit 2 within 15 s naming host:port, reports/ untouched', { timeout: 60_000 }, async () => {
  const dir = seededReports();
  const before = digest(dir);
  const closed = await freePort();
  const env = sandboxAsTargetEnv(`http://127.0.0.1:${closed}`, webhookPort, `http://127.0.0.1:${webhookPort}`);
  const run = await certify(env, [], dir);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.ok(run.wallMs <= 15_000, `stopped in ${run.wallMs} ms`);
  assert.match(run.stderr, new RegExp(`target unreachable: 127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)`));
  assert.doesNotMatch(run.stdout, /verdict/i);
  assert.deepEqual(digest(dir), before);
});

test('a webhook path that does not reach the receiver is named before any item', { timeout: 60_000 }, async () => {
  const dir = seededReports();
  const before = digest(dir);
  const nowhere = await freePort();
  const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, `http://127.0.0.1:${nowhere}`);
  const run = await certify(env, [], dir);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /webhook receiver not reachable through WEBHOOK_PUBLIC_URL 127\.0\.0\.1:\d+/);
  assert.deepEqual(digest(dir), before);
});

test('a configuration error: exit 2, one line per problem, nothing written', { timeout: 30_000 }, async () => {
  const dir = seededReports();
  const before = digest(dir);
  const run = await certify({ TELEGENT_BASE_URL: 'http://127.0.0.1:1', CERT_POLL_MS: 'soon' }, [], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /TELEGENT_ACCOUNT_KEY is required/);
  assert.match(run.stderr, /CERT_POLL_MS must be an integer/);
  assert.deepEqual(digest(dir), before);
});

test('the target named in .env is preflighted too (a wrong secret there: exit 2 before any item)', { timeout: 60_000 }, async () => {
  const cwd = tempReportDir('dotenv');
  const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, `http://127.0.0.1:${webhookPort}`, { TELEGENT_ACCOUNT_SECRET: 'not-the-secret-either' });
  fs.writeFileSync(
    path.join(cwd, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TELEGENT_|WEBHOOK_|CERT_|SANDBOX_)/.test(k)));
  const r = spawnSync(process.execPath, certifyArgs(), {
    cwd,
    env: { ...clean, CI: '1', CERT_REPORT_DIR: path.join(cwd, 'reports') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /credentials refused/);
  assert.ok(!fs.existsSync(path.join(cwd, 'reports', 'signoff.json')), 'no report written');
});

test('CDR e-mail in scope (CDR_DELIVERY both, the default): the SMTP receiver step of the preflight passes', { timeout: 60_000 }, async () => {
  // `--list`: Playwright lists the items and stops — the preflight is all this run does on the target
  const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, `http://127.0.0.1:${webhookPort}`, { CDR_DELIVERY: 'both', SMTP_PORT: String(await freePort()) });
  const dir = tempReportDir('preflight-smtp');
  const run = await certify(env, ['--list'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  // listing runs no item: no sign-off, JUnit or history written (they would replace the last run's with "all blocked")
  for (const f of ['signoff.json', 'junit.xml', 'history']) assert.ok(!fs.existsSync(path.join(dir, f)), `--list wrote ${f}`);
  assert.match(run.stdout, /preflight: ✓ SMTP receiver can listen/);
  assert.doesNotMatch(run.stdout + run.stderr, /ERR_MODULE_NOT_FOUND|cannot listen/);
});

/** a reverse proxy serving the sandbox under /telegent (the prefix stripped), as a partner's gateway may */
async function prefixProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const up = new URL(target);
    const fwd = http.request(
      { host: up.hostname, port: up.port, method: req.method, path: (req.url ?? '/').replace(/^\/telegent/, '') || '/', headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    fwd.on('error', () => res.writeHead(502).end());
    req.pipe(fwd);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/telegent`, close: () => new Promise((r) => server.close(() => r())) };
}

test('behind a proxy with a path prefix: the preflight scopes tokens without it, and the client follows', { timeout: 60_000 }, async () => {
  const proxy = await prefixProxy(sb.baseUrl);
  try {
    const { checkScopedToken } = require('../../helpers/preflight') as typeof import('../../helpers/preflight');
    const { createClient } = require('../../helpers/client') as typeof import('../../helpers/client');
    const creds = { accountKey: 'DID-00000000-0000-4000-8000-000000000001', accountSecret: 'sandbox-secret' };
    const found = await checkScopedToken({ baseUrl: proxy.url, ...creds });
    assert.deepEqual(found, { problems: [], adopt: new URL(proxy.url).origin });
    // as the run then calls: the prefix in the URL called, not in ApiEndpoint
    const client = createClient({ baseUrl: proxy.url, endpointBase: found.adopt, ...creds });
    // past the token: the sandbox answers the call itself (an unknown product), not a refused scope
    const res = await client.call('GET /v1.0/products', { query: { ProductId: 'PRID-00000000-0000-4000-8000-000000000000' } });
    assert.equal(res.status, 404, JSON.stringify(res.body));
    const wrong = await checkScopedToken({ baseUrl: proxy.url, apiEndpointBase: `${sb.baseUrl}/elsewhere`, ...creds });
    assert.equal(wrong.problems.length, 1);
    assert.match(wrong.problems[0], /set TELEGENT_API_ENDPOINT_BASE/);
  } finally {
    await proxy.close();
  }
});

/** a forward proxy (absolute-form requests and CONNECT tunnels) that alone resolves telegent.example to the sandbox */
async function forwardProxy(sandboxPort: number): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const net = require('node:net') as typeof import('node:net');
  const seen: string[] = [];
  const resolve = (host: string) => (host === 'telegent.example' ? '127.0.0.1' : host);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/');
    seen.push(`${req.method} ${u.host}${u.pathname}`);
    const fwd = http.request({ host: resolve(u.hostname), port: u.port || 80, method: req.method, path: u.pathname + u.search, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => res.writeHead(502).end());
    req.pipe(fwd);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = String(req.url).split(':');
    const up = net.connect(Number(port) || sandboxPort, resolve(host), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket).pipe(up);
    });
    up.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

test('behind a corporate proxy (HTTP_PROXY): the preflight and the calls go through it; loopback does not', { timeout: 60_000 }, async () => {
  const sbPort = new URL(sb.baseUrl).port;
  const proxy = await forwardProxy(Number(sbPort));
  try {
    const env = sandboxAsTargetEnv(`http://telegent.example:${sbPort}`, webhookPort, `http://127.0.0.1:${webhookPort}`, {
      CDR_DELIVERY: 'webhook',
      HTTP_PROXY: proxy.url,
    });
    const run = await certify(env, ['--list'], tempReportDir('preflight-proxy'));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /preflight: ✓ HTTP_PROXY in use/);
    assert.match(run.stdout, /preflight: ✓ scoped token issued/);
    assert.ok(
      proxy.seen.some((s) => s.includes('telegent.example') && s.includes('/v1.0/oauth2/tokens')) ||
        proxy.seen.some((s) => s.startsWith('CONNECT telegent.example')),
      proxy.seen.join('\n'),
    );
    assert.ok(!proxy.seen.some((s) => s.includes('127.0.0.1')), `loopback went through the proxy: ${proxy.seen.join(', ')}`);
  } finally {
    await proxy.close();
  }
});

test('a platform that checks a token’s scope when it is used: the preflight sees the refusal and adopts the origin', { timeout: 30_000 }, async () => {
  // a fake target behind a /telegent prefix: any ApiEndpoint gets a token; the endpoint refuses (403) a token scoped
  // to another path than its own, as "a token scoped to one endpoint URL is rejected by any other endpoint"
  const scopes = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const url = new URL((req.url ?? '/').replace(/^\/telegent/, ''), 'http://x');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (url.pathname === '/v1.0/oauth2/tokens') {
        const token = `tok-${scopes.size + 1}-${'x'.repeat(24)}`;
        scopes.set(token, new URL(JSON.parse(body).ApiEndpoint ?? 'http://x/').pathname);
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, successful: true }));
      }
      const scope = scopes.get(String(req.headers.authorization).replace(/^Bearer /, ''));
      res.writeHead(scope === url.pathname ? 404 : 403).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  try {
    const { checkScopedToken } = require('../../helpers/preflight') as typeof import('../../helpers/preflight');
    const found = await checkScopedToken({ baseUrl: `${origin}/telegent`, accountKey: 'DID-1', accountSecret: 'fake-secret-1' });
    assert.deepEqual(found, { problems: [], adopt: origin });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
