/**
 * helpers/client — the suite's Telegent API client, on undici.
 *
 *  - tokens: one per `ApiEndpoint` scope (default; seed 003 §1 "scope is per-URL"), cached until the
 *    vendor `tokenExpiry`, fetched again on expiry or — once per call — on a 401;
 *  - vendor retry policy (seed 003 §11): 408/429/500/503/504 retried with backoff 1 s doubling,
 *    capped at 30 s, `Retry-After` honoured; 400/401/403/404 never retried (401 only triggers the
 *    single token refresh);
 *  - billable / non-idempotent POSTs are never resent blind: on a timeout, a connection lost after
 *    sending, 500, 503 or 504 the caller's `reconcile()` probe decides; without it an
 *    `AmbiguousOutcomeError` is thrown. 408 and 429 mean "not processed" → resent (with a probe, the
 *    probe is asked first: one GET is cheaper than a double charge). When the probe finds the effect,
 *    the call SUCCEEDS: status 200, `reconciled: true`, the found resource as the body and the fault
 *    kept in `fault` / the call record's `note` ("HTTP 503 answered; reconciliation found … ID …");
 *  - every request validated before sending (RequestValidationError, nothing sent); every response
 *    validated (findings returned, never thrown); timings per call; `onCall` gets a REDACTED record.
 */
import { findOperation, getOperation, type OperationInfo } from '../../protocol/contract';
import { redact, registerSecret } from '../../protocol/redact';
import { UnknownOperationError } from './errors';
import { execute, type Engine } from './execute';
import { VENDOR_RETRY, type RetryPolicy } from './policy';
import { createTokenCache } from './tokens';
import { TOKEN_PATH, tokenPathResolver } from './token-path';
import type { CallResult, CallRecord, ClientOptions, TelegentClient } from './types';
import { useProxyFromEnv } from './proxy';
import { DEFAULT_READ_SETTLE_MS } from './settle';
import { createClockWatch, significantSkewMs } from './platform-clock';

export * from './errors';
export * from './policy';
export * from './probes';
export * from './types';
export { foundResourceId } from './faults';
export { DEFAULT_TOKEN_TTL_MS } from './tokens';
export { settleRead, settles, DEFAULT_READ_SETTLE_MS, type SettledRead } from './settle';
export { readPlatformClock, significantSkewMs, describeSkew, CLOCK_SKEW_MIN_MS, type ClockReading } from './platform-clock';

export { TOKEN_PATH, VENDOR_TOKEN_PATH } from './token-path';

const TOKEN_OP_KEY = `POST ${TOKEN_PATH}`;

/** The retry policy: the vendor's, with the members the options give. */
function retryPolicy(overrides: Partial<RetryPolicy> | undefined): Required<RetryPolicy> {
  return { ...VENDOR_RETRY, ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) } as Required<RetryPolicy>;
}

/** An ApiEndpoint scope as a URL: a full URL as is, an operation key or a path joined to the base URL. */
function scopeUrlOf(baseUrl: string, scope: string): string {
  if (/^https?:\/\//i.test(scope)) return scope;
  const sp = scope.indexOf(' ');
  const p = sp > 0 && /^[A-Z]+$/.test(scope.slice(0, sp)) ? scope.slice(sp + 1) : scope;
  return `${baseUrl}${p.startsWith('/') ? '' : '/'}${p}`;
}

/** The observer of call records gets them redacted; a failing observer must not break the call. */
function emitter(onCall: ClientOptions['onCall']): (rec: CallRecord) => void {
  return (rec) => {
    if (!onCall) return;
    try {
      onCall(redact(rec));
    } catch {
      /* a failing observer must not break the call */
    }
  };
}

type TokenRequest = { scope?: string; accountKey?: string; accountSecret?: string };

type ViaTokenPath = ReturnType<typeof tokenPathResolver>;

/** One raw token request (not cached, never throws on a non-200); the token it returns is registered as a secret. */
async function requestTokenWith(engine: Engine, options: ClientOptions, via: ViaTokenPath, o: TokenRequest): Promise<CallResult> {
  const op: OperationInfo | undefined = findOperation('POST', TOKEN_PATH);
  if (!op) throw new UnknownOperationError(`POST ${TOKEN_PATH}`);
  if (o.accountSecret) registerSecret(o.accountSecret);
  const body: Record<string, string> = { AccountKey: o.accountKey ?? options.accountKey, AccountSecret: o.accountSecret ?? options.accountSecret };
  if (o.scope) body.ApiEndpoint = engine.scopeUrl(o.scope);
  const res = await via(engine, (e, path) => execute(e, op, { body, auth: 'none', pathOverride: path, isToken: true }));
  const token = (res.body as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string') registerSecret(token);
  return res;
}

export function createClient(options: ClientOptions): TelegentClient {
  useProxyFromEnv(); // HTTPS_PROXY / HTTP_PROXY: calls go through the partner's proxy (helpers/client/proxy.ts)
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const via = tokenPathResolver(options.tokenPath);
  registerSecret(options.accountSecret);
  const scopeUrl = (scope: string) => scopeUrlOf((options.endpointBase ?? baseUrl).replace(/\/+$/, ''), scope);
  const requestToken = (o: TokenRequest = {}) => requestTokenWith(engine, options, via, o);
  const clock = createClockWatch();
  const tokens = createTokenCache({
    request: (scope) => requestToken({ scope: scope || undefined }),
    now: options.now ?? Date.now,
    timeZone: options.timeZone,
    // tokenExpiry is on the platform's clock: read against it, not ours (R-platform-clock-skew)
    platformOffsetMs: () => significantSkewMs(clock.reading()),
  });
  const engine: Engine = {
    baseUrl,
    retry: retryPolicy(options.retry),
    timeoutMs: options.timeoutMs ?? 30_000,
    reconcileSettleMs: options.reconcileSettleMs ?? retryPolicy(options.retry).capMs,
    scopeTokens: options.scopeTokens !== false,
    headers: options.headers,
    dispatcher: options.dispatcher,
    scopeUrl,
    tokens,
    clock,
    emit: emitter(options.onCall),
  };
  return {
    baseUrl,
    retry: engine.retry,
    settle: { reconcileMs: engine.reconcileSettleMs, readMs: options.readSettleMs ?? DEFAULT_READ_SETTLE_MS },
    scopeFor(opKey) {
      const op = getOperation(opKey);
      if (!op) throw new UnknownOperationError(opKey);
      return scopeUrl(op.path);
    },
    async call(opKey, opts = {}) {
      const op = getOperation(opKey);
      if (!op) throw new UnknownOperationError(opKey);
      // the token endpoint at the spelling the target serves (R-token-path)
      if (op.key === TOKEN_OP_KEY) return via(engine, (e, path) => execute(e, op, { ...opts, pathOverride: path }));
      return execute(engine, op, opts);
    },
    platformClock: () => clock.reading(),
    getToken: (scope?: string) => tokens.get(scope === undefined || scope === '' ? '' : scopeUrl(scope)),
    requestToken,
    invalidateToken: (scope?: string) => tokens.invalidate(scope === undefined ? undefined : scope === '' ? '' : scopeUrl(scope)),
  };
}
