/**
 * Number steps shared by items 7, 8 and 8f: availability → provision (billable: never retried blind, the
 * inventory is checked first), read-back, state.
 */
import { expect, expectConformant, markPending, warnUnless } from './fixtures';
import { pollUntil } from './progress';
import type { ApiClient } from './client';
import { readAfterWrite, showsWritten } from './list-settle';
import type { Ledger } from './ledger';
import type { ItemMeta } from './item';
import type { SuiteConfig } from './config';
import { create, ok, expectE164, expectPrefix, expectOptionalEcho, type Json } from './steps';
import { mmddyyyy } from '../protocol/dates';
import { readInventory } from './inventory';
import { repeatWithin } from './client/settle';
import type { Finding } from '../protocol/contract';
import { normalizeE164 } from '../protocol/e164';

export { readInventory, INVENTORY_PAGING, type InventoryRead } from './inventory';

export interface ProvisionedNumber {
  number: string;
  nid: string;
  orderId: string;
  body: Json;
}

/** The whole inventory; a read that could not be completed throws — unknown is never "not there" (R-reconcile-settle). */
async function inventory(api: ApiClient): Promise<Json[]> {
  const r = await readInventory(api);
  if (!r.complete) throw new Error(`the number inventory could not be read completely (${r.problem}): cannot tell whether a number was provisioned`);
  return r.numbers;
}

/** the number areas availability offers for `areaCode` (seed 003 §8.1 step 1) */
async function availableAreas(api: ApiClient, areaCode: string, voice: boolean): Promise<any[]> {
  const availability = await ok(api, 'POST /v1.0/numbers/availability', {
    body: { NumberType: 'mobile', MessageType: 'p2p', MessageEnabled: true, VoiceEnabled: voice, PageNumber: 1, AreaCode: areaCode, ZipCode: '' },
  });
  return availability.AvailableNumberAreas ?? [];
}

export const AREA_CODE_BASIS =
  'seed 003 §8.1 (carry the AreaCode availability offered into the provision) + vendor OpenAPI numbers/provision AreaCode (ZipCode only a fallback when the AreaCode is unavailable); ruling R-provision-area-code';

/**
 * The number assigned lies in the area code the provision asked for (NANP: the three digits after +1) — the one
 * availability offered with live inventory. Outside it: availability is asked again; still offering the area code, the
 * platform ignored it (a finding); no longer offering it, the inventory ran out between the two calls and another area
 * is the documented fallback (a warning). A number outside NANP, or a request without a 3-digit area code, is not judged.
 */
async function expectRequestedAreaCode(api: ApiClient, requested: string, assigned: unknown, voice: boolean): Promise<void> {
  const got = typeof assigned === 'string' ? /^\+1(\d{3})\d{7}$/.exec(assigned)?.[1] : undefined;
  if (!got || !/^\d{3}$/.test(requested) || got === requested) return;
  const stillOffered = (await availableAreas(api, requested, voice)).some((a) => String(a?.AreaCode) === requested);
  const f = {
    check: 'numbers.area-code',
    expected: `a number in area code ${requested} (+1${requested}…), the AreaCode requested`,
    actual: String(assigned),
    basis: AREA_CODE_BASIS,
  };
  warnUnless(stillOffered, {
    ...f,
    message: `numbers/provision assigned ${String(assigned)} outside area code ${requested}, which availability no longer offers (the documented fallback)`,
  });
  if (!stillOffered) return;
  const message = `numbers/provision assigned ${String(assigned)} (area code ${got}) although area code ${requested} was requested and availability still offers it`;
  expectConformant(
    [{ ...f, severity: 'error', op: 'POST /v1.0/numbers/provision', pointer: '/PhoneNumberAssigned', message }],
    'the number is in the area code requested',
  );
}

