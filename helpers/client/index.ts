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
import { request as undiciRequest, type Dispatcher } from 'undici';
import { findOperation, getOperation, validateRequest, validateResponse, type Finding, type OperationInfo } from '../contract';
import { redact, redactHeaders, registerSecret } from '../redact';
import { AmbiguousOutcomeError, RequestValidationError, TokenError, TransportError, UnknownOperationError } from './errors';
import { AMBIGUOUS_STATUSES, RETRY_STATUSES, VENDOR_RETRY, backoffMs, isRetrySafe, parseRetryAfter, parseTokenExpiry, type RetryPolicy } from './policy';

export * from './errors';
export * from './policy';
export * from './probes';

/** The token path the client calls (ruling R-token-path: lower-case, as every vendor description spells it). */
export const TOKEN_PATH = '/v1.0/oauth2/tokens';
/** Lifetime assumed for a token whose `tokenExpiry` cannot be parsed (ruling need: R-token-expiry-format). */
export const DEFAULT_TOKEN_TTL_MS = 60_000;

export type AuthMode = 'auto' | 'none' | { token: string };
export type QueryValue = string | number | boolean | undefined | null;

export interface ClientOptions {
  baseUrl: string;
  /** IANA zone tokenExpiry is written in (CERT_PLATFORM_TZ; default UTC for fakes). */
  timeZone?: string;
  accountKey: string;
  accountSecret: string;
  /** default true: one token per ApiEndpoint URL (`baseUrl + path`); false: one unscoped token for everything */
  scopeTokens?: boolean;
  /** override the vendor policy (self-tests inject tiny values); missing members keep the vendor's */
  retry?: Partial<RetryPolicy>;
  /** receives one redacted record per call (token calls included) */
  onCall?: (record: CallRecord) => void;
  /** clock for token expiry (epoch ms); default Date.now */
  now?: () => number;
  /** per-attempt time limit (headers + body), default 30 s */
  timeoutMs?: number;
  /** undici dispatcher (default: the global one) */
  dispatcher?: Dispatcher;
  /** token path override (default `/v1.0/oauth2/tokens`) */
  tokenPath?: string;
  /** extra headers sent on every call */
  headers?: Record<string, string>;
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** 'auto' (default): cached token for the scope; 'none': no Authorization header; { token }: that token */
  auth?: AuthMode;
  /** ApiEndpoint override for the token (full URL, or a path joined to baseUrl) */
  scope?: string;
  /** "did the first attempt take effect?" probe for non-idempotent operations: a value = yes (returned as the body), undefined = no (resend) */
  reconcile?: () => Promise<unknown | undefined>;
  /** the ID field of the resource `reconcile()` returns (for the note); default: the first `…Id`/`…ID` string field */
  reconcileIdField?: string;
  /**
   * default true. false = do not validate the REQUEST (negative tests sending a deliberately bad
   * body); the response is still validated. `{ request?, response? }` picks each side.
   */
  validate?: boolean | { request?: boolean; response?: boolean };
  /** values for `{name}` path templates (none in the current document) */
  params?: Record<string, string | number>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface TryRecord {
  attempt: number;
  /** HTTP status, or 'timeout' / 'network' */
  outcome: number | 'timeout' | 'network';
  ms: number;
  /** wait before the next attempt (ms), when there was one */
  waitMs?: number;
  /** what decided the next step */
  note?: string;
}

export interface CallResult<T = any> {
  /** final HTTP status (200 when the result comes from reconcile(): the first attempt took effect) */
  status: number;
  headers: Record<string, string>;
  body: T;
  /** wall time of the whole call, retries and waits included */
  durationMs: number;
  /** number of HTTP sends of the operation */
  attempts: number;
  findings: Finding[];
  /** ApiEndpoint the token was scoped to ('' = unscoped, null = no token sent) */
  tokenScope: string | null;
  /** true when the body is what reconcile() returned (the first attempt took effect); status is then 200 */
  reconciled?: boolean;
  /** the transient fault the call met (kept when the call still succeeded, e.g. through reconciliation) */
  fault?: CallFault;
  /** what happened, in one line (set when a fault was absorbed) */
  note?: string;
  op: string;
  url: string;
  tries: TryRecord[];
}

export interface CallRecord {
  op: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  attempts: number;
  startedAt: string;
  tokenScope: string | null;
  reconciled?: boolean;
  fault?: CallFault;
  note?: string;
  request: { headers: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  response: { headers: Record<string, unknown>; body?: unknown };
  findings: Finding[];
  tries: TryRecord[];
  error?: string;
}

/** A transient fault answered to the operation: the HTTP status, or 'timeout' / 'network'. */
export interface CallFault {
  outcome: number | 'timeout' | 'network';
  reason: string;
}

/** the name the suite runtime uses for the client type */
export type ApiClient = TelegentClient;

export interface TelegentClient {
  call<T = any>(opKey: string, opts?: CallOptions): Promise<CallResult<T>>;
  /** a valid token for the scope (ApiEndpoint URL or path; undefined = the unscoped token), cached */
  getToken(scope?: string): Promise<string>;
  /** one raw token request (not cached, never throws on a non-200) — for auth specs */
  requestToken(opts?: { scope?: string; accountKey?: string; accountSecret?: string }): Promise<CallResult>;
  /** forget cached tokens (all, or one scope) */
  invalidateToken(scope?: string): void;
  /** the ApiEndpoint the client scopes an operation's token to */
  scopeFor(opKey: string): string;
  readonly baseUrl: string;
  readonly retry: Readonly<Required<RetryPolicy>>;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

type Sent =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown; rawContentType?: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'network'; ms: number; sent: boolean; detail: string };

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function errorCode(e: unknown): string {
  const any = e as { code?: string; cause?: { code?: string } };
  return any?.code ?? any?.cause?.code ?? '';
}

/** The found resource's ID, for the note: `idField` when given, else the first `…Id` / `…ID` string field (then Tnid / Number). */
export function foundResourceId(value: unknown, idField?: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (idField && typeof v[idField] === 'string') return v[idField] as string;
  const k = Object.keys(v).find((x) => /(Id|ID)$/.test(x) && typeof v[x] === 'string' && v[x]) ?? ['Tnid', 'TNID', 'Number'].find((x) => typeof v[x] === 'string');
  return k ? (v[k] as string) : undefined;
}

/** Result extras of a call whose fault was absorbed by reconciliation: success, the fault kept, one readable note. */
function reconciledExtra(outcome: CallFault['outcome'], reason: string, value: unknown, idField?: string): Partial<CallResult> {
  const id = foundResourceId(value, idField);
  const what = typeof outcome === 'number' ? `${reason} answered` : reason;
  return { reconciled: true, fault: { outcome, reason }, note: `${what}; reconciliation found the created resource${id ? ` ID ${id}` : ''} — not resent` };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createClient(options: ClientOptions): TelegentClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const scopeTokens = options.scopeTokens !== false;
  const retry: Required<RetryPolicy> = { ...VENDOR_RETRY, ...Object.fromEntries(Object.entries(options.retry ?? {}).filter(([, v]) => v !== undefined)) } as Required<RetryPolicy>;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const tokenPath = options.tokenPath ?? TOKEN_PATH;
  registerSecret(options.accountSecret);

  const tokens = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<string>>();

  const tokenOp = (): OperationInfo | undefined => findOperation('POST', tokenPath);

  function scopeUrl(scope: string): string {
    if (/^https?:\/\//i.test(scope)) return scope;
    const sp = scope.indexOf(' ');
    const p = sp > 0 && /^[A-Z]+$/.test(scope.slice(0, sp)) ? scope.slice(sp + 1) : scope;
    return `${baseUrl}${p.startsWith('/') ? '' : '/'}${p}`;
  }

  function scopeFor(opKey: string): string {
    const op = getOperation(opKey);
    if (!op) throw new UnknownOperationError(opKey);
    return scopeUrl(op.path);
  }

  function emit(rec: CallRecord): void {
    if (!options.onCall) return;
    try {
      options.onCall(redact(rec));
    } catch {
      /* a failing observer must not break the call */
    }
  }

  async function sendOnce(method: string, url: string, headers: Record<string, string>, body: string | undefined, limitMs: number): Promise<Sent> {
    const started = performance.now();
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, limitMs);
    try {
      const res = await undiciRequest(url, { method: method as Dispatcher.HttpMethod, headers, body, signal: ac.signal, dispatcher: options.dispatcher });
      const text = await res.body.text();
      const h = flatHeaders(res.headers as Record<string, string | string[] | undefined>);
      let parsed: unknown = undefined;
      if (text.length) {
        const ct = h['content-type'] ?? '';
        if (/json/i.test(ct) || /^\s*[[{]/.test(text)) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        } else parsed = text;
      }
      return { kind: 'response', status: res.statusCode, headers: h, body: parsed, rawContentType: h['content-type'], ms: performance.now() - started };
    } catch (e) {
      const ms = performance.now() - started;
      if (timedOut) return { kind: 'timeout', ms };
      const code = errorCode(e);
      return { kind: 'network', ms, sent: !NOT_SENT_CODES.has(code), detail: code || (e instanceof Error ? e.message : String(e)) };
    } finally {
      clearTimeout(timer);
    }
  }

  function buildUrl(op: OperationInfo, query: Record<string, QueryValue> | undefined, params: Record<string, string | number> | undefined, pathOverride?: string): string {
    let p = pathOverride ?? op.path;
    if (params) p = p.replace(/\{([^}]+)\}/g, (m, name) => (params[name] !== undefined ? encodeURIComponent(String(params[name])) : m));
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) qs.append(k, String(v));
    const s = qs.toString();
    return `${baseUrl}${p}${s ? `?${s}` : ''}`;
  }

