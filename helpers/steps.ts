/**
 * Short, reusable steps the specs are written in. Each one runs the named conformance checks
 * (protocol/contract/checks) that apply to it and fails with the findings; none of them knows the target.
 */
import { expect, expectConformant, markManual, markPending, test, warnUnless } from './fixtures';
import { loadConfig } from './config';
import { asCreateResponse, naturalKey, reconcileProbe, sendProbe, settleRead, settles, type ApiClient, type CallResult } from './client';
import type { Ledger } from './ledger';
import type { ItemMeta } from './item';
import { checks } from '../protocol/contract';
import { ID_PREFIXES, type IdKind } from './ids';
import { redact } from '../protocol/redact';
import { randomBytes } from 'node:crypto';

const show = (v: unknown, n: number) => String(redact(JSON.stringify(v) ?? '')).slice(0, n);

export type Json = Record<string, any>;

type OkOptions = { body?: Json; query?: Record<string, string>; reconcile?: () => Promise<unknown>; reconcileIdField?: string };

/** A call that must succeed with 200 and a conformant body. */
export async function ok(api: ApiClient, op: string, opts: OkOptions = {}): Promise<Json> {
  return (await okCall(api, op, opts)).body as Json;
}

/**
 * `ok()` returning the whole call result: a transient fault absorbed by reconciliation comes back as a
 * success with `reconciled: true` and the fault in `note` (the found resource is the body).
 */
export async function okCall(api: ApiClient, op: string, opts: OkOptions = {}): Promise<CallResult> {
  const res = await api.call(op, opts);
  return expectOk(op, settles(op, res) ? await readAgain(api, op, opts, res) : res);
}

/**
 * A GET that must succeed answered 404: read again within the read-after-write window (R-read-after-write; the
 * client's `settle.readMs`, CERT_READ_SETTLE_MS). A 200 within it passes with a warning naming the delay.
 */
async function readAgain(api: ApiClient, op: string, opts: OkOptions, first: CallResult): Promise<CallResult> {
  const windowMs = api.settle?.readMs ?? 0;
  if (windowMs <= 0) return first;
  const { res, reads404, waitedMs } = await settleRead(api, op, opts, first, windowMs);
  warnUnless(res.status === 404, {
    check: 'read-after-write',
    expected: `${op} answers at once after the resource was created`,
    actual: `${reads404} read(s) answered 404 over ${waitedMs} ms, then HTTP ${res.status}`,
    message: `${op} answered 404 for ${waitedMs} ms before HTTP ${res.status} (read-after-write lag; read again within ${windowMs} ms)`,
    basis: 'R-read-after-write',
  });
  return res;
}

/** Statuses that say the API is not being served just now (RFC 9110 §15.6.3–15.6.5), not that the call was wrong. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * The pending reason of a call that must succeed and was answered 502 / 503 / 504 after the client's retries (the
 * vendor policy, a Retry-After honoured up to 300 s) on a real target: a maintenance window or an outage says nothing
 * about the item (R-platform-unavailable). Undefined on the embedded sandbox (it is never down: a finding there) and
 * for every other status (a 500 is the platform's error).
 */
export function unavailableReason(op: string, res: Pick<CallResult, 'status' | 'attempts' | 'headers'>, embedded: boolean): string | undefined {
  if (embedded || !UNAVAILABLE_STATUSES.has(res.status)) return undefined;
  const ra = res.headers?.['retry-after'];
  const asked = ra ? `, Retry-After ${String(ra).slice(0, 40)}` : '';
  return `${op} answered HTTP ${res.status} after ${res.attempts} attempt(s)${asked}: the platform, or a gateway in front of it, was not serving the API (R-platform-unavailable) — the item was not judged; npm run certify -- --resume when it is back`;
}

/** A call's result must be a 200 that conforms (`ok()`'s judgement, for a call made another way). */
export function expectOk(op: string, res: CallResult): CallResult {
  // (Playwright's expect only on the way to a failure: a passing check adds no step to the runner's traffic)
  if (res.status !== 200) {
    const down = unavailableReason(op, res, loadConfig().embedded);
    if (down) markPending(down);
    expect(res.status, `${op} → HTTP ${res.status}: ${show(res.body, 300)}`).toBe(200);
  }
  expectConformant(res.findings, `${op} response does not conform to the schema`);
  return res;
}

/**
 * A call that must be refused with one of `statuses` and a documented error body. A billable send answered
 * ambiguously (a lost answer, a 5xx) is looked up like the positive call (client probes sendProbe, e.g. the message
 * search for message/outbound): found → it went through (a 200: the refusal check fails); not found → resent, and the
 * refusal is judged — never an AmbiguousOutcomeError for a lookup the operation has.
 */
