/**
 * The embedded Telegent sandbox. See sandbox/README.md for every behaviour, magic value, control, fault and drift mode.
 *
 *   const sb = await startSandbox({ port: 0 });  // → { baseUrl, sipHost, sipPort, credentials: { accountKey }, close() }
 */
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Sandbox, ResolvedOptions } from './core';
import { buildServer } from './server';
import { FAST_CARRIER, REALISTIC, REALISTIC_CARRIER, parseCarrierSteps, uniformSteps, type CarrierSteps } from './clock';
import { applyState, createPersister, readState, type Persister } from './persist';
import { startTicker } from './ticker';
import { InMemoryUsageSink, type UsageService } from './ports';
import { startSandboxSbc, type SbcSettings } from './sip';
import { createCdrService, type CdrDelivery } from './cdr';
import { registerSecret } from '../protocol/redact';

export interface SandboxOptions {
  host?: string;
  port?: number;
  sipPort?: number;
  accountKey?: string;
  accountSecret?: string;
  tokenTtlSeconds?: number;
  /** voice-route propagation delay (documented: 10 minutes); sandbox default 500 ms */
  propagationMs?: number;
  /** one carrier-clock step for every port-in status (ms); overridden per status by `carrierSteps` */
  portStepMs?: number;
  /** the carrier clock per status (ms), or SANDBOX_CARRIER_STEP syntax ("30m", "10m,1d,1d"); default 200 ms each (fast), 10m,1d,1d (realistic) */
  carrierSteps?: Partial<CarrierSteps> | string;
  /** realistic mode: slow clocks, controls only behind a key, persisted state (sandbox/README.md "Realistic mode") */
  realistic?: boolean;
  /** CDR delivery cycle on the sandbox clock (ms); 0 = only /_sandbox/cdr/flush; default 0 (fast), 15 min (realistic) */
  cdrCycleMs?: number;
  /** secret: every /_sandbox/* request needs header X-Sandbox-Control-Key with it; in realistic mode, controls are off without it */
  controlKey?: string;
  /** serve /_sandbox/* at all; default: true (fast), true only with a controlKey (realistic) */
  controls?: boolean;
  /** persist the state in this file; false = none; default none (fast), ./.sandbox-state.json (realistic) */
  stateFile?: string | false;
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
  agreedHeaders?: SbcSettings['agreedHeaders'];
  /** SIP: Request-URI format of inbound INVITEs (sandbox/sip) */
  requestUriFormat?: SbcSettings['requestUriFormat'];
  /** SIP: OPTIONS keepalive interval (sandbox/sip) */
  keepaliveIntervalMs?: number;
  /** the platform's clock error (ms, signed; default 0): every timestamp and the HTTP Date header run this far off */
  clockSkewMs?: number;
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

function carrierOf(o: SandboxOptions, realistic: boolean): CarrierSteps {
  const base = o.portStepMs !== undefined ? uniformSteps(o.portStepMs) : realistic ? REALISTIC_CARRIER : FAST_CARRIER;
  const over = typeof o.carrierSteps === 'string' ? parseCarrierSteps(o.carrierSteps) : (o.carrierSteps ?? {});
  return { ...base, ...over };
}

function stateFileOf(o: SandboxOptions, realistic: boolean): string | undefined {
  if (o.stateFile === false || o.stateFile === '') return undefined;
  const f = o.stateFile ?? (realistic ? REALISTIC.stateFile : undefined);
  return f ? path.resolve(f) : undefined;
}

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const realistic = o.realistic ?? false;
  const carrier = carrierOf(o, realistic);
  const controlKey = o.controlKey || undefined;
  const fastestStep = Math.min(carrier.submittedMs, carrier.approvalMs, carrier.scheduledMs);
  return {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    sipPort: o.sipPort ?? 0,
    accountKey: o.accountKey ?? DEFAULT_ACCOUNT_KEY,
    accountSecret: o.accountSecret ?? DEFAULT_ACCOUNT_SECRET,
    tokenTtlSeconds: o.tokenTtlSeconds ?? REALISTIC.tokenTtlSeconds,
    propagationMs: o.propagationMs ?? (realistic ? REALISTIC.propagationMs : 500),
    carrier,
    carrierDefaulted: !realistic && o.portStepMs === undefined && o.carrierSteps === undefined,
    realistic,
    cdrCycleMs: o.cdrCycleMs ?? (realistic ? REALISTIC.cdrCycleMs : 0),
    controls: o.controls ?? (realistic ? !!controlKey : true),
    controlKey,
    stateFile: stateFileOf(o, realistic),
    tickMs: realistic ? REALISTIC.tickMs : Math.max(20, Math.min(fastestStep / 4, 1000)),
    drift: o.drift ?? [],
    faults: o.faults ?? [],
    logLevel: o.logLevel ?? 'warn',
    webhookRetryBaseMs: o.webhookRetryBaseMs ?? 200,
    webhookMaxAttempts: o.webhookMaxAttempts ?? 6,
    clockSkewMs: o.clockSkewMs ?? 0,
  };
}