export async function provisionNumber(
  api: ApiClient,
  ledger: Ledger,
  meta: ItemMeta,
  cfg: SuiteConfig,
  opts: { label: string; voice: boolean; numberType?: 'mvno' | 'iot'; iccid?: string },
): Promise<ProvisionedNumber> {
  const mrid = ledger.requireId('MRID');
  const crid = opts.voice ? ledger.requireId('CRID') : undefined;
  const areas = await availableAreas(api, cfg.areaCode, opts.voice);
  expect(areas.length, `availability lists number areas for area code ${cfg.areaCode}`).toBeGreaterThan(0);
  const area = areas.find((a) => String(a.AreaCode) === cfg.areaCode) ?? areas[0];

  // the inventory before the provision: what is new after a lost answer is the provisioned number. Read incompletely, a
  // lost answer cannot be reconciled (the probe throws: not resent), but nothing fails unless a fault comes.
  const before = await readInventory(api);
  const known = new Set(before.numbers.map((n) => n.Number));
  const tsuid = ledger.id('TSUID');
  const body = {
    NumberType: opts.numberType ?? numberTypeOf(cfg),
    MessageType: 'p2p',
    MessageEnabled: true,
    VoiceEnabled: opts.voice,
    DataEnabled: true,
    MessageRouteId: mrid,
    ...(crid ? { VoiceRouteId: crid } : {}),
    AreaCode: String(area.AreaCode),
    ...(opts.iccid ? { ICCID: opts.iccid } : {}),
    ProductType: opts.voice ? 'Sms+Data+Voice' : 'Sms+Data',
    ...(tsuid ? { AssignedSubscriberId: tsuid } : {}),
    ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}),
  };
  const res = await create(api, ledger, meta, {
    kind: `number:${opts.label}`,
    op: 'POST /v1.0/numbers/provision',
    body,
    idField: 'PhoneNumberId',
    idKind: 'number',
    cleanup: (_id, b) => ({
      op: 'POST /v1.0/numbers/status',
      body: { StatusChange: 'cancel', EffectiveDate: today(), PhoneNumbers: [{ Number: b.PhoneNumberAssigned }] },
    }),
    cleanupOrder: 50,
    // Billable: on an ambiguous outcome the client asks whether a new number appeared before resending.
    reconcile: async () => {
      if (!before.complete) throw new Error(`the inventory before the provision was not read completely (${before.problem}): cannot tell which number is new`);
      return (await inventory(api)).find((n) => !known.has(n.Number) && (!tsuid || n.AssignedSubscriberId === tsuid));
    },
  });
  expectE164(res.PhoneNumberAssigned, 'provision PhoneNumberAssigned');
  expectPrefix('order', res.OrderId, 'provision OrderId');
  if (tsuid) expectSubscriberEcho(res.SubscriberId, tsuid);
  await expectRequestedAreaCode(api, body.AreaCode, res.PhoneNumberAssigned, opts.voice);
  return { number: res.PhoneNumberAssigned, nid: res.PhoneNumberId, orderId: res.OrderId, body: res };
}

const SUBSCRIBER_ECHO_BASIS =
  "seed 003 §8.1 (the provision response answers SubscriberId for the AssignedSubscriberId sent) + R-response-required (absent or null: a warning); IDs compared without letter case (the vendor's examples mix upper- and lower-case UUIDs)";

/** The provision answer's SubscriberId names the subscriber the number was assigned to (null / absent: a warning). */
function expectSubscriberEcho(answered: unknown, tsuid: string): void {
  expectOptionalEcho({
    check: 'provision.subscriber-echo',
    field: 'SubscriberId',
    got: answered,
    want: tsuid.toLowerCase(),
    what: 'numbers/provision answered',
    basis: SUBSCRIBER_ECHO_BASIS,
    normalise: (v) => String(v).toLowerCase(),
  });
}

/** an order no longer in progress, in any documented spelling (R-order-status): Scheduled too — a change scheduled
 * instead of made is then read back and judged, never waited out as pending */
const ORDER_FINAL = /^(complete|completed|scheduled|error|fail(ed|ure)?|rejected|cancell?ed)$/i;

/**
 * An order answered before it completed (OrderStatus Submitted, Pending …) is read until it ends before its number
 * is read back — the vendor's GET /v1.0/numbers/order: "Poll this endpoint after a provision … to confirm completion.
 * If status is Complete, the number is active." Still open after CERT_ORDER_WAIT_MS: the item is pending, not failed.
 * An answer with no OrderStatus, or one already final, is not waited for (a failure is the status check's to judge).
 */
export async function settleOrder(
  api: ApiClient,
  cfg: Pick<SuiteConfig, 'orderWaitMs' | 'pollMs'>,
  orderId: unknown,
  status: unknown,
  what: string,
): Promise<void> {
  if (typeof orderId !== 'string' || typeof status !== 'string' || !status.trim() || ORDER_FINAL.test(status.trim())) return;
  let last = status;
  const ended = await pollUntil(
    async () => {
      const o = await ok(api, 'GET /v1.0/numbers/order', { query: { OrderId: orderId } });
      last = String(o.OrderStatus ?? '');
      return ORDER_FINAL.test(last.trim()) ? last : undefined;
    },
    { timeoutMs: cfg.orderWaitMs, intervalMs: cfg.pollMs, label: `${what}: order ${orderId} (${status}) to complete`, detail: () => `status ${last}` },
  );
  if (ended === undefined) markPending(`${what}: order ${orderId} still "${last}" after ${Math.round(cfg.orderWaitMs / 1000)} s (CERT_ORDER_WAIT_MS)`);
}

