/**
 * A `.env` as partners write it (hunt 3, real runs against a standalone sandbox): a number with separators is read as
 * E.164, a number without `+` is refused with the `+` form suggested, a misspelled variable (TELEGENT_ACOUNT_KEY,
 * CERT_PROFLE) stops the run with "did you mean", and `https://` to a plain-HTTP port is said as such.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { ConfigError, e164FromPartnerSpelling, loadConfig } from '../../helpers/config';
import { KNOWN_ENV_NAMES, likelyMeant, misspelledEnvNames } from '../../helpers/env-names';
import { checkCredentials, checkWebhookPath, describeRequestError } from '../../helpers/preflight';

const ROOT = path.resolve(__dirname, '../..');
const TARGET = {
  TELEGENT_BASE_URL: 'http://127.0.0.1:1',
  TELEGENT_ACCOUNT_KEY: 'DID-00000000-0000-4000-8000-000000000001',
  TELEGENT_ACCOUNT_SECRET: 'sandbox-secret',
  WEBHOOK_PUBLIC_URL: 'http://127.0.0.1:2',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, { reload: true });
    return [];
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
}

test('a number written with + and separators is read as its E.164 form', () => {
  assert.equal(e164FromPartnerSpelling('+1 312-555-0142'), '+13125550142');
  assert.equal(e164FromPartnerSpelling('+1 (312) 555.0143'), '+13125550143');
  assert.equal(e164FromPartnerSpelling('+13125550144'), '+13125550144');
  assert.equal(e164FromPartnerSpelling('13125550142'), undefined);
  const cfg = loadConfig({ ...TARGET, PORTIN_NUMBER: '+1 312-555-0142', PSTN_TEST_NUMBER: '+1 (312) 555-0143' }, { reload: true });
  assert.equal(cfg.portIn.number, '+13125550142');
  assert.equal(cfg.portIn.eligibleNumber, '+13125550142');
  assert.equal(cfg.pstnTestNumber, '+13125550143');
});

test('a number without + is refused (exit 2 material) with the + form suggested; the basis is named', () => {
  const problems = problemsOf({ ...TARGET, PORTIN_NUMBER: '13125550142', PSTN_TEST_NUMBER: 'call me' });
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(
    problems.find((p) => p.startsWith('PORTIN_NUMBER'))!,
    /E\.164.*did you mean "\+13125550142"\?/,
  );
  assert.doesNotMatch(
    problems.find((p) => p.startsWith('PSTN_TEST_NUMBER'))!,
    /did you mean/,
  );
  // ten digits are a US/Canada number without +1, not +31… (the Netherlands)
  const ten = problemsOf({ ...TARGET, PSTN_TEST_NUMBER: '312-555-0143' });
  assert.match(ten[0], /did you mean "\+13125550143"\?/);
});

test('npm run certify with TELEGENT_ACOUNT_KEY in .env: exit 2 before any call, naming the variable it meant', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-env-certify-'));
  try {
    const lines = [
      'TELEGENT_BASE_URL=http://127.0.0.1:1',
      'TELEGENT_ACOUNT_KEY=DID-1',
      'TELEGENT_ACCOUNT_SECRET=not-shown-42',
      'WEBHOOK_PUBLIC_URL=http://127.0.0.1:2',
    ];
    fs.writeFileSync(path.join(dir, '.env'), lines.join('\n') + '\n');
    const env = cleanEnv();
    const out = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'scripts/certify.ts'), '--list'], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /TELEGENT_ACOUNT_KEY \(in \.env\) .* did you mean TELEGENT_ACCOUNT_KEY\?/);
    assert.match(out.stderr, /TELEGENT_ACCOUNT_KEY is required/);
    assert.doesNotMatch(out.stdout, /preflight:/, 'no call was made');
    assert.doesNotMatch(out.stdout + out.stderr, /not-shown-42/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The environment without any variable the suite reads: only the .env under test configures the child. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
  for (const k of Object.keys(env)) if (KNOWN_ENV_NAMES.has(k)) delete env[k];
  return env;
}

test('a misspelled or lower-case variable is named with the one it meant; another tool’s variable is left alone', () => {
  assert.equal(likelyMeant('TELEGENT_ACOUNT_KEY'), 'TELEGENT_ACCOUNT_KEY');
  assert.equal(likelyMeant('CERT_PROFLE'), 'CERT_PROFILE');
  assert.equal(likelyMeant('PORTIN_NUMBR'), 'PORTIN_NUMBER');
  assert.equal(likelyMeant('telegent_base_url'), 'TELEGENT_BASE_URL');
  assert.equal(likelyMeant('HTTP_PROXY'), undefined);
  assert.equal(likelyMeant('DATABASE_URL'), undefined);
  assert.equal(likelyMeant('NODE_ENV'), undefined);
  // another tool's settings two edits from ours, and the lower-case proxy variables curl reads: not refused
  for (const other of ['SMTP_HOST', 'WEBHOOK_HOST', 'https_proxy', 'http_proxy', 'no_proxy']) assert.equal(likelyMeant(other), undefined, other);
  const problems = misspelledEnvNames(['TELEGENT_ACOUNT_KEY', 'DATABASE_URL', 'TELEGENT_ACCOUNT_SECRET']);
  assert.deepEqual(problems, ['TELEGENT_ACOUNT_KEY (in .env) is not a variable the suite reads — did you mean TELEGENT_ACCOUNT_KEY? (see .env.example)']);
});

test('every variable .env.example documents and the code reads is known (no false "did you mean")', () => {
  const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  const documented = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]{2,})=/gm)].map((m) => m[1]);
  const read: string[] = [];
  for (const dir of ['helpers', 'scripts', 'sandbox', 'reporter']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (!f.endsWith('.ts')) continue;
      const src = fs.readFileSync(path.join(ROOT, dir, f), 'utf8');
      for (const m of src.matchAll(/\benv(?:\.|\[['"]|\(['"])([A-Z][A-Z0-9_]{3,})\b/g)) read.push(m[1]);
      for (const m of src.matchAll(/\b(?:str|int|e164|url|num|flag)\(\s*['"]([A-Z][A-Z0-9_]{3,})['"]/g)) read.push(m[1]);
    }
  }
  const unknown = [...new Set([...documented, ...read])].filter((n) => !KNOWN_ENV_NAMES.has(n) && !['USER', 'CI', 'HOME'].includes(n));
  assert.deepEqual(unknown, [], 'add these to KNOWN_ENV_NAMES in helpers/env-names.ts');
});

test('a .env with TELEGENT_ACOUNT_KEY and CERT_PROFLE=iot stops the configuration with both names (CRLF, quoted)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-env-'));
  try {
    const lines = ['TELEGENT_BASE_URL="http://127.0.0.1:1/v1.0/"  ', 'TELEGENT_ACOUNT_KEY=DID-1', 'TELEGENT_ACCOUNT_SECRET=not-shown-42', 'CERT_PROFLE=iot'];
    fs.writeFileSync(path.join(dir, '.env'), lines.join('\r\n') + '\r\n');
    const script = `try { require(${JSON.stringify(path.join(ROOT, 'helpers/config'))}).loadConfig(); console.log('loaded') } catch (e) { console.log(e.message) }`;
    const env = cleanEnv();
    const out = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /TELEGENT_ACOUNT_KEY \(in \.env\) .* did you mean TELEGENT_ACCOUNT_KEY\?/);
    assert.match(out.stdout, /CERT_PROFLE \(in \.env\) .* did you mean CERT_PROFILE\?/);
    assert.doesNotMatch(out.stdout + out.stderr, /not-shown-42/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('https:// to a plain-HTTP port: one line that says so and names the http:// URL, no hang', async () => {
  const server = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const started = Date.now();
    const problems = await checkCredentials({ baseUrl: `https://127.0.0.1:${port}`, accountKey: TARGET.TELEGENT_ACCOUNT_KEY, accountSecret: 'sandbox-secret' });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /does not speak TLS .*write http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(Date.now() - started < 5_000);
  } finally {
    server.close();
  }
  assert.equal(describeRequestError({ code: 'ECONNREFUSED' }, 'https://x.example'), 'ECONNREFUSED');
  assert.match(describeRequestError({ code: 'ECONNRESET' }, 'https://x.example'), /^ECONNRESET: the connection was reset/);
});

test('WEBHOOK_PUBLIC_URL https:// to the plain-HTTP receiver: the preflight says so', async () => {
  const problems = await checkWebhookPath({ webhookPublicUrl: 'https://127.0.0.1:19997', webhookPort: 19997, webhookBind: '127.0.0.1' });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /WEBHOOK_PUBLIC_URL says https:\/\/.*write http:\/\/127\.0\.0\.1:19997/);
});

test('a .env written on Windows (BOM, CRLF, export, quotes, trailing spaces) is read as meant; a # inside a quoted secret is kept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-env-win-'));
  try {
    const lines = [
      '\uFEFFexport TELEGENT_BASE_URL=http://127.0.0.1:1   ',
      'TELEGENT_ACCOUNT_KEY = "DID-00000000-0000-4000-8000-000000000001"',
      "TELEGENT_ACCOUNT_SECRET='win#secret-77'",
      'WEBHOOK_PUBLIC_URL=http://127.0.0.1:2 # the tunnel',
    ];
    fs.writeFileSync(path.join(dir, '.env'), lines.join('\r\n') + '\r\n');
    const script = `try { const c = require(${JSON.stringify(path.join(ROOT, 'helpers/config'))}).loadConfig(); console.log(JSON.stringify([c.baseUrl, c.accountKey, c.accountSecret === 'win#secret-77', c.webhookPublicUrl])) } catch (e) { console.log(e.message) }`;
    const out = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), ['http://127.0.0.1:1', 'DID-00000000-0000-4000-8000-000000000001', true, 'http://127.0.0.1:2']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run certify with an unquoted # inside TELEGENT_ACCOUNT_SECRET: exit 2 before any call, naming the variable and line, not the value', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-env-hash-'));
  try {
    const lines = [
      'TELEGENT_BASE_URL=http://127.0.0.1:1',
      'TELEGENT_ACCOUNT_KEY=DID-00000000-0000-4000-8000-000000000001',
      'TELEGENT_ACCOUNT_SECRET=cut4#hidden-tail-93',
      'WEBHOOK_PUBLIC_URL=http://127.0.0.1:2 # a comment after a space is fine',
    ];
    fs.writeFileSync(path.join(dir, '.env'), lines.join('\r\n') + '\r\n');
    const out = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'scripts/certify.ts'), '--list'], {
      cwd: dir,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /TELEGENT_ACCOUNT_SECRET \(in \.env, line 3\): .*# without quotes.*TELEGENT_ACCOUNT_SECRET="…"/);
    assert.doesNotMatch(out.stderr, /WEBHOOK_PUBLIC_URL/, 'a # after a space is a comment');
    assert.doesNotMatch(out.stdout, /preflight:/, 'no call was made');
    assert.doesNotMatch(out.stdout + out.stderr, /cut4|hidden-tail-93/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'behind a proxy that wants credentials (407 to CONNECT): the preflight says so, naming the variable, never the proxy URL',
  { timeout: 60_000 },
  async () => {
    const proxy = http.createServer((_req, res) => res.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end());
    proxy.on('connect', (_req, socket) =>
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'),
    );
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyPort = (proxy.address() as { port: number }).port;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-env-proxy-'));
    try {
      const env = {
        ...cleanEnv(),
        CERT_NO_DOTENV: '1',
        ...TARGET,
        TELEGENT_BASE_URL: 'https://api.telegent.example',
        HTTPS_PROXY: `http://alice:proxy-pw-4471@127.0.0.1:${proxyPort}`,
        CERT_REPORT_DIR: path.join(dir, 'reports'),
      };
      const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
        const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'scripts/certify.ts'), '--list'], { cwd: dir, env });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.stderr.on('data', (d) => (text += d));
        child.on('close', (code) => resolve({ code, text }));
      });
      assert.equal(out.code, 2, out.text);
      assert.match(out.text, /the proxy \(HTTPS_PROXY\) asks for credentials \(HTTP 407 Proxy Authentication Required\)/);
      assert.doesNotMatch(out.text, /proxy-pw-4471|alice/);
    } finally {
      proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a wait written with a unit (120s, 2min) or grouped digits (30 000) is refused with the integer meant', () => {
  const problems = problemsOf({ ...TARGET, CERT_WEBHOOK_TIMEOUT_MS: '120s', CERT_PORTIN_WAIT_MS: '2min', CERT_POLL_MS: '30 000', WEBHOOK_PORT: '8787' });
  assert.ok(
    problems.some((p) => /CERT_WEBHOOK_TIMEOUT_MS .*got "120s"\): CERT_WEBHOOK_TIMEOUT_MS counts milliseconds — write 120000$/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /CERT_PORTIN_WAIT_MS .*: CERT_PORTIN_WAIT_MS counts milliseconds — write 120000$/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /CERT_POLL_MS .*got "30 000"\): write the digits alone — 30000$/.test(p)),
    problems.join('\n'),
  );
  assert.ok(!problems.some((p) => p.startsWith('WEBHOOK_PORT')), 'a plain integer is fine');
});

test('WEBHOOK_PORT already taken by another process: one problem in words, not a crash with a stack trace', { timeout: 10_000 }, async () => {
  const squatter = http.createServer((_req, res) => res.end('not the suite'));
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  const port = (squatter.address() as { port: number }).port;
  try {
    const problems = await checkWebhookPath({ webhookPublicUrl: `http://127.0.0.1:${port}`, webhookPort: port, webhookBind: '127.0.0.1' });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0],
      /webhook receiver cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE: another process already listens on that port .*another WEBHOOK_PORT/,
    );
  } finally {
    squatter.close();
  }
});
