/**
 * The embedded Telegent sandbox. See sandbox/README.md for every behaviour, magic value, control, fault and drift mode.
 *
 *   const sb = await startSandbox({ port: 0 });  // → { baseUrl, sipHost, sipPort, credentials: { accountKey }, close() }
 */
import type { AddressInfo } from 'node:net';
import { Sandbox, ResolvedOptions } from './core';
import { buildServer } from './server';
import { sweepOrders } from './routes/porting';
import { InMemoryUsageSink } from './ports';
import type { CdrService } from './ports';
import { startSbc } from './sip';
import { createCdrService } from './cdr';
import type { CdrDelivery } from './cdr';
import type { SbcContextExtras } from './sip';
import { registerSecret } from '../helpers/redact';

export interface SandboxOptions {
  host?: string;
  port?: number;
  sipPort?: number;
  accountKey?: string;
  accountSecret?: string;
  tokenTtlSeconds?: number;
  /** voice-route propagation delay (documented: 10 minutes); sandbox default 500 ms */
  propagationMs?: number;
  /** port-in status step interval on the sandbox clock; default 200 ms */
  portStepMs?: number;
  drift?: string[];
  faults?: string[];
  logLevel?: string;
  /** webhook retry: first backoff (ms), doubled per attempt; default 200 */
  webhookRetryBaseMs?: number;
  /** webhook retry: attempts in all; default 6 */
  webhookMaxAttempts?: number;
  /** start the SIP SBC (sandbox/sip); default true */
  sip?: boolean;
  /** where the CDR service delivers (webhook / e-mail) — passed to sandbox/cdr */
  cdrDelivery?: CdrDelivery;
  /** SIP: custom headers agreed with the partner (sandbox/sip) */
  agreedHeaders?: SbcContextExtras['agreedHeaders'];
  /** SIP: Request-URI format of inbound INVITEs (sandbox/sip) */
  requestUriFormat?: SbcContextExtras['requestUriFormat'];
  /** SIP: OPTIONS keepalive interval (sandbox/sip) */
  keepaliveIntervalMs?: number;
}

export interface RunningSandbox {
  baseUrl: string;
  sipHost: string;
  sipPort: number;
  credentials: { accountKey: string };
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNT_KEY = 'DID-00000000-0000-4000-8000-000000000001';
export const DEFAULT_ACCOUNT_SECRET = 'sandbox-secret';

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  return {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    sipPort: o.sipPort ?? 0,
    accountKey: o.accountKey ?? DEFAULT_ACCOUNT_KEY,
    accountSecret: o.accountSecret ?? DEFAULT_ACCOUNT_SECRET,
    tokenTtlSeconds: o.tokenTtlSeconds ?? 300,
    propagationMs: o.propagationMs ?? 500,
    portStepMs: o.portStepMs ?? 200,
    drift: o.drift ?? [],
    faults: o.faults ?? [],
    logLevel: o.logLevel ?? 'warn',
    webhookRetryBaseMs: o.webhookRetryBaseMs ?? 200,
    webhookMaxAttempts: o.webhookMaxAttempts ?? 6,
  };
}

/** internal: the running sandbox with its state (self-tests and the bench use it) */
export interface SandboxInternals extends RunningSandbox {
  sandbox: Sandbox;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandboxInternal(opts);
}

export async function startSandboxInternal(opts: SandboxOptions = {}): Promise<SandboxInternals> {
  const ro = resolveOptions(opts);
  registerSecret(ro.accountSecret);
  const sb = new Sandbox(ro);
  let cdr: CdrService;
  try {
    cdr = createCdrService({ drift: sb.drift, log: sb.log, now: () => sb.now(), defaultAccountId: sb.defaultAccountId, delivery: opts.cdrDelivery }) as unknown as CdrService;
  } catch (e) {
    sb.log.warn(`CDR service unavailable (${(e as Error).message}); usage events kept in memory`);
    cdr = new InMemoryUsageSink();
  }
  sb.usage = cdr;
  const app = buildServer(sb);
  await app.listen({ host: ro.host, port: ro.port });
  const addr = app.server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  sb.baseUrl = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${addr.port}`;

  let sbc: { host: string; port: number; close(): Promise<void> } | undefined;
  if (opts.sip !== false) {
    try {
      sbc = await startSbc({
        host: ro.host, port: ro.sipPort, directory: sb.directory(), events: sb.callEvents(), usage: sb.usage, drift: sb.drift, log: sb.log,
        agreedHeaders: opts.agreedHeaders, requestUriFormat: opts.requestUriFormat, keepaliveIntervalMs: opts.keepaliveIntervalMs,
      });
      sb.sipHost = sbc.host;
      sb.sipPort = sbc.port;
    } catch (e) {
      sb.log.warn(`SIP SBC not started: ${(e as Error).message}`);
    }
  }
  const timer = setInterval(() => {
    try {
      sweepOrders(sb);
    } catch {
      /* never let the sweeper crash the process */
    }
  }, Math.max(20, Math.min(ro.portStepMs, 1000)));
  timer.unref();

  let closed: Promise<void> | undefined;
  return {
    sandbox: sb,
    baseUrl: sb.baseUrl,
    sipHost: sb.sipHost || ro.host,
    sipPort: sb.sipPort,
    credentials: { accountKey: ro.accountKey },
    close: () =>
      (closed ??= (async () => {
        clearInterval(timer);
        await Promise.allSettled([app.close(), sbc?.close(), sb.webhooks.close(), cdr.close?.()]);
      })()),
  };
}

export type { Sandbox } from './core';