/** a numbers/reactivate Status that says the reactivation was accepted, not yet made (R-reactivate-status) */
const REACTIVATION_IN_PROGRESS = /^(pending|submitted|queued|processing|in[ _-]?progress|accepted)$/i;

/**
 * numbers/reactivate answered a Status saying the reactivation is under way (Pending …): the number is read until it
 * reads Active again before it is judged — the vendor's asynchronous number changes (R-order-completion), with no
 * order to poll (ReactivateNumber_Result has none). Not Active after CERT_ORDER_WAIT_MS: the item is pending, as an
 * open order is. Any other Status (Success, a failure the status check judges) is not waited for.
 */
export async function settleReactivation(
  api: ApiClient,
  cfg: Pick<SuiteConfig, 'orderWaitMs' | 'pollMs'>,
  number: string,
  status: unknown,
  what: string,
): Promise<void> {
  if (typeof status !== 'string' || !REACTIVATION_IN_PROGRESS.test(status.trim())) return;
  let last = '';
  const active = await pollUntil(
    async () => {
      last = String((await numberDetails(api, number)).Status ?? '');
      return /^activ/i.test(last) ? last : undefined;
    },
    { timeoutMs: cfg.orderWaitMs, intervalMs: cfg.pollMs, label: `${what}: ${number} (reactivation ${status}) to read Active`, detail: () => `status ${last}` },
  );
  if (active === undefined) markPending(`${what}: ${number} still "${last}" after ${Math.round(cfg.orderWaitMs / 1000)} s (CERT_ORDER_WAIT_MS)`);
}

/**
 * GET /v1.0/numbers right after numbers/update (item 13): a read that still shows the number as before the update (a
 * value of `written` read differently) is read again within the read settle window (seed 001 item 13: "Allow up to 10
 * minutes for propagation"; R-read-after-write), then judged (helpers/list-settle readAfterWrite).
 */
export async function numberDetailsAfterUpdate(api: ApiClient, number: string, written: Json): Promise<Json> {
  return readAfterWrite(api, {
    op: 'GET /v1.0/numbers',
    read: async (observe) =>
      observe ? numberDetails(api, number) : firstOf((await api.call('GET /v1.0/numbers', { query: { Number: number }, observe })).body),
    shows: (d) => showsWritten(written, d),
    what: number,
    basis: 'R-read-after-write + seed 001 item 13 ("Allow up to 10 minutes for propagation")',
  });
}

/** GET /v1.0/numbers answers one number, or a list of one */
const firstOf = (b: unknown): Json => (Array.isArray(b) ? b[0] : b) as Json;

export async function numberDetails(api: ApiClient, number: string): Promise<Json> {
  return firstOf(await ok(api, 'GET /v1.0/numbers', { query: { Number: number } }));
}

/**
 * A number reads back on Voice Route `crid`. The vendor's own GET /v1.0/numbers example shows VoiceRouteId "T9992774"
 * (a legacy ID, ruling R-id-voice-route-legacy): read in that form it cannot be compared with the CRID assigned, so it
 * is a warning — the probe call of item 13 still proves the route end to end. Any other value must be the CRID.
 */
export function expectVoiceRoute(value: unknown, crid: string, what: string): void {
  const legacy = typeof value === 'string' && /^T\d+$/.test(value);
  warnUnless(!legacy, {
    check: 'readback.voice-route-legacy-id',
    expected: crid,
    actual: value,
    message: `${what}: VoiceRouteId reads in the legacy form ${String(value)}, not the CRID assigned (${crid}); not comparable`,
    basis: 'R-id-voice-route-legacy (vendor GET /v1.0/numbers example: VoiceRouteId "T9992774")',
  });
  if (!legacy) expect(value, what).toBe(crid);
}

/** The number type the profile provisions: iot numbers for the IoT profile (APN iot.joonto), mvno otherwise. */
export function numberTypeOf(cfg: Pick<SuiteConfig, 'profile'>): 'mvno' | 'iot' {
  return cfg.profile === 'iot' ? 'iot' : 'mvno';
}

