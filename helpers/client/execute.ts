/**
 * The engine: one logical call — request validated, then the attempt loop (token per attempt, a refresh on 401 never twice in a row,
 * vendor retry policy, transient faults reconciled through the caller's probe) — and ONE call record per call,
 * emitted (redacted) whether the call succeeds or fails.
 */
import { validateRequest, validateResponse, type Finding, type OperationInfo } from '../../protocol/contract';
import { redactHeaders, registerSecret } from '../../protocol/redact';
import { RequestValidationError, TransportError } from './errors';
import { askProbe, reconciledExtra, type ProbeAnswer } from './faults';
import { AMBIGUOUS_STATUSES, RETRY_STATUSES, backoffMs, isRetrySafe, parseRetryAfter, type RetryPolicy } from './policy';
import type { TokenCache } from './tokens';
import { buildUrl, sendOnce, stringQuery, type Sent } from './transport';
import type { AuthMode, CallOptions, CallRecord, CallResult, TryRecord } from './types';
import type { Dispatcher } from 'undici';
import type { ClockWatch } from './platform-clock';

/** What the engine needs from its client. */
export interface Engine {
  baseUrl: string;
  retry: Required<RetryPolicy>;
  /** per-attempt time limit, unless the call gives one */
  timeoutMs: number;
  /** how long a reconciliation lookup that finds nothing is repeated after an ambiguous fault (R-reconcile-settle) */
  reconcileSettleMs: number;
  /** one token per ApiEndpoint scope (false: one unscoped token) */
  scopeTokens: boolean;
  /** extra headers on every call */
  headers?: Record<string, string>;
  dispatcher?: Dispatcher;
  scopeUrl: (scope: string) => string;
  tokens: TokenCache;
  /** the platform's clock, read from each answer's Date header (R-platform-clock-skew) */
  clock?: ClockWatch;
  /** the call record, to the client's observer (redacted there) */
  emit: (rec: CallRecord) => void;
}

export type ExecuteOptions = CallOptions & { pathOverride?: string; isToken?: boolean };

/** Everything about the call that does not change between attempts. */
interface CallPlan {
  op: OperationInfo;
  opts: ExecuteOptions;
  validateResponse: boolean;
  query: Record<string, string>;
  auth: AuthMode;
  /** the token's ApiEndpoint ('' unscoped, null = no token) */
  scope: string | null;
  url: string;
  body: string | undefined;
  limitMs: number;
  retrySafe: boolean;
  started: number;
  startedAt: string;
}

/** What the attempts have done so far. */
interface CallState {
  /** what is judged: the request's findings, then the FINAL answer's (a transient answer's go on its try, unjudged) */
  findings: Finding[];
  tries: TryRecord[];
  attempts: number;
  retries: number;
  /** the last attempt was answered 401 and the token was fetched again (a second 401 in a row is final) */
  refreshed: boolean;
  last?: Sent;
  lastHeaders: Record<string, string>;
}

/** How the call ended, for its record. */
interface CallEnd {
  status: number;
  durationMs: number;
  headers: Record<string, unknown>;
  body?: unknown;
  extra?: Partial<CallResult>;
  error?: string;
}

function validationOf(v: CallOptions['validate']): { request: boolean; response: boolean } {
  if (v === undefined) return { request: true, response: true };
  if (typeof v === 'boolean') return { request: v, response: true };
  return { request: v.request !== false, response: v.response !== false };
}

/** Validate the request (nothing is sent when it does not conform) and fix what every attempt shares. */
function planCall(engine: Engine, op: OperationInfo, opts: ExecuteOptions, findings: Finding[]): CallPlan {
  const validate = validationOf(opts.validate);
  const query = stringQuery(opts.query);
  if (validate.request) {
    const reqFindings = validateRequest(op.key, opts.body, query);
    if (reqFindings.some((f) => f.severity === 'error')) throw new RequestValidationError(op.key, reqFindings);
    findings.push(...reqFindings);
  }
  const auth: AuthMode = opts.auth ?? (op.requiresAuth && !opts.isToken ? 'auto' : 'none');
  if (typeof auth === 'object') registerSecret(auth.token);
  const scope = auth === 'auto' ? (opts.scope ? engine.scopeUrl(opts.scope) : engine.scopeTokens ? engine.scopeUrl(op.path) : '') : null;
  return {
    op,
    opts,
    validateResponse: validate.response,
    query,
    auth,
    scope,
    url: buildUrl(engine.baseUrl, op, opts),
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    limitMs: opts.timeoutMs ?? engine.timeoutMs,
    retrySafe: isRetrySafe(op),
    started: performance.now(),
    startedAt: new Date().toISOString(),
  };
}