  function stringQuery(query: Record<string, QueryValue> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
    return out;
  }

  /**
   * The engine: one logical call with retries. `auth` resolves the token per attempt.
   */
  async function execute(op: OperationInfo, opts: CallOptions & { pathOverride?: string; isToken?: boolean }): Promise<CallResult> {
    const validate = opts.validate === undefined ? { request: true, response: true } : typeof opts.validate === 'boolean' ? { request: opts.validate, response: true } : { request: opts.validate.request !== false, response: opts.validate.response !== false };
    const query = stringQuery(opts.query);
    const findings: Finding[] = [];
    if (validate.request) {
      const reqFindings = validateRequest(op.key, opts.body, query);
      if (reqFindings.some((f) => f.severity === 'error')) throw new RequestValidationError(op.key, reqFindings);
      findings.push(...reqFindings);
    }
    const auth: AuthMode = opts.auth ?? (op.requiresAuth && !opts.isToken ? 'auto' : 'none');
    if (typeof auth === 'object') registerSecret(auth.token);
    const scope = auth === 'auto' ? (opts.scope ? scopeUrl(opts.scope) : scopeTokens ? scopeUrl(op.path) : '') : null;
    const url = buildUrl(op, opts.query, opts.params, opts.pathOverride);
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const limit = opts.timeoutMs ?? timeoutMs;
    const retrySafe = isRetrySafe(op);
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const tries: TryRecord[] = [];
    let attempts = 0;
    let retries = 0;
    let refreshed = false;
    let last: Sent | undefined;
    let lastHeaders: Record<string, string> = {};

    const finish = (status: number, headers: Record<string, string>, resBody: unknown, extra: Partial<CallResult> = {}): CallResult => {
      const result: CallResult = { status, headers, body: resBody, durationMs: performance.now() - started, attempts, findings, tokenScope: scope, op: op.key, url, tries, ...extra };
      emit({
        op: op.key,
        method: op.method,
        url,
        status,
        durationMs: result.durationMs,
        attempts,
        startedAt,
        tokenScope: scope,
        ...(result.reconciled ? { reconciled: true } : {}),
        ...(result.fault ? { fault: result.fault } : {}),
        ...(result.note ? { note: result.note } : {}),
        request: { headers: redactHeaders(lastHeaders), ...(Object.keys(query).length ? { query } : {}), ...(opts.body !== undefined ? { body: opts.body } : {}) },
        response: { headers: headers, ...(resBody !== undefined ? { body: resBody } : {}) },
        findings,
        tries,
      });
      return result;
    };
    const fail = (err: Error): never => {
      emit({
        op: op.key,
        method: op.method,
        url,
        status: last?.kind === 'response' ? last.status : 0,
        durationMs: performance.now() - started,
        attempts,
        startedAt,
        tokenScope: scope,
        request: { headers: redactHeaders(lastHeaders), ...(Object.keys(query).length ? { query } : {}), ...(opts.body !== undefined ? { body: opts.body } : {}) },
        response: { headers: last?.kind === 'response' ? last.headers : {} },
        findings,
        tries,
        error: err.message,
      });
      throw err;
    };
    const waitBeforeRetry = async (tr: TryRecord, sent: Sent): Promise<boolean> => {
      retries += 1;
      let wait = backoffMs(retries, retry);
      if (sent.kind === 'response') {
        const ra = parseRetryAfter(sent.headers['retry-after']);
        if (ra !== undefined) {
          if (ra > retry.retryAfterMaxMs) {
            tr.note = `Retry-After ${ra} ms exceeds ${retry.retryAfterMaxMs} ms: not waiting`;
            return false;
          }
          wait = ra;
          tr.note = `Retry-After ${ra} ms`;
        }
      }
      tr.waitMs = wait;
      if (wait > 0) await sleep(wait);
      return true;
    };

    for (;;) {
      const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}), ...(opts.headers ?? {}) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (auth === 'auto') {
        try {
          headers.authorization = `Bearer ${await getTokenFor(scope!)}`;
        } catch (e) {
          return fail(e as Error);
        }
      } else if (typeof auth === 'object') headers.authorization = `Bearer ${auth.token}`;
      lastHeaders = headers;
      attempts += 1;
      const sent = await sendOnce(op.method, url, headers, body, limit);
      last = sent;
      const tr: TryRecord = { attempt: attempts, outcome: sent.kind === 'response' ? sent.status : sent.kind, ms: sent.ms };
      tries.push(tr);