/** Today in the platform's zone (CERT_PLATFORM_TZ, Mountain time by default): what an EffectiveDate of "now" is there. */
export function today(timeZone?: string): string {
  return daysAhead(0, timeZone);
}

/** The date `days` days from now in the platform's zone (MM/DD/YYYY): an EffectiveDate in the future. */
export function daysAhead(days: number, timeZone?: string): string {
  return mmddyyyy(new Date(Date.now() + days * 86_400_000), timeZone);
}

const INVENTORY_STATUS_BASIS =
  'R-inventory-status: vendor OpenAPI GET /v1.0/numbers/inventory (each record includes its status; filter by status) + POST /v1.0/numbers/status ("Next steps: View inventory") + R-read-after-write';

/**
 * A number's inventory entry after a status change: listed, it no longer reads in the state the change left (the state
 * number details left too). Not listed is not judged here (a cancelled number may leave the "currently provisioned"
 * list); a Status the entry does not carry is the schema's concern.
 */
export function inventoryStatusFindings(number: string, entry: Json | undefined, change: { verb: string; before: RegExp; details: string }): Finding[] {
  const s = String(entry?.Status ?? '');
  if (!entry || !change.before.test(s)) return [];
  return [
    {
      check: 'number.inventory-status',
      severity: 'error',
      op: 'GET /v1.0/numbers/inventory',
      pointer: '/PhoneNumbers/Status',
      expected: `a Status other than ${change.before} after ${change.verb} (GET /v1.0/numbers reads ${change.details})`,
      actual: s,
      message: `after ${change.verb} GET /v1.0/numbers reads ${number} ${change.details}, but the inventory still lists it ${s}`,
      basis: INVENTORY_STATUS_BASIS,
    },
  ];
}

/**
 * The inventory follows a status change: the number's entry read (whole inventory) until it no longer reads in its
 * previous state, within the read settle window (CERT_READ_SETTLE_MS: a list may lag its record, R-read-after-write).
 */
export async function inventoryAfterStatus(
  api: ApiClient,
  cfg: Pick<SuiteConfig, 'readSettleMs'>,
  number: string,
  change: { verb: string; before: RegExp; details: string },
): Promise<Finding[]> {
  const look = async () =>
    inventoryStatusFindings(
      number,
      (await readInventory(api)).numbers.find((n) => n.Number === number),
      change,
    );
  return (await repeatWithin(look, (f) => f.length === 0, { windowMs: cfg.readSettleMs, firstMs: 200 })).value;
}

const SUBSCRIBER_LINES_BASIS =
  'vendor OpenAPI GET /v1.0/subscribers/get ("Returns the subscriber\'s profile including … assigned phone numbers"; example PhoneNumbers) + seed 003 §3 (PhoneNumbers "Can be empty array on create, then assigned later"; the TSUID is the join key for number assignment) + seed 003 §8.1 (AssignedSubscriberId)';

/** Named check `subscriber.numbers`: the subscriber read (GET /v1.0/subscribers/get) lists `number`, assigned to it. */
export function subscriberLinesFindings(subscriber: Json, tsuid: string, number: string): Finding[] {
  const raw: unknown[] = Array.isArray(subscriber.PhoneNumbers) ? subscriber.PhoneNumbers : [];
  const listed = raw.map((x) => (x && typeof x === 'object' ? (x as Json).Number : x)).filter((x): x is string => typeof x === 'string');
  if (listed.some((n) => normalizeE164(n) === normalizeE164(number))) return [];
  return [
    {
      check: 'subscriber.numbers',
      severity: 'error',
      op: 'GET /v1.0/subscribers/get',
      pointer: '/PhoneNumbers',
      expected: `${number} listed (provisioned with AssignedSubscriberId ${tsuid})`,
      actual: JSON.stringify(raw),
      message: `subscriber ${tsuid} does not list ${number}, the number provisioned to it`,
      basis: SUBSCRIBER_LINES_BASIS,
    },
  ];
}

/** The subscriber a number was provisioned to lists it among its phone numbers. */
export async function expectListedUnderSubscriber(api: ApiClient, tsuid: string, number: string): Promise<void> {
  const s = await ok(api, 'GET /v1.0/subscribers/get', { query: { SubscriberId: tsuid } });
  expectConformant(subscriberLinesFindings(s, tsuid, number), 'the subscriber lists the number assigned to it');
}