/** The one call record of a call, succeeded or failed. */
function callRecord(plan: CallPlan, state: CallState, end: CallEnd): CallRecord {
  const x = end.extra ?? {};
  return {
    op: plan.op.key,
    method: plan.op.method,
    url: plan.url,
    status: end.status,
    durationMs: end.durationMs,
    attempts: state.attempts,
    startedAt: plan.startedAt,
    tokenScope: plan.scope,
    ...(x.reconciled ? { reconciled: true } : {}),
    ...(x.fault ? { fault: x.fault } : {}),
    ...(x.note ? { note: x.note } : {}),
    ...(plan.opts.observe === false ? { unobserved: true } : {}),
    request: {
      headers: redactHeaders(state.lastHeaders),
      ...(Object.keys(plan.query).length ? { query: plan.query } : {}),
      ...(plan.opts.body !== undefined ? { body: plan.opts.body } : {}),
    },
    response: { headers: end.headers, ...(end.body !== undefined ? { body: end.body } : {}) },
    findings: state.findings,
    tries: state.tries,
    ...(end.error !== undefined ? { error: end.error } : {}),
  };
}

/** One line naming the transient answers whose findings were not judged (undefined when there were none). */
function unjudgedNote(state: CallState): string | undefined {
  const t = state.tries.filter((x) => x.unjudged?.length);
  if (!t.length) return undefined;
  const which = t.map((x) => `attempt ${x.attempt} (${x.outcome}): ${x.unjudged!.length} finding(s)`).join(', ');
  return `transient answer(s) not judged — ${which}; ${state.attempts} attempt(s) in all`;
}

function finish(
  engine: Engine,
  plan: CallPlan,
  state: CallState,
  res: { status: number; headers: Record<string, string>; body: unknown; extra?: Partial<CallResult> },
): CallResult {
  const durationMs = performance.now() - plan.started;
  const transient = unjudgedNote(state);
  if (transient) res = { ...res, extra: { ...res.extra, note: res.extra?.note ? `${res.extra.note}; ${transient}` : transient } };
  const result: CallResult = {
    status: res.status,
    headers: res.headers,
    body: res.body,
    durationMs,
    attempts: state.attempts,
    findings: state.findings,
    tokenScope: plan.scope,
    op: plan.op.key,
    url: plan.url,
    tries: state.tries,
    ...res.extra,
  };
  engine.emit(callRecord(plan, state, { status: res.status, durationMs, headers: res.headers, body: res.body, extra: result }));
  return result;
}

