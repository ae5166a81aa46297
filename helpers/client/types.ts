/**
 * The vocabulary of the API client (leaf types module): options, call options, results, the call record, the
 * client interface. Imported by the engine, the token cache, the probes and every user of the client.
 */
import type { Dispatcher } from 'undici';
import type { ClockReading } from './platform-clock';
import type { Finding } from '../../protocol/contract';
import type { RetryPolicy } from './policy';

export type AuthMode = 'auto' | 'none' | { token: string };
export type QueryValue = string | number | boolean | undefined | null;

export interface ClientOptions {
  baseUrl: string;
  /** IANA zone tokenExpiry is written in (CERT_PLATFORM_TZ; default UTC for fakes). */
  timeZone?: string;
  accountKey: string;
  accountSecret: string;
  /** the URL token scopes are built on (ApiEndpoint = this + path); default baseUrl (TELEGENT_API_ENDPOINT_BASE) */
  endpointBase?: string;
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
  /**
   * after an ambiguous fault on a billable / non-idempotent call, how long a reconciliation lookup that finds nothing
   * is repeated before the call counts as not created (R-reconcile-settle); default the retry policy's cap (vendor 30 s)
   */
  reconcileSettleMs?: number;
  /** a GET that must succeed and answers 404 is read again within this window (R-read-after-write); default 3 s */
  readSettleMs?: number;
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
  /**
   * default true. false = the semantic observer (helpers/runtime/api.ts) does not judge this call: a probe read that a
   * later, judged read of the same resource supersedes (R-read-after-write). Its schema findings still count.
   */
  observe?: boolean;
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
  /** a transient answer's schema findings, NOT judged (only the final answer's are): evidence of what the attempt got */
  unjudged?: string[];
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
  /** the call asked not to be judged by the semantic observer (CallOptions.observe false) */
  unobserved?: true;
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
  /** the platform's clock as the answers' Date headers show it (R-platform-clock-skew); undefined before any answer */
  platformClock?(): ClockReading | undefined;
  /** the ApiEndpoint the client scopes an operation's token to */
  scopeFor(opKey: string): string;
  readonly baseUrl: string;
  readonly retry: Readonly<Required<RetryPolicy>>;
  /** settle windows (ms): reconciliation lookups after an ambiguous fault; reads right after a create (steps ok()) */
  readonly settle?: Readonly<{ reconcileMs: number; readMs: number }>;
}