export async function refused(api: ApiClient, op: string, statuses: number[], opts: Parameters<ApiClient['call']>[1] = {}, why = ''): Promise<CallResult> {
  const reconcile = opts.reconcile ?? sentNotRefused(sendProbe(api, op, opts.body));
  const res = await api.call(op, { ...opts, ...(reconcile ? { reconcile } : {}), validate: false } as any);
  if (!statuses.includes(res.status))
    expect(statuses, `${op} ${why}: expected HTTP ${statuses.join(' or ')}, got ${res.status} ${show(res.body, 200)}`).toContain(res.status);
  expectConformant(res.findings, `${op} error body does not conform`);
  return res;
}

/** What a refused create would have made, for the ledger: its ID field and (when the API has one) its delete. */
export interface RefusedBooking {
  kind: string;
  idField: string;
  cleanup?: (id: string) => { op: string; body?: Json };
  cleanupOrder?: number;
}

/**
 * A create the platform must refuse (as refused(), sent once): booked in the ledger before it is sent, so a resource
 * a defective platform makes anyway (a 2xx with its ID) is recorded for the cleanup — or listed as kept where the API
 * has no delete — before the check fails.
 */
export async function refusedCreate(
  { api, ledger, meta, book, op }: { api: ApiClient; ledger: Ledger; meta: ItemMeta; book: RefusedBooking; op: string },
  statuses: number[],
  body: Json,
  why: string,
): Promise<CallResult> {
  const key = ledger.intend({ kind: `${book.kind}:refused`, createOp: op, item: meta.id, cleanupOrder: book.cleanupOrder });
  const res = await api.call(op, { body, validate: false } as Parameters<ApiClient['call']>[1]);
  const id = res.status >= 200 && res.status < 300 ? (res.body as Json)?.[book.idField] : undefined;
  if (typeof id === 'string' && id)
    ledger.update(
      key,
      book.cleanup
        ? { state: 'created', id, cleanup: book.cleanup(id) }
        : { state: 'created', id, note: `made by a create that should have been refused (${why}): no delete operation in the API` },
    );
  else ledger.update(key, { state: 'failed', note: `not created: HTTP ${res.status}` });
  if (!statuses.includes(res.status))
    expect(statuses, `${op} ${why}: expected HTTP ${statuses.join(' or ')}, got ${res.status} ${show(res.body, 200)}`).toContain(res.status);
  expectConformant(res.findings, `${op} error body does not conform`);
  return res;
}

/** a failure status a platform may list a refused send under (R-message-status): not a send that went through */
const REFUSED_SEND = /^(fail|reject|undeliver)/i;

/** the send lookup, blind to a message the platform lists as refused (it then answers the resend with its refusal) */
function sentNotRefused(probe: (() => Promise<Json | undefined>) | undefined): (() => Promise<Json | undefined>) | undefined {
  if (!probe) return undefined;
  return async () => {
    const m = await probe();
    return m && !REFUSED_SEND.test(String(m.Status ?? '')) ? m : undefined;
  };
}

export function expectPrefix(kind: IdKind, value: unknown, where: string): void {
  expectConformant(checks.idPrefix(value, ID_PREFIXES[kind]), `${where} ID prefix`);
}

export function expectE164(value: unknown, where: string): void {
  expectConformant(checks.e164(value), `${where} E.164`);
}

/**
 * An answer field that echoes what the request named, where the docs make it optional (nullable, no example, or "returns
 * confirmation"): null or absent is a warning (`check`), another value an error. `normalise` compares loosely (a case).
 */
export function expectOptionalEcho(o: {
  check: string;
  field: string;
  got: unknown;
  want: string;
  /** what answered, as the messages say it: "numbers/reactivate answered" */
  what: string;
  basis: string;
  normalise?: (v: unknown) => unknown;
}): void {
  if (o.got === null || o.got === undefined) {
    warnUnless(false, {
      check: o.check,
      expected: `${o.field} ${o.want}`,
      actual: o.got ?? 'missing',
      message: `${o.what} without ${o.field} (${o.got === null ? 'null' : 'absent'})`,
      basis: o.basis,
    });
    return;
  }
  expect((o.normalise ?? ((v: unknown) => v))(o.got), `${o.what}: ${o.field} names ${o.want} (${o.basis})`).toBe(o.want);
}

export function expectEcho(request: Json, response: Json, fields: string[], where: string): void {
  expectConformant(checks.echoesRequest(request, response, fields), `${where} echo of the request`);
}

/**
 * Create a resource the run owns: written to the ledger BEFORE the call is sent (with how to delete it and
 * its natural key, `lookup`), then the call, then the ledger updated with the ID the target returned.
 * Every create carries a reconciliation probe (the caller's, else the natural-key lookup of
 * helpers/client/probes): a transient fault answered to a create that in fact took effect continues with the
 * resource the probe found (noted in the call record and the ledger) instead of failing or creating twice.
 */