function fail(engine: Engine, plan: CallPlan, state: CallState, err: Error): never {
  const last = state.last?.kind === 'response' ? state.last : undefined;
  engine.emit(
    callRecord(plan, state, { status: last?.status ?? 0, durationMs: performance.now() - plan.started, headers: last?.headers ?? {}, error: err.message }),
  );
  throw err;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Backoff (or Retry-After, unless it is longer than the policy allows: then false, no retry) before the next attempt. */
async function waitBeforeRetry(engine: Engine, state: CallState, tr: TryRecord, sent: Sent): Promise<boolean> {
  const retry = engine.retry;
  state.retries += 1;
  let wait = backoffMs(state.retries, retry);
  if (sent.kind === 'response') {
    const ra = parseRetryAfter(sent.headers['retry-after'], Date.now(), sent.headers.date);
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
}

async function attemptHeaders(engine: Engine, plan: CallPlan): Promise<Record<string, string>> {
  const headers: Record<string, string> = { accept: 'application/json', ...(engine.headers ?? {}), ...(plan.opts.headers ?? {}) };
  if (plan.body !== undefined) headers['content-type'] = 'application/json';
  if (plan.auth === 'auto') headers.authorization = `Bearer ${await engine.tokens.get(plan.scope!)}`;
  else if (typeof plan.auth === 'object') headers.authorization = `Bearer ${plan.auth.token}`;
  return headers;
}

/**
 * The probe's answer; a failure (no probe, the probe threw) ends the call as failed. After an ambiguous fault
 * (`settle`) a probe that finds nothing is asked again within the settle window, with the vendor backoff.
 */
async function probe(engine: Engine, plan: CallPlan, state: CallState, reason: string, tr: TryRecord, settle: boolean): Promise<ProbeAnswer> {
  const windowMs = settle ? engine.reconcileSettleMs : 0;
  try {
    return await askProbe({
      op: plan.op.key,
      reason,
      tr,
      attempts: state.attempts,
      reconcile: plan.opts.reconcile,
      settle: { windowMs, firstMs: Math.min(engine.retry.baseMs, Math.max(10, Math.round(windowMs / 6))) },
    });
  } catch (e) {
    return fail(engine, plan, state, e as Error);
  }
}

type Next = { result: CallResult } | 'again';

/** The call ends with what the probe found: the effect of an attempt whose answer was lost or ambiguous. */
function reconciled(engine: Engine, plan: CallPlan, state: CallState, cause: Parameters<typeof reconciledExtra>[0], reason: string, value: unknown): Next {
  const extra = reconciledExtra(cause, reason, value, plan.opts.reconcileIdField);
  return { result: finish(engine, plan, state, { status: 200, headers: {}, body: value, extra }) };
}

/**
 * A transient answer's findings (a gateway's HTML 503 page before the retry's 200) are not judged: kept on its try as
 * evidence (`unjudged`), the call's note says so; only the final answer's findings are the call's.
 */
function keepUnjudged(tr: TryRecord, found: Finding[]): void {
  if (found.length) tr.unjudged = found.map((f) => `${f.check} ${f.pointer}: ${f.message}`.slice(0, 300));
}

/** A response: validated; one token refresh on 401; final, or retried (after the probe for a non-idempotent call). */
async function onResponse(engine: Engine, plan: CallPlan, state: CallState, sent: Extract<Sent, { kind: 'response' }>, tr: TryRecord): Promise<Next> {
  const found = plan.validateResponse ? validateResponse(plan.op.key, sent.status, sent.body, sent.rawContentType) : [];
  keepUnjudged(tr, found);
  // a token refresh on 401 (the request was not processed) — never twice in a row: a token refused right after it was
  // fetched is a real refusal. After any other answer (a 429 and its wait) the token may have aged out meanwhile,
  // also when the platform's clock runs ahead of ours and its tokenExpiry reads later than the token really lives.
  if (sent.status === 401 && plan.auth === 'auto' && !state.refreshed) {
    state.refreshed = true;
    engine.tokens.invalidate(plan.scope!);
    tr.note = '401: token refreshed';
    return 'again';
  }
  if (sent.status !== 401) state.refreshed = false;
  const asIs = (): Next => {
    delete tr.unjudged; // the final answer: its findings are the call's
    state.findings.push(...found);
    return { result: finish(engine, plan, state, sent) };
  };
  if (!RETRY_STATUSES.has(sent.status)) return asIs();
  // ambiguous (500/503/504) → the probe decides; "not processed" (408/429) → the probe, when given, is asked first
  if (!plan.retrySafe && (AMBIGUOUS_STATUSES.has(sent.status) || plan.opts.reconcile)) {
    const reason = `HTTP ${sent.status}`;
    const r = await probe(engine, plan, state, reason, tr, AMBIGUOUS_STATUSES.has(sent.status));
    if (r.done) return reconciled(engine, plan, state, sent.status, reason, r.value);
  }
  if (state.attempts >= engine.retry.maxAttempts) return asIs();
  if (!(await waitBeforeRetry(engine, state, tr, sent))) return asIs();
  return 'again';
}

/** No response: a timeout or a connection lost after sending is ambiguous for a non-idempotent call; else retried. */
async function onNoResponse(engine: Engine, plan: CallPlan, state: CallState, sent: Exclude<Sent, { kind: 'response' }>, tr: TryRecord): Promise<Next> {
  if ((sent.kind === 'timeout' || sent.sent) && !plan.retrySafe) {
    const reason = sent.kind === 'timeout' ? `no response within ${plan.limitMs} ms` : `connection lost after sending (${sent.detail})`;
    const r = await probe(engine, plan, state, reason, tr, true);
    if (r.done) return reconciled(engine, plan, state, sent.kind, reason, r.value);
  }
  if (state.attempts >= engine.retry.maxAttempts) {
    return fail(
      engine,
      plan,
      state,
      new TransportError(
        plan.op.key,
        sent.kind === 'timeout' ? 'timeout' : 'network',
        state.attempts,
        sent.kind === 'network' ? sent.detail : `${plan.limitMs} ms`,
      ),
    );
  }
  await waitBeforeRetry(engine, state, tr, sent);
  return 'again';
}

/** The attempt loop: send, record the try, decide (final result, or another attempt). */
async function attemptLoop(engine: Engine, plan: CallPlan, state: CallState): Promise<CallResult> {
  for (;;) {
    let headers: Record<string, string>;
    try {
      headers = await attemptHeaders(engine, plan);
    } catch (e) {
      return fail(engine, plan, state, e as Error);
    }
    state.lastHeaders = headers;
    state.attempts += 1;
    const sentAt = Date.now();
    const sent = await sendOnce({ method: plan.op.method, url: plan.url, headers, body: plan.body, limitMs: plan.limitMs, dispatcher: engine.dispatcher });
    // a cached answer (RFC 9111 Age) carries the Date of its origin's first answer, not the platform's clock now
    if (sent.kind === 'response' && !sent.headers.age) engine.clock?.observe(sent.headers.date, sentAt, Date.now());
    state.last = sent;
    const tr: TryRecord = { attempt: state.attempts, outcome: sent.kind === 'response' ? sent.status : sent.kind, ms: sent.ms };
    state.tries.push(tr);
    const next = sent.kind === 'response' ? await onResponse(engine, plan, state, sent, tr) : await onNoResponse(engine, plan, state, sent, tr);
    if (next !== 'again') return next.result;
  }
}

/** One logical call with retries. */
export async function execute(engine: Engine, op: OperationInfo, opts: ExecuteOptions): Promise<CallResult> {
  const state: CallState = { findings: [], tries: [], attempts: 0, retries: 0, refreshed: false, lastHeaders: {} };
  const plan = planCall(engine, op, opts, state.findings);
  return attemptLoop(engine, plan, state);
}