/** internal: the running sandbox with its state (self-tests and the bench use it) */
export interface SandboxInternals extends RunningSandbox {
  sandbox: Sandbox;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandboxInternal(opts);
}

function createUsage(sb: Sandbox, opts: SandboxOptions): UsageService {
  try {
    return createCdrService({
      drift: (name) => sb.drift.isDrift(name),
      log: (msg, extra) => sb.log.info(msg, extra),
      warn: (msg, extra) => sb.log.warn(msg, extra),
      now: () => sb.now(),
      defaultAccountId: sb.defaultAccountId,
      delivery: opts.cdrDelivery,
    });
  } catch (e) {
    sb.log.warn(`CDR service unavailable (${(e as Error).message}); usage events kept in memory`);
    return new InMemoryUsageSink();
  }
}

async function startSip(sb: Sandbox, ro: ResolvedOptions, opts: SandboxOptions) {
  if (opts.sip === false) return undefined;
  try {
    const sbc = await startSandboxSbc({
      host: ro.host,
      port: ro.sipPort,
      directory: sb.directory(),
      events: sb.callEvents(),
      usage: sb.usage,
      drift: sb.drift,
      log: sb.log,
      agreedHeaders: opts.agreedHeaders,
      requestUriFormat: opts.requestUriFormat,
      keepaliveIntervalMs: opts.keepaliveIntervalMs,
      probeOnTraffic: !ro.realistic, // the realistic (remote, slow) Telegent pings on its period only
    });
    sb.sipHost = sbc.host;
    sb.sipPort = sbc.port;
    return sbc;
  } catch (e) {
    sb.log.warn(`SIP SBC not started: ${(e as Error).message}`);
    return undefined;
  }
}

/** restore the state file (when there is one) and save changes to it from now on */
function attachState(sb: Sandbox, file: string | undefined): Persister | undefined {
  if (!file) return undefined;
  const snap = readState(file);
  if (snap) applyState(sb, snap);
  const persister = createPersister(sb, file);
  sb.changed = () => persister.changed();
  persister.flush();
  return persister;
}

export async function startSandboxInternal(opts: SandboxOptions = {}): Promise<SandboxInternals> {
  const ro = resolveOptions(opts);
  registerSecret(ro.accountSecret);
  if (ro.controlKey) registerSecret(ro.controlKey);
  const sb = new Sandbox(ro);
  const cdr = createUsage(sb, opts);
  sb.usage = cdr;
  const persister = attachState(sb, ro.stateFile);
  const app = buildServer(sb);
  // any request may change the state (reads settle due status changes too): the persister debounces the saves
  app.addHook('onResponse', (_req, _reply, done) => {
    sb.changed();
    done();
  }); // a callback hook: no promise per response
  await app.listen({ host: ro.host, port: ro.port });
  const addr = app.server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  sb.baseUrl = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${addr.port}`;
  const sbc = await startSip(sb, ro, opts);
  const stopTicker = startTicker(sb);

  let closed: Promise<void> | undefined;
  return {
    sandbox: sb,
    baseUrl: sb.baseUrl,
    sipHost: sb.sipHost || ro.host,
    sipPort: sb.sipPort,
    credentials: { accountKey: ro.accountKey },
    close: () =>
      (closed ??= (async () => {
        stopTicker();
        await Promise.allSettled([app.close(), sbc?.close(), sb.webhooks.close(), cdr.close?.()]);
        persister?.close();
      })()),
  };
}

export type { Sandbox } from './core';
