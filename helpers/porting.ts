/**
 * Port-in helpers for items 8a–8e: submit, watch an order's status through GET /v1.0/numbers/order,
 * keep every status observed (with its time) in the ledger so a resumed run continues the history. A status the
 * platform spells another documented way ("Error" with a carrier reason, "Complete") counts as the checklist's word,
 * with a warning (ruling R-portin-status-spelling).
 */
import { expect, expectConformant, markManual, markPending, warnUnless, type SandboxControls } from './fixtures';
import { semantics, validateResponse, type Finding } from '../protocol/contract';
import type { ApiClient } from './client';
import type { Ledger } from './ledger';
import { recordClockMove } from './clock-moves';
import type { ItemMeta } from './item';
import type { SuiteConfig } from './config';
import type { Evidence } from './evidence';
import { create, ok, type Json } from './steps';
import { pollUntil } from './progress';
import { readInventory } from './numbers';
import { registerSecret } from '../protocol/redact';

/** The six statuses the checklist (item 8e) says a partner must be able to read. */
export const PORT_STATUSES = ['Submitted', 'Pending Carrier Approval', 'Scheduled', 'Completed', 'Rejected', 'Cancelled'] as const;

/** the statuses that end a port-in (until a portin/update resumes a rejected one), in every documented spelling */
export const PORT_FINAL = new Set(['Completed', 'Complete', 'Cancelled', 'Rejected', 'Error']);

/** the checklist's word for an observed status: "Error" with a carrier reason is Rejected, "Complete" is Completed */
export function checklistStatus(o: { status: string; message?: string }): string {
  return semantics.portInChecklistStatus(o.status, o.message);
}

/** the checklist statuses no observation reads as (ruling R-portin-status-spelling: each spelling counts) */
export function missingStatuses(seen: Array<{ status: string; message?: string }>): string[] {
  return PORT_STATUSES.filter((s) => !seen.some((x) => checklistStatus(x) === s));
}

/** each status read in another documented spelling than the checklist's, once per spelling: "Error" → Rejected… */
export function otherSpellings(seen: ObservedStatus[]): Array<{ orderId: string; status: string; as: string }> {
  const out: Array<{ orderId: string; status: string; as: string }> = [];
  for (const x of seen) {
    const as = checklistStatus(x);
    if (as !== x.status && !out.some((o) => o.status === x.status)) out.push({ orderId: x.orderId, status: x.status, as });
  }
  return out;
}

/** a warning for each status read in another documented spelling (ruling R-portin-status-spelling): counted as the checklist's word */
export function warnOtherSpellings(seen: ObservedStatus[]): void {
  for (const o of otherSpellings(seen))
    warnUnless(false, {
      check: 'porting.status-spelling',
      expected: `${o.as} (the checklist's word, seed 001 item 8e)`,
      actual: o.status,
      message: `order ${o.orderId} reported "${o.status}", the vendor's documented spelling of ${o.as}: counted as ${o.as}`,
      basis: semantics.PORTIN_SPELLING_RULING,
    });
}

/**
 * The port-in's status in the checklist's word; a platform that used another documented spelling passes with a
 * warning naming the ruling (R-portin-status-spelling): the checklist names six statuses, the platform another word.
 */
export function checklistStatusOf(order: Json, what: string): string {
  const status = String(order.OrderStatus ?? '');
  const as = checklistStatus({ status, message: order.OrderStatusMessage ?? undefined });
  warnUnless(as === status, {
    check: 'porting.status-spelling',
    expected: `OrderStatus "${as}" (the checklist's word, seed 001 item 8e)`,
    actual: status,
    message: `${what}: order ${order.OrderId} reads "${status}"${order.OrderStatusMessage ? ` (${order.OrderStatusMessage})` : ''} — the vendor's documented spelling of ${as}, accepted as ${as}`,
    basis: semantics.PORTIN_SPELLING_RULING,
  });
  return as;
}

export interface ObservedStatus {
  orderId: string;
  status: string;
  message?: string;
  /** when the status was first read */
  at: string;
  /** the read of the same order just before (it showed the earlier status), when this run made it */
  prevReadAt?: string;
}

export function observed(ledger: Ledger): ObservedStatus[] {
  return ledger.getData<ObservedStatus[]>('portStatuses') ?? [];
}

/** The documented progression of a port-in (seed 001 item 8e); Rejected and Cancelled end it from any step. */
const PROGRESSION = ['Submitted', 'Pending Carrier Approval', 'Scheduled', 'Completed'];