      if (sent.kind === 'response') {
        if (validate.response) {
          const rf = validateResponse(op.key, sent.status, sent.body, sent.rawContentType);
          findings.push(...rf);
        }
        // one token refresh on 401 (the request was not processed)
        if (sent.status === 401 && auth === 'auto' && !refreshed) {
          refreshed = true;
          tokens.delete(scope!);
          tr.note = '401: token refreshed once';
          continue;
        }
        if (!RETRY_STATUSES.has(sent.status)) return finish(sent.status, sent.headers, sent.body);
        // ambiguous (500/503/504) → the probe decides; "not processed" (408/429) → the probe, when given, is asked first
        if (!retrySafe && (AMBIGUOUS_STATUSES.has(sent.status) || opts.reconcile)) {
          const r = await ambiguous(`HTTP ${sent.status}`, tr);
          if (r.done) return finish(200, {}, r.value, reconciledExtra(sent.status, `HTTP ${sent.status}`, r.value, opts.reconcileIdField));
        }
        if (attempts >= retry.maxAttempts) return finish(sent.status, sent.headers, sent.body);
        if (!(await waitBeforeRetry(tr, sent))) return finish(sent.status, sent.headers, sent.body);
        continue;
      }

      // no response
      if (sent.kind === 'timeout' || sent.sent) {
        if (!retrySafe) {
          const reason = sent.kind === 'timeout' ? `no response within ${limit} ms` : `connection lost after sending (${sent.detail})`;
          const r = await ambiguous(reason, tr);
          if (r.done) return finish(200, {}, r.value, reconciledExtra(sent.kind, reason, r.value, opts.reconcileIdField));
        }
      }
      if (attempts >= retry.maxAttempts) {
        return fail(new TransportError(op.key, sent.kind === 'timeout' ? 'timeout' : 'network', attempts, sent.kind === 'network' ? sent.detail : `${limit} ms`));
      }
      await waitBeforeRetry(tr, sent);
    }

