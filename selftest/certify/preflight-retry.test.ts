/**
 * The preflight's token request follows the vendor retry policy (seed 003 §11): a 429 / 503 at the start of a run —
 * a rate limit, a platform busy a moment — is retried (Retry-After honoured) before it counts. It refused the run
 * (exit 2, "token request answered HTTP 429") against `npm run sandbox -- --realistic` with SANDBOX_FAULTS=429-burst.
 * A 401 is never retried.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCredentials, describeRequestError } from '../../helpers/preflight';

async function target(answers: number[]): Promise<{ url: string; calls: () => number; close: () => void }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    const status = answers[n++] ?? 200;
    res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
    res.end(JSON.stringify(status === 200 ? { token: 'tok-preflight-retry', successful: true } : { StatusCode: status, Message: 'busy' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => n, close: () => server.close() };
}

const creds = { accountKey: 'DID-00000000-0000-4000-8000-000000000001', accountSecret: 'preflight-retry-secret' };

test('a 429 then a 503 at the token request are retried: the credentials pass', async () => {
  const t = await target([429, 503]);
  try {
    assert.deepEqual(await checkCredentials({ baseUrl: t.url, ...creds }), []);
    assert.equal(t.calls(), 3);
  } finally {
    t.close();
  }
});

test('a 401 is not retried: one clear problem', async () => {
  const t = await target([401]);
  try {
    const problems = await checkCredentials({ baseUrl: t.url, ...creds });
    assert.match(problems.join(), /credentials refused .*HTTP 401/);
    assert.equal(t.calls(), 1);
  } finally {
    t.close();
  }
});

test('a target serving the token path only as the OpenAPI spells it: found once, then asked there directly (R-token-path)', async () => {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    paths.push(req.url ?? '');
    const served = req.url === '/v1.0/OAuth2/tokens';
    res.writeHead(served ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(served ? { token: 'tok-preflight-path', successful: true } : { StatusCode: 404, Message: 'not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await checkCredentials({ baseUrl: url, ...creds }), []);
    assert.deepEqual(await checkCredentials({ baseUrl: url, ...creds }), []);
    assert.deepEqual(paths, ['/v1.0/oauth2/tokens', '/v1.0/OAuth2/tokens', '/v1.0/OAuth2/tokens']);
  } finally {
    server.close();
  }
});

test('a 429 whose Retry-After is an HTTP date on a platform clock 10 min ahead: waited 1 s, not 30 s (R-retry-after-date)', async () => {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (n++ === 0) {
      const platformNow = Math.floor((Date.now() + 10 * 60_000) / 1000) * 1000;
      res.writeHead(429, {
        'content-type': 'application/json',
        date: new Date(platformNow).toUTCString(),
        'retry-after': new Date(platformNow + 1000).toUTCString(),
      });
      res.end(JSON.stringify({ StatusCode: 429, Message: 'slow down' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: 'tok-preflight-date', successful: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const started = Date.now();
  try {
    assert.deepEqual(await checkCredentials({ baseUrl: url, ...creds }), []);
    const waited = Date.now() - started;
    assert.ok(waited >= 900 && waited < 5000, `waited ${waited} ms for a Retry-After 1 s after the answer's Date`);
  } finally {
    server.close();
  }
});

test(
  'a maintenance page (503, text/html, Retry-After 1 h) at the token request: not retried for minutes, said by its title and wait',
  { timeout: 20_000 },
  async () => {
    let n = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      n++;
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '3600' });
      res.end(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Telegent — Scheduled\n maintenance</title><style>body{font:14px sans-serif}</style></head><body><h1>Back soon</h1></body></html>',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const problems = await checkCredentials({ baseUrl: url, ...creds });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /answered HTTP 503: an HTML page titled "Telegent — Scheduled maintenance", not the API's JSON/);
      assert.match(problems[0], /not serving the API now .*nothing was created: it asks to be called again in 1 h/);
      assert.doesNotMatch(problems[0], /<!DOCTYPE|<style|preflight-retry-secret/);
      assert.equal(n, 1, 'a wait of an hour is not spent retrying');
    } finally {
      server.close();
    }
  },
);

test('a connection reset in the middle of the token answer (a gateway, a platform restarting) is retried; said in words when it persists', async () => {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (n++ === 0) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"tok');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: 'tok-preflight-reset', successful: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await checkCredentials({ baseUrl: url, ...creds }), []);
    assert.equal(n, 2);
  } finally {
    server.close();
  }
  const lost = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  assert.match(describeRequestError(lost, url), /^UND_ERR_SOCKET: the connection was closed before the answer was complete — a proxy/);
});
