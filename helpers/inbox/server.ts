/**
 * The suite's webhook receiver: what Telegent posts to (inbound SMS/MMS, delivery reports, voice events,
 * CDR batches). It listens on WEBHOOK_PORT (public side, reached through WEBHOOK_PUBLIC_URL) and keeps
 * every request in memory. A separate loopback-only query port lets Playwright workers read what arrived
 * (long-poll, event-driven) — the payloads are never exposed on the public side.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InboxEvent {
  seq: number;
  receivedAt: string;
  receivedAtMs: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  contentType: string;
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: unknown;
  raw: string;
}

export interface RunningInbox {
  publicPort: number;
  queryUrl: string;
  events(): InboxEvent[];
  add(ev: Omit<InboxEvent, 'seq'>): void;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

/**
 * The path a post is kept under: the public one. A tunnel or proxy that strips WEBHOOK_PUBLIC_URL's path prefix
 * (`https://tunnel.example/partner/hooks/…` arriving as `/hooks/…`) delivers the same webhook; the matchers compare
 * with the public path, so the prefix is put back.
 */
export function publicPathOf(url: string, prefix: string): string {
  return prefix && !url.startsWith(`${prefix}/hooks/`) && url.startsWith('/hooks/') ? `${prefix}${url}` : url;
}

/** WEBHOOK_PUBLIC_URL's path prefix ('' for none) */
export function publicPrefixOf(publicUrl: string | undefined): string {
  if (!publicUrl) return '';
  try {
    return new URL(publicUrl).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

/** JSON when the body is JSON (by content type or by its first character), else the raw text */
function parsedBody(raw: string, contentType: string): unknown {
  if (!/json/i.test(contentType) && !/^\s*[[{]/.test(raw)) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** a post as kept: its headers flattened, its body parsed (JSON when it is JSON), the time it came */
function eventOf(req: http.IncomingMessage, raw: string, path: string): Omit<InboxEvent, 'seq'> {
  const contentType = String(req.headers['content-type'] ?? '');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
  const now = Date.now();
  return {
    receivedAt: new Date(now).toISOString(),
    receivedAtMs: now,
    method: req.method ?? 'POST',
    path,
    headers,
    contentType,
    body: parsedBody(raw, contentType),
    raw,
  };
}

export async function startInbox(
  opts: { host?: string; port?: number; accepts?: (path: string) => boolean; publicPrefix?: string } = {},
): Promise<RunningInbox> {
  const prefix = opts.publicPrefix ?? '';
  const events: InboxEvent[] = [];
  const waiters = new Set<() => void>();
  const add = (ev: Omit<InboxEvent, 'seq'>) => {
    events.push({ ...ev, seq: events.length + 1 });
    for (const w of [...waiters]) w();
  };

  const pub = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      const path = publicPathOf(req.url ?? '/', prefix);
      // a receiver for one post only (the preflight's): any other is refused retryable, not swallowed — a platform's
      // retry of a webhook an earlier run awaited comes again when the run's receiver listens (R-resume-awaited-message)
      if (opts.accepts && !opts.accepts(path)) {
        res.writeHead(503, { 'retry-after': '5' }).end();
        return;
      }
      add(eventOf(req, Buffer.concat(chunks).toString('utf8'), path));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
    req.on('error', () => res.destroy());
  });

  const query = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/events') {
      res.writeHead(404).end();
      return;
    }
    const after = Number(u.searchParams.get('after') ?? 0);
    const waitMs = Math.min(Number(u.searchParams.get('waitMs') ?? 0), 5000);
    const reply = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(events.filter((e) => e.seq > after)));
    };
    if (events.some((e) => e.seq > after) || waitMs <= 0) return reply();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      waiters.delete(finish);
      clearTimeout(timer);
      reply();
    };
    const timer = setTimeout(finish, waitMs);
    waiters.add(finish);
    req.on('close', () => {
      waiters.delete(finish);
      clearTimeout(timer);
    });
  });

  await listenOrReject(pub, opts.port ?? 0, opts.host ?? '0.0.0.0');
  await listenOrReject(query, 0, '127.0.0.1').catch(async (e: unknown) => {
    await new Promise((r) => pub.close(r));
    throw e;
  });
  const publicPort = (pub.address() as AddressInfo).port;
  const queryUrl = `http://127.0.0.1:${(query.address() as AddressInfo).port}`;
  return {
    publicPort,
    queryUrl,
    events: () => events,
    add,
    close: async () => {
      for (const w of [...waiters]) w();
      await Promise.all([new Promise((r) => pub.close(r)), new Promise((r) => query.close(r))]);
    },
  };
}

/** Listen, or reject with the error (EADDRINUSE: the port is taken) instead of an unhandled 'error' event that kills the process. */
function listenOrReject(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