export async function create(
  api: ApiClient,
  ledger: Ledger,
  meta: ItemMeta,
  spec: {
    kind: string;
    op: string;
    body: Json;
    idField: string;
    idKind?: IdKind;
    cleanup?: (id: string, body: Json) => { op: string; body?: Json; query?: Record<string, string> };
    cleanupOrder?: number;
    lookup?: Record<string, string>;
    reconcile?: () => Promise<unknown>;
    /** a refusal that says the test data is taken (not a defect): its reason makes the item `manual` */
    busy?: (res: CallResult) => string | undefined;
  },
): Promise<Json> {
  const natural = naturalKey(spec.op, spec.body);
  const lookup = natural || spec.lookup ? { ...natural, ...spec.lookup } : undefined;
  const key = ledger.intend({ kind: spec.kind, createOp: spec.op, item: meta.id, lookup, cleanupOrder: spec.cleanupOrder });
  const failed = (note: string) => ledger.update(key, { state: 'failed', note: note.slice(0, 200) });
  let res: CallResult;
  try {
    res = await api.call(spec.op, { body: spec.body, reconcile: createProbe(api, spec), reconcileIdField: spec.idField });
  } catch (e) {
    failed(String((e as Error).message));
    throw e;
  }
  const busy = res.status >= 400 && res.status < 500 ? spec.busy?.(res) : undefined;
  if (busy) {
    failed(busy);
    markManual(busy);
  }
  try {
    expectOk(spec.op, res);
  } catch (e) {
    failed(String((e as Error).message));
    throw e;
  }
  const body = res.body as Json;
  const id = body[spec.idField];
  ledger.update(key, { state: 'created', id, cleanup: spec.cleanup && id ? spec.cleanup(id, body) : undefined, ...(res.note ? { note: res.note } : {}) });
  if (!id) expect(id, `${spec.op} response carries ${spec.idField}`).toBeTruthy();
  if (spec.idKind) expectPrefix(spec.idKind, id, `${spec.op} ${spec.idField}`);
  return body;
}

/** The create's reconciliation probe — the caller's or the natural-key lookup — answering in the create's response shape. */
function createProbe(api: ApiClient, spec: { op: string; body: Json; reconcile?: () => Promise<unknown> }): (() => Promise<unknown>) | undefined {
  const probe = spec.reconcile ?? reconcileProbe(api, spec.op, spec.body);
  if (!probe) return undefined;
  return async () => {
    const found = await probe();
    return found && typeof found === 'object' ? asCreateResponse(spec.op, found as Json) : found;
  };
}

/** Auth negatives every item runs once on its main operation. */
export async function authNegatives(
  api: ApiClient,
  op: string,
  opts: { body?: Json; query?: Record<string, string> },
  otherPath = '/v1.0/products',
): Promise<void> {
  await test.step('no token → 401', async () => {
    const res = await api.call(op, { ...opts, auth: 'none', validate: false } as any);
    expectConformant(checks.authIgnored(res.status, op), `${op} without a token`);
  });
  await test.step('a token never issued → 401 (seed 003 §11: the token is invalid)', async () => {
    const res = await api.call(op, { ...opts, auth: { token: neverIssuedToken() }, validate: false } as any);
    expectConformant(checks.unknownTokenRefused(res.status, op), `${op} with a Bearer token the platform never issued`);
  });
  await scopeNegative(api, op, opts, otherPath, 'another endpoint');
}

/**
 * A token scoped (ApiEndpoint) to `otherPath` is refused by `op` (401/403, ruling R-scope). The scope is the whole
 * path (R-token-scope): a token for /v1.0/numbers is refused by /v1.0/numbers/order, a path beneath it.
 */
export async function scopeNegative(
  api: ApiClient,
  op: string,
  opts: { body?: Json; query?: Record<string, string> },
  otherPath: string,
  what: string,
): Promise<void> {
  await test.step(`token scoped to ${what} (${otherPath}) → rejected (401/403, ruling R-scope-status)`, async () => {
    const res = await api.call(op, { ...opts, scope: `${api.baseUrl}${otherPath}`, validate: false } as any);
    expectConformant(checks.scopeEnforced(res.status, op), `${op} with a token scoped to ${what} (${otherPath})`);
  });
}

/** A Bearer token in a plausible form (base64url, the length of a real one) that no token request ever returned. */
function neverIssuedToken(): string {
  return randomBytes(48).toString('base64url');
}

/** A unique, recognisable label for what this run creates. */
export function runLabel(ledger: Ledger, what: string): string {
  return `cert-${ledger.runId.slice(0, 8)}-${what}`;
}