/**
 * Whether a status never read can be judged from the polls (ruling R-status-observability): it is a finding only when
 * some order was seen moving across it — the status before it, then the one after — with both
 *   - the two statuses first read more than 1.5 poll intervals apart (the order moved at a slower pace than the suite
 *     reads, so a step of its should have been read), and
 *   - the reads on either side of the change no further apart than the order was already seen in the status before
 *     (its own pace), or 2 poll intervals when that is longer: the suite was reading when the order moved. A reader
 *     held back longer — a busy machine, a retry gap — may have slept through a whole step of that pace.
 * A crossing whose earlier read this worker did not make (a --resume days later, a worker started after a failure) is
 * not judged: nobody was reading across the change.
 * Otherwise the status may have come and gone unseen: a warning, never a failure.
 */
export function missedBetweenPolls(seen: ObservedStatus[], status: string, pollMs: number): { judged: boolean; crossings: string[] } {
  const idx = PROGRESSION.indexOf(status);
  const crossings: string[] = [];
  let judged = idx < 0; // a terminal status is not crossed: never seen is judged as it stands
  const byOrder = new Map<string, ObservedStatus[]>();
  for (const o of seen) byOrder.set(o.orderId, [...(byOrder.get(o.orderId) ?? []), o]);
  for (const [orderId, list] of byOrder) {
    for (let i = 1; i < list.length; i++) {
      const a = PROGRESSION.indexOf(checklistStatus(list[i - 1]));
      const b = PROGRESSION.indexOf(checklistStatus(list[i]));
      if (idx < 0 || a < 0 || b < 0 || !(a < idx && idx < b)) continue;
      const [from, at] = [Date.parse(list[i - 1].at), Date.parse(list[i].at)];
      const paced = at - from > 1.5 * pollMs;
      const prev = list[i].prevReadAt ? Date.parse(list[i].prevReadAt!) : undefined;
      const readGap = prev === undefined ? undefined : at - prev;
      const watched = readGap !== undefined && readGap <= Math.max(2 * pollMs, prev! - from);
      crossings.push(
        `${orderId}: ${list[i - 1].status} → ${list[i].status}, first read ${seconds(at - from)} apart` +
          (readGap === undefined ? '' : `, the reads either side of the change ${seconds(readGap)} apart`),
      );
      if (paced && watched) judged = true;
    }
  }
  return { judged, crossings };
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** the time of the latest read of each order, per ledger (a run's reads; not kept in the ledger file) */
const lastReads = new WeakMap<Ledger, Map<string, string>>();

function remember(ledger: Ledger, ev: Evidence | undefined, o: ObservedStatus): void {
  const all = observed(ledger);
  const last = [...all].reverse().find((x) => x.orderId === o.orderId);
  if (last?.status === o.status) return;
  all.push(o);
  ledger.setData('portStatuses', all);
  ev?.portStatus(o.orderId, o.status, o.message);
}

export async function readOrder(api: ApiClient, ledger: Ledger, orderId: string, ev?: Evidence): Promise<Json> {
  const o = await ok(api, 'GET /v1.0/numbers/order', { query: { OrderId: orderId } });
  expect(o.OrderId).toBe(orderId);
  const reads = lastReads.get(ledger) ?? lastReads.set(ledger, new Map()).get(ledger)!;
  const at = new Date().toISOString();
  const prevReadAt = reads.get(orderId);
  reads.set(orderId, at);
  remember(ledger, ev, { orderId, status: String(o.OrderStatus), message: o.OrderStatusMessage ?? undefined, at, ...(prevReadAt ? { prevReadAt } : {}) });
  return o;
}

export interface OrderWatch {
  api: ApiClient;
  ledger: Ledger;
  config: SuiteConfig;
  /** The sandbox's partner-side controls, when the target has them (time passing on the carrier's side). */
  controls?: SandboxControls;
  evidence?: Evidence;
}

/** How long the sandbox's clock is moved on when a carrier decision is overdue: longer than any carrier takes. */
const CARRIER_PATIENCE_MS = 30 * 86_400_000;

/**
 * Polls the order (the vendor's monitoring method: "poll the order") until `done(status)` or the item's
 * documented wait runs out. Then:
 *   - on the suite's embedded sandbox (partner-side controls, a clock of its own), the clock is moved 30 days on and the order
 *     read once more: a carrier that still has not decided is a defect (`stuck`);
 *   - on any other target the outside world has not answered yet: `waiting` (the item is `pending`, never failed).
 */
export async function watchOrder(
  w: OrderWatch,
  orderId: string,
  done: (status: string) => boolean,
  label: string,
): Promise<{ outcome: 'done' | 'waiting' | 'stuck'; order?: Json; last: string }> {
  let last = '';
  const order = await pollUntil(
    async () => {
      const o = await readOrder(w.api, w.ledger, orderId, w.evidence);
      last = String(o.OrderStatus);
      return done(last) ? o : undefined;
    },
    { timeoutMs: w.config.portInWaitMs, intervalMs: w.config.pollMs, label, detail: () => `last status: ${last || '—'}` },
  );
  if (order) return { outcome: 'done', order, last };
  // the suite's own embedded sandbox only (item 1's rule): a standalone sandbox's clock may serve other runs — a clock
  // moved 30 days there would stay moved for every later run on it; its overdue carrier is pending like a real one's
  if (!w.controls || !w.config.embedded) return { outcome: 'waiting', last };
  await w.controls.advanceClock(CARRIER_PATIENCE_MS);
  recordClockMove(w.ledger, CARRIER_PATIENCE_MS);
  const o = await readOrder(w.api, w.ledger, orderId, w.evidence);
  last = String(o.OrderStatus);
  w.evidence?.note(`order ${orderId}: still "${last}" after the sandbox clock moved 30 days on`);
  return done(last) ? { outcome: 'done', order: o, last } : { outcome: 'stuck', order: o, last };
}

/** The wait ran out on a target whose carrier takes days: the item is pending, resumable. */
export function carrierPending(config: SuiteConfig, orderId: string, last: string, what: string): never {
  return markPending(
    `port-in ${orderId} is "${last || 'unread'}": ${what} not seen within ${Math.round(config.portInWaitMs / 1000)} s — the carrier takes days; resume with npm run certify -- --resume`,
  );
}

/** the classification every port-in of the suite orders (TargetPortinClassification) */
export const PORTIN_CLASSIFICATION = 'mvno';

export function portInRequest(cfg: SuiteConfig, number: string, accountNumber: string): Json {
  registerSecret(cfg.portIn.accountPassword);
  return {
    PortInNumber: number,
    CurrentCarrierName: cfg.portIn.carrierName,
    CurrentAccountNumber: accountNumber,
    CurrentAccountPassword: cfg.portIn.accountPassword,
    TargetPortinClassification: PORTIN_CLASSIFICATION,
    SubscriberName: 'Jane Certification',
    CurrentBillingAddress: { Street1: '2701 N Thanksgiving Way', Street2: 'Suite 202', City: 'Lehi', State: 'UT', Zip: '84043' },
  };
}

/** any text of an error body (Message, message, error, detail …), for the busy test below */
const errorText = (body: unknown): string =>
  body && typeof body === 'object'
    ? Object.values(body)
        .filter((v) => typeof v === 'string')
        .join(' ')
    : String(body ?? '');

/** a refusal saying the number is taken: a port-in order open for it, or the number already on Telegent (or a 409 Conflict) */
const OPEN_ORDER =
  /\b(open|pending|existing|active|in[- ]progress)\b.{0,40}\b(port[- ]?in|order|request)s?\b|\balready\b.{0,60}\b(port|order|exists?|active|in service|on telegent)/i;

/**
 * The port-in number is taken: the platform refused the submit because an order for it is still open — an earlier run's
 * (its ledger not here: a fresh clone) or someone else's — or because an earlier run ported it already. Test data, not
 * a defect: the item is `manual` (R-fresh-beside-pending).
 */
export function portInNumberBusy(number: string, res: { status: number; body: unknown }): string | undefined {
  const text = errorText(res.body);
  if (res.status !== 409 && !OPEN_ORDER.test(text)) return undefined;
  return `${number} cannot be ported in now, the platform says it is taken (HTTP ${res.status}: ${text.slice(0, 160)}): a port-in order still open for it (an earlier run's: continue that run with npm run certify -- --resume in its report directory; or someone else's: cancel it), or the number already on Telegent (ported by an earlier run: configure another PORTIN_NUMBER / PORTIN_CANCEL_NUMBER)`;
}

/**
 * Eligibility answered Eligible: false for the number the partner configured to port in, because the number is already
 * on Telegent — on this account (an earlier run ported it: a number ports in once) or, as the platform says, active
 * there. Test data used up, not a defect of the platform nor of eligibility: the item is `manual`, naming the number
 * and the ways on (R-portin-number-used). Any other refusal of eligibility is judged.
 */
export async function portInNumberUsedUp(api: ApiClient, number: string, body: Json): Promise<void> {
  const onAccount = (await api.call('GET /v1.0/numbers', { query: { Number: number } })).status === 200;
  const why = portInNumberUsedUpReason(number, body, onAccount);
  if (why) markManual(why);
}

/** why an Eligible: false for the configured number is used-up test data (see above); undefined: judged */
export function portInNumberUsedUpReason(number: string, body: Json, onAccount: boolean): string | undefined {
  const said = OPEN_ORDER.test(String(body.Message ?? '')) || /telegent/i.test(String(body.CurrentCarrier ?? ''));
  if (!onAccount && !said) return undefined;
  return `${number} is already on Telegent${onAccount ? ' — on this account (ported in by an earlier run?)' : ''}: eligibility answered Eligible: false ("${String(body.Message ?? '').slice(0, 120)}"). A number ports in once: configure another PORTIN_NUMBER you own (or port this one back out first)`;
}

/**
 * Submit a port-in, recorded in the ledger before the call. `firstOfRun`: the run has not had an order for this number
 * yet, so a refusal naming an open order is about someone else's (manual); a resubmit after the run's own cancel is
 * judged (a platform still holding the cancelled order is a defect).
 */
export async function submitPortIn(api: ApiClient, ledger: Ledger, meta: ItemMeta, req: Json, label: string, firstOfRun = true): Promise<Json> {
  return create(api, ledger, meta, {
    busy: firstOfRun ? (res) => portInNumberBusy(String(req.PortInNumber), res) : undefined,
    kind: `portin-order:${label}`,
    op: 'POST /v1.0/numbers/portin',
    body: req,
    idField: 'OrderId',
    idKind: 'order',
    lookup: { PhoneNumber: req.PortInNumber },
    cleanup: (id) => ({ op: 'POST /v1.0/numbers/portin/cancel', body: { OrderId: id } }),
    cleanupOrder: 60,
  });
}

/**
 * A completed port-in leaves the partner's own number on the account. No cleanup releases it (that would give the
 * number up): it is recorded as kept, so the cleanup lists it beside the other kept resources instead of leaving it
 * unnamed, and the next run's item 8a names it (R-portin-number-used).
 */
export function keepPortedNumber(ledger: Ledger, meta: ItemMeta, order: Json): void {
  const number = String(order.PhoneNumbersOrdered?.[0]?.Number ?? '');
  if (!number || ledger.resources().some((r) => r.kind === 'number:ported-in' && r.id === number)) return;
  const key = ledger.intend({ kind: 'number:ported-in', createOp: 'POST /v1.0/numbers/portin', item: meta.id });
  const note = `${number} ported in (order ${order.OrderId}): the partner's own number, now on the account — not released; a number ports in once, the next run needs another PORTIN_NUMBER`;
  ledger.update(key, { state: 'created', id: number, note });
}

/**
 * Cross-channel: a port-in the order reports Completed puts its number on the account — readable through
 * GET /v1.0/numbers as active, with the classification ordered (the order's TargetPortinClassification when it
 * carries one, else the suite's), and listed by the inventory (protocol/contract/semantics portCompletion).
 */
export async function expectPortedNumber(
  api: ApiClient,
  order: Json,
  target = String(order.TargetPortinClassification ?? PORTIN_CLASSIFICATION),
): Promise<void> {
  const number = String(order.PhoneNumbersOrdered?.[0]?.Number ?? '');
  expect(number, `order ${order.OrderId} names the number it ported`).toBeTruthy();
  const details = await api.call('GET /v1.0/numbers', { query: { Number: number } });
  let listed: boolean | undefined;
  if (details.status === 200) {
    // every page of the inventory: listed anywhere → true; absent only when the whole list was read, else unknown
    const inv = await readInventory(api);
    if (inv.numbers.some((n) => semantics.sameScalar(number, n?.Number))) listed = true;
    else if (inv.complete) listed = false;
  }
  expectConformant(
    semantics.portCompletion(String(order.OrderId), number, details, listed, target),
    `port-in ${order.OrderId} completed: the number is on the account`,
  );
}

/** the statuses a corrected port-in resumes to (8c); Rejected / Error (a carrier rejection) are the order refused again */
const RESUMED = /^(Scheduled|Completed|Complete|Cancelled)$/;
const REJECTION = /^(Rejected|Error)$/;

/**
 * The watch of a corrected port-in (item 8c): done when it is scheduled (or later), or when it is rejected again after it
 * was seen back with the carrier (Pending Carrier Approval, Submitted). A rejection read before any other status is the
 * old one, not yet picked up: the watch goes on.
 */
export function resumedOrRejectedAgain(): (status: string) => boolean {
  let resumed = false;
  return (s) => {
    if (RESUMED.test(s)) return true;
    if (!REJECTION.test(s)) resumed = true;
    return resumed && REJECTION.test(s);
  };
}

/**
 * Check `porting.rejected-after-update`: a corrected port-in that went back to the carrier and was rejected again —
 * the update was answered but the correction did not reach the carrier's record (seed 003 §8.2 step 3: "fix the record
 * without cancelling and resubmitting"; seed 001 item 8c: the same order resumes). `first`: the first rejection's reason.
 */
export function rejectedAfterUpdate(orderId: string, order: Json | undefined, first: string | undefined): Finding[] {
  if (!order || !REJECTION.test(String(order.OrderStatus))) return [];
  const reason = String(order.OrderStatusMessage ?? '');
  const same = !!first && reason === first;
  return [
    {
      check: 'porting.rejected-after-update',
      severity: 'error',
      op: 'POST /v1.0/numbers/portin/update',
      pointer: '/OrderStatus',
      expected: 'the corrected order resumes: Pending Carrier Approval → Scheduled',
      actual: `${order.OrderStatus}${reason ? ` (${reason})` : ''} after it went back to the carrier`,
      message: same
        ? `port-in ${orderId} was rejected again for the reason the update corrected (${reason}): portin/update answered, but the correction never reached the carrier`
        : `port-in ${orderId} was rejected again after the update (${reason || 'no reason given'}; first rejection: ${first || 'unknown'})`,
      basis: 'seed 003 §8.2 step 3 (fix the record without cancelling and resubmitting) + seed 001 item 8c',
    },
  ];
}

/** the reason of the first rejection of an order the ledger saw (item 8c's first test read it) */
export function firstRejectionReason(ledger: Ledger, orderId: string): string | undefined {
  return observed(ledger).find((x) => x.orderId === orderId && REJECTION.test(x.status))?.message;
}

/**
 * Check `porting.eligibility-reason`: a number answered not eligible comes with the reason (vendor OpenAPI POST
 * /v1.0/numbers/portin/eligibility: "If `Eligible` is false, the `Message` field explains why") — what the partner
 * tells the subscriber before it stops (seed 003 §8.2 step 1). Any non-empty text passes: none is asserted.
 */
export function eligibilityReasonFindings(body: Json): Finding[] {
  if (body.Eligible !== false || String(body.Message ?? '').trim() !== '') return [];
  return [
    {
      check: 'porting.eligibility-reason',
      severity: 'error',
      op: 'POST /v1.0/numbers/portin/eligibility',
      pointer: '/Message',
      expected: 'a Message explaining why the number is not eligible',
      actual: JSON.stringify(body.Message ?? null),
      message: `eligibility of ${body.PhoneNumber ?? 'the number'} answered Eligible false with no reason: the partner cannot tell the subscriber why`,
      basis: 'vendor OpenAPI POST /v1.0/numbers/portin/eligibility ("If Eligible is false, the Message field explains why")',
    },
  ];
}

const E164_REQUEST_BASIS =
  'R-e164-request-form: vendor OpenAPI POST /v1.0/numbers/portin/eligibility PhoneNumber "(E.164 format)" names what to send; no document says another form is refused';

/**
 * Check `porting.national-number`: eligibility asked for 10 national digits (not E.164). Refused 400: conforms. Answered
 * 200 for the same number in E.164 (+1 and the digits): the platform read it leniently — a warning. Answered 200 for
 * any other number (the digits misread), or with no number: an error — the partner would act on another number.
 * (Any other status is `refused`'s to fail.)
 */
export function nationalNumberFindings(res: { status: number; body: unknown }, national: string): Finding[] {
  if (res.status !== 200) return [];
  const want = `+1${national}`;
  const got = (res.body as Json | undefined)?.PhoneNumber;
  const f = (severity: 'error' | 'warning', message: string): Finding => ({
    check: 'porting.national-number',
    severity,
    op: 'POST /v1.0/numbers/portin/eligibility',
    pointer: '/PhoneNumber',
    expected: `HTTP 400, or HTTP 200 answering for ${want} (the same number in E.164)`,
    actual: `HTTP 200, PhoneNumber ${JSON.stringify(got ?? null)}`,
    message,
    basis: E164_REQUEST_BASIS,
  });
  const schema = validateResponse('POST /v1.0/numbers/portin/eligibility', 200, res.body);
  if (got === want)
    return [...schema, f('warning', `eligibility accepted the national digits ${national} and answered for ${want}: read leniently, not refused`)];
  return [
    ...schema,
    f('error', `eligibility accepted the national digits ${national} and answered for ${JSON.stringify(got ?? null)}, not ${want}: the number was misread`),
  ];
}