    async function ambiguous(reason: string, tr: TryRecord): Promise<{ done: true; value: unknown } | { done: false }> {
      if (!opts.reconcile) {
        tr.note = `${reason}: ambiguous, no reconcile → not resent`;
        return fail(new AmbiguousOutcomeError(op.key, reason, attempts));
      }
      let value: unknown;
      try {
        value = await opts.reconcile();
      } catch (e) {
        tr.note = `${reason}: reconcile() threw`;
        return fail(e instanceof Error ? e : new Error(String(e)));
      }
      if (value !== undefined) {
        tr.note = `${reason}: reconcile says it took effect`;
        return { done: true, value };
      }
      tr.note = `${reason}: reconcile says it did not take effect → resend`;
      return { done: false }; // the loop's maxAttempts check returns the last response / throws TransportError

    }
  }

  async function requestToken(o: { scope?: string; accountKey?: string; accountSecret?: string } = {}): Promise<CallResult> {
    const op = tokenOp();
    if (!op) throw new UnknownOperationError(`POST ${tokenPath}`);
    if (o.accountSecret) registerSecret(o.accountSecret);
    const body: Record<string, string> = { AccountKey: o.accountKey ?? options.accountKey, AccountSecret: o.accountSecret ?? options.accountSecret };
    if (o.scope) body.ApiEndpoint = scopeUrl(o.scope);
    const res = await execute(op, { body, auth: 'none', pathOverride: tokenPath, isToken: true });
    const token = (res.body as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string') registerSecret(token);
    return res;
  }

  async function fetchToken(scope: string): Promise<string> {
    const res = await requestToken({ scope: scope || undefined });
    const b = res.body as { token?: unknown; tokenExpiry?: unknown } | undefined;
    if (res.status !== 200 || typeof b?.token !== 'string' || !b.token) {
      throw new TokenError(res.status, scope || null, res.status === 200 ? '(no token in the response)' : JSON.stringify(redact(res.body) ?? '').slice(0, 200));
    }
    const issued = now();
    // an expiry already past (a zone or clock mismatch) or unreadable is not trusted: the token is used until refused
    const parsed = parseTokenExpiry(b.tokenExpiry, options.timeZone);
    const expiresAt = parsed !== undefined && parsed > issued ? parsed : issued + DEFAULT_TOKEN_TTL_MS;
    const life = Math.max(0, expiresAt - issued);
    const refreshAt = expiresAt - Math.min(5_000, life / 10);
    tokens.set(scope, { token: b.token, expiresAt, refreshAt });
    return b.token;
  }

  async function getTokenFor(scope: string): Promise<string> {
    const c = tokens.get(scope);
    if (c && now() < c.refreshAt) return c.token;
    const pending = inflight.get(scope);
    if (pending) return pending;
    const p = fetchToken(scope).finally(() => inflight.delete(scope));
    inflight.set(scope, p);
    return p;
  }

  return {
    baseUrl,
    retry,
    scopeFor,
    async call(opKey, opts = {}) {
      const op = getOperation(opKey);
      if (!op) throw new UnknownOperationError(opKey);
      return execute(op, opts);
    },
    getToken(scope?: string) {
      return getTokenFor(scope === undefined || scope === '' ? '' : scopeUrl(scope));
    },
    requestToken,
    invalidateToken(scope?: string) {
      if (scope === undefined) tokens.clear();
      else tokens.delete(scope === '' ? '' : scopeUrl(scope));
    },
  };
}
