/**
 * A tiny fake Telegent server for the client self-tests: node:http on 127.0.0.1, port 0.
 * Each test installs a handler; the server counts requests per "METHOD /path" and records them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatTokenExpiry, type ClientOptions, type RetryPolicy } from '../../helpers/client';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}
export type Reply = { status?: number; headers?: Record<string, string>; body?: unknown } | 'hang';
export type Handler = (req: SeenRequest, nth: number) => Reply | Promise<Reply>;

export interface FakeServer {
  baseUrl: string;
  port: number;
  seen: SeenRequest[];
  count(method: string, path: string): number;
  /** route handler for "METHOD /path" (lower-cased match); the token route has a default */
  on(key: string, h: Handler): void;
  /** tokens issued so far, in order, with the ApiEndpoint they were scoped to */
  issued: Array<{ token: string; scope: string | undefined }>;
  /** clock used for tokenExpiry (epoch ms) and token lifetime in ms */
  clock: { now: number; ttlMs: number };
  close(): Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const seen: SeenRequest[] = [];
  const handlers = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const issued: Array<{ token: string; scope: string | undefined }> = [];
  const clock = { now: Date.UTC(2026, 4, 2, 18, 0, 0), ttlMs: 5 * 60_000 };
  const hanging = new Set<http.ServerResponse>();
  handlers.set('post /v1.0/oauth2/tokens', (req) => {
    const token = `tok-${issued.length + 1}-${Math.random().toString(36).slice(2)}`;
    issued.push({ token, scope: req.body?.ApiEndpoint });
    return { status: 200, body: { token, successful: true, tokenExpiry: formatTokenExpiry(clock.now + clock.ttlMs) } };
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const key = `${req.method} ${url.pathname}`.toLowerCase();
      const nth = (counts.get(key) ?? 0) + 1;
      counts.set(key, nth);
      const seenReq: SeenRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, at: performance.now() };
      seen.push(seenReq);
      const h = handlers.get(key);
      const reply = h ? await h(seenReq, nth) : { status: 404, body: { StatusCode: 404, Message: 'no fake route' } };
      if (reply === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    seen,
    issued,
    clock,
    count: (method, path) => counts.get(`${method} ${path}`.toLowerCase()) ?? 0,
    on: (key, h) => handlers.set(key.toLowerCase(), h),
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A fresh fake per test (counts stay independent) and the client options that reach it: the retry policy and the
 * account secret are the test's own (a secret per test file, so a leak names its test).
 */
export async function withFakeServer(
  o: { accountSecret: string; retry: Partial<RetryPolicy> },
  fn: (s: FakeServer, opts: ClientOptions) => Promise<void>,
): Promise<void> {
  const s = await startFakeServer();
  try {
    await fn(s, { baseUrl: s.baseUrl, accountKey: 'DID-test-key', accountSecret: o.accountSecret, retry: o.retry, now: () => s.clock.now, timeoutMs: 2000 });
  } finally {
    await s.close();
  }
}
