import { HandlerMap } from './types';
import { bad, humanBytes, isE164, isoOffset, issuedPrefix, newId, notFound, pick, shownIccid, str, vendorDate } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';
import { createOrder } from './orders';

/** magic: area code 999 has no inventory */
export const NO_INVENTORY_AREA = '999';
const ZIP_AREA: Array<[RegExp, string]> = [
  [/^84/, '801'],
  [/^07/, '201'],
  [/^10/, '212'],
  [/^9[0-6]/, '213'],
  [/^60/, '312'],
  [/^33/, '305'],
];
function areaFor(areaCode?: string, zip?: string): string {
  if (areaCode) return areaCode;
  if (zip) for (const [re, ac] of ZIP_AREA) if (re.test(zip)) return ac;
  return '201';
}
/** a representative ZIP code per area code of the sandbox's pools (the reverse of ZIP_AREA) */
const AREA_ZIP: Record<string, string> = { '801': '84043', '201': '07030', '212': '10001', '213': '90012', '312': '60601', '305': '33101' };
const ICCID = /^\d{18,22}F?$/i;

/** a number visible to the caller, by E.164 (404 otherwise) */
export function numberOf(sb: Sandbox, dist: string, e164: unknown, field = 'PhoneNumber'): Rec {
  const s = str(e164);
  if (!s) throw bad(`${field} is required`);
  if (!isE164(s)) throw bad(`${field} must be an E.164 phone number (e.g. +12015550123)`);
  const n = sb.store.numberByE164(s);
  if (!n || n._deleted || (n._dist !== dist && !sb.drift.isDrift('other-account-id-visible'))) throw notFound(`Number ${s} not found`);
  settleNumber(sb, n);
  return n;
}

/** lazy time-based transitions: release cancelled numbers after 30 days, apply scheduled status changes */
export function settleNumber(sb: Sandbox, n: Rec) {
  const now = sb.now();
  if (n.pendingStatus && n.pendingStatus.at <= now) {
    applyStatus(sb, n, n.pendingStatus.change, n.pendingStatus.iccid);
    n.pendingStatus = null;
  }
  if (n._reactivateAt && n._reactivateAt <= now) {
    n.Status = 'Active';
    n.CancelledAt = null;
    n._reactivateAt = null;
  }
  if (n.Status === 'Cancelled' && n.CancelledAt && now - n.CancelledAt > 30 * 86400_000 && !n.Released) {
    n.Released = true;
    n.Status = 'Released';
    if (sb.store.byE164.get(n.Number) === n._id) sb.store.byE164.delete(n.Number);
  }
}

function maskPin(p: unknown) {
  return p ? '****' : null;
}

export function numberView(sb: Sandbox, n: Rec) {
  return {
    ...n,
    // benign update-order-pending: while its update order is open the number reads as it was before the update
    // benign update-read-lag: the same for reads right after an update answered Complete (reads trail the write)
    ...(updateOpen(sb, n._pendingUpdate?.orderId) || updateLagging(sb, n._pendingUpdate?.orderId) ? n._pendingUpdate.before : {}),
    // benign number-status-inactive: a cancelled number reads with the vendor's general word for out of service
    ...(sb.drift.isDrift('number-status-inactive') && n.Status === 'Cancelled' ? { Status: 'Inactive' } : {}),
    Iccid: shownIccid(sb.drift, n.Iccid),
    TNID: n._id,
    Tnid: n._id,
    PhoneNumberId: n._id,
    OriginalDatePurchased: vendorDate(n.PurchasedAt),
    PortOutPin: maskPin(n.PortOutPin),
    QrActivationLink: `${sb.baseUrl}/_sandbox/qr/${n._id}`,
  };
}

/**
 * Benign modes: a number read in the spellings the vendor's own examples show (applied after shaping). GET
 * /v1.0/numbers: NumberType "Mobile" for an mvno line (inventory: "mobile"), VoiceRouteId "T9992774" (a legacy ID),
 * Iccid "…557414F" (padded with the filler nibble) — rulings R-number-type, R-id-voice-route-legacy, R-iccid-format.
 */
function documentedSpellings(sb: Sandbox, v: any): any {
  if (!v || typeof v !== 'object') return v;
  if (provisioningOpen(sb, v.OrderId)) v.Status = 'Pending';
  if (sb.drift.isDrift('number-type-mobile') && String(v.NumberType).toLowerCase() === 'mvno') v.NumberType = 'Mobile';
  if (sb.drift.isDrift('iccid-f-padding') && typeof v.Iccid === 'string' && /^\d{19}$/.test(v.Iccid)) v.Iccid = `${v.Iccid}F`;
  if (sb.drift.isDrift('voice-route-legacy-id') && typeof v.VoiceRouteId === 'string' && v.VoiceRouteId.startsWith('CRID-'))
    v.VoiceRouteId = `T${String((parseInt(v.VoiceRouteId.replace(/\D/g, '').slice(-7) || '0', 10) % 9_000_000) + 1_000_000)}`;
  return v;
}

/** the fields POST /v1.0/numbers/update writes */
const UPDATABLE = [
  'MessageEnabled',
  'MessageType',
  'Classification',
  'VoiceEnabled',
  'MessageRouteId',
  'VoiceRouteId',
  'AssignedSubscriberId',
  'Iccid',
  'CnamFirstName',
  'CnamLastName',
  'ProductType',
];

/** how long a provisioning order stays open in benign mode orders-complete-later (sandbox-clock ms) */
export const ORDER_COMPLETES_AFTER_MS = 300;

/** benign mode orders-complete-later: the provisioning order `orderId` has not completed yet */
export function provisioningOpen(sb: Sandbox, orderId: unknown): boolean {
  if (!sb.drift.isDrift('orders-complete-later') || typeof orderId !== 'string') return false;
  const o = sb.store.c.orders.get(orderId);
  return !!o && o.OrderType === 'provision' && sb.now() - Number(o._created) < ORDER_COMPLETES_AFTER_MS;
}

/** benign mode update-order-pending: the numbers/update order `orderId` has not completed yet */
export function updateOpen(sb: Sandbox, orderId: unknown): boolean {
  if (!sb.drift.isDrift('update-order-pending') || typeof orderId !== 'string') return false;
  const o = sb.store.c.orders.get(orderId);
  return !!o && o.OrderType === 'update' && sb.now() - Number(o._created) < ORDER_COMPLETES_AFTER_MS;
}

/** benign mode status-order-pending: the numbers/status order `orderId` (a change for today) has not completed yet */
export function statusOrderOpen(sb: Sandbox, orderId: unknown): boolean {
  if (!sb.drift.isDrift('status-order-pending') || typeof orderId !== 'string') return false;
  const o = sb.store.c.orders.get(orderId);
  return !!o && o.OrderType === 'status' && o.OrderStatus === 'Complete' && sb.now() - Number(o._created) < ORDER_COMPLETES_AFTER_MS;
}

/** benign mode update-read-lag: number reads right after the numbers/update `orderId` answered still show it as before */
function updateLagging(sb: Sandbox, orderId: unknown): boolean {
  if (!sb.drift.isDrift('update-read-lag') || typeof orderId !== 'string') return false;
  const o = sb.store.c.orders.get(orderId);
  return !!o && o.OrderType === 'update' && sb.now() - Number(o._created) < ORDER_COMPLETES_AFTER_MS;
}

/**
 * The thresholds a data-usage/settings read shows: the stored ones (null: none set). Benign usage-settings-lag: for
 * ORDER_COMPLETES_AFTER_MS after a write, those before it — undefined when there were none (the number is not listed).
 */
function settingsShown(sb: Sandbox, data: Rec): Rec | null | undefined {
  const lagging = sb.drift.isDrift('usage-settings-lag') && sb.now() - Number(data._settingsAt ?? 0) < ORDER_COMPLETES_AFTER_MS;
  if (!lagging) return data.settings ?? null;
  return data._settingsBefore ?? undefined;
}

/** Benign: data-usage/settings reads ThrottleSpeed in the internal spelling of the vendor's example ("thr1024kbps") */
function internalThrottle(sb: Sandbox, speed: unknown): unknown {
  const m = typeof speed === 'string' ? /^(\d+)-(kbps|mbps)$/.exec(speed) : null;
  if (!m || !sb.drift.isDrift('throttle-speed-internal')) return speed;
  return `thr${Number(m[1]) * (m[2] === 'mbps' ? 1024 : 1)}kbps`;
}

function checkRoutes(sb: Sandbox, dist: string, b: any, acct?: Rec) {
  let mr: Rec | undefined;
  let vr: Rec | undefined;
  if (str(b.MessageRouteId)) {
    mr = sb.store.get('messageRoutes', str(b.MessageRouteId), dist, 'Message route');
    sb.sameAccount(mr, acct, 'Message route');
  }
  if (str(b.VoiceRouteId)) {
    vr = sb.store.get('voiceRoutes', str(b.VoiceRouteId), dist, 'Voice route');
    sb.sameAccount(vr, acct ?? (mr ? sb.store.find('accounts', mr._acct) : undefined), 'Voice route');
  }
  return { mr, vr };
}

function assignVoice(sb: Sandbox, n: Rec, routeId: string | null) {
  n.VoiceRouteId = routeId;
  n.voiceAssignments = [...(n.voiceAssignments ?? []), { routeId, effectiveAt: sb.now() + sb.opts.propagationMs, byUpdate: true }];
}

function attachToSubscriber(sb: Sandbox, n: Rec, subId: string | null) {
  const prev = n.AssignedSubscriberId ? sb.store.find('subscribers', n.AssignedSubscriberId) : undefined;
  if (prev && Array.isArray(prev.PhoneNumbers)) prev.PhoneNumbers = prev.PhoneNumbers.filter((x: string) => x !== n.Number);
  n.AssignedSubscriberId = subId;
  const s = subId ? sb.store.find('subscribers', subId) : undefined;
  if (s) s.PhoneNumbers = [...new Set([...(s.PhoneNumbers ?? []), n.Number])];
}

function applyStatus(sb: Sandbox, n: Rec, change: string, iccid?: string, areaCode?: string): { qr?: string; number: string } {
  const now = sb.now();
  switch (change) {
    case 'park':
      n.Status = 'Parked';
      break;
    case 'activate':
      n.Status = 'Active';
      break;
    case 'cancel':
      n.Status = 'Cancelled';
      n.CancelledAt = now;
      break;
    case 'swap-sim':
      n.Iccid = iccid ?? n.Iccid;
      n.SwapsRemaining = Math.max(0, (n.SwapsRemaining ?? 0) - 1);
      break;
    case 'replace':
      // new eSIM profile for the same number
      n.Iccid = iccid ?? '8901' + String(Date.now()).slice(-13).padStart(15, '0');
      n.SwapsRemaining = Math.max(0, (n.SwapsRemaining ?? 0) - 1);
      break;
    case 'swap': {
      // a new phone number for the same line (same NID)
      const e = sb.allocateE164(areaCode ?? n.Number.slice(2, 5));
      sb.store.byE164.delete(n.Number);
      attachToSubscriber(sb, n, null);
      const sub = n._prevSub;
      n.Number = e;
      sb.store.byE164.set(e, n._id);
      if (sub) attachToSubscriber(sb, n, sub);
      n.SwapsRemaining = Math.max(0, (n.SwapsRemaining ?? 0) - 1);
      break;
    }
  }
  return { number: n.Number, qr: `${sb.baseUrl}/_sandbox/qr/${n._id}` };
}

function parseEffective(sb: Sandbox, s: unknown): number {
  const v = str(s);
  if (!v) return sb.now();
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (!m) throw bad('EffectiveDate must be MM/DD/YYYY');
  const t = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]));
  if (Number.isNaN(t) || Number(m[1]) > 12 || Number(m[2]) > 31) throw bad('EffectiveDate must be a valid date (MM/DD/YYYY)');
  return t;
}

/** seed 003 §8.1: "`iot` numbers are p2p only — never a2p. `voip` numbers are a2p only." (R-number-type) */
export function checkMessageType(numberType: unknown, messageType: unknown) {
  const nt = String(numberType ?? '').toLowerCase();
  const mt = String(messageType ?? '').toLowerCase();
  if (nt === 'iot' && mt === 'a2p') throw bad('iot numbers are p2p only: MessageType a2p is not allowed for NumberType iot (use mvno)');
  if (nt === 'voip' && mt && mt !== 'a2p') throw bad(`voip numbers are a2p only: MessageType ${String(messageType)} is not allowed for NumberType voip`);
}

/**
 * The number a reactivation answer names: the one reactivated; null in benign mode reactivate-number-null (the
 * vendor's ReactivateNumber_Result marks PhoneNumber nullable, R-reactivate-echo); another number in drift
 * reactivate-wrong-number.
 */
function reactivatedNumberShown(sb: Sandbox, number: string): string | null {
  if (sb.drift.isDrift('reactivate-number-null')) return null;
  if (sb.drift.isDrift('reactivate-wrong-number')) return number.slice(0, -1) + (number.endsWith('9') ? '8' : '9');
  return number;
}

/**
 * The LimitValue a data-usage request sets. Left out, the request schema refuses it (400) — unless benign mode
 * data-limit-default applies the default the operation's description names ("Unless a LimitValue is specified, the
 * default data limit is 20 MB", R-data-limit-default), or drift data-limit-default-ignored accepts it with no limit.
 */
function limitValueOf(sb: Sandbox, body: any): unknown {
  if (body.LimitValue !== undefined && body.LimitValue !== null) return body.LimitValue;
  return sb.drift.isDrift('data-limit-default') ? 20 : undefined;
}

function phoneList(b: any): string[] {
  if (!Array.isArray(b.PhoneNumbers) || b.PhoneNumbers.length === 0) throw bad('PhoneNumbers must be a non-empty array of { "Number": "+1…" }');
  return b.PhoneNumbers.map((x: any, i: number) => {
    const n = typeof x === 'string' ? x : x?.Number;
    if (!isE164(n)) throw bad(`PhoneNumbers[${i}].Number must be an E.164 phone number`);
    return n;
  });
}

export const numberHandlers: HandlerMap = {
  'POST /v1.0/numbers/availability': ({ sb, body }) => {
    const ac = str(body.AreaCode);
    const zip = str(body.ZipCode);
    if (ac && !/^\d{3}$/.test(ac)) throw bad('AreaCode must be 3 digits');
    if (zip && !/^\d{5}$/.test(zip)) throw bad('ZipCode must be 5 digits');
    const area = areaFor(ac, zip);
    const none = area === NO_INVENTORY_AREA;
    const page = Math.max(1, Number(body.PageNumber) || 1);
    // the sandbox's own inventory: one number pool per area code, lines 2000-9999 of NXX 555 minus those in use
    const free = none ? 0 : 8000 - [...sb.store.byE164.keys()].filter((e) => e.startsWith(`+1${area}555`)).length;
    // NGP: a three-letter group code, as in the vendor's example ("SAG", "AGP"); the sandbox spells the area code's digits
    const ngp = [...area].map((d) => String.fromCharCode(65 + Number(d))).join('');
    const areas = none || page > 1 ? [] : [{ NGP: ngp, AreaCode: Number(area), Zipcode: zip ?? AREA_ZIP[area] ?? null }];
    return respond('POST /v1.0/numbers/availability', {
      RequestId: 'T-' + String(Math.floor(Math.random() * 100000)).padStart(5, '0'),
      RequestDate: new Date(sb.now()).toISOString(),
      NumberType: body.NumberType ?? 'mobile',
      VoiceEnabled: !!body.VoiceEnabled,
      MessageEnabled: !!body.MessageEnabled,
      AreaCode: ac ?? area,
      ZipCode: zip ?? '',
      PageNumber: page,
      ResultsTotal: free,
      AvailableNumberAreas: areas,
    });
  },

  'POST /v1.0/numbers/provision': ({ sb, dist, body }) => {
    if (!str(body.MessageRouteId) && !sb.drift.isDrift('provision-without-route-accepted')) throw bad('MessageRouteId required');
    checkMessageType(body.NumberType, body.MessageType);
    if (str(body.ICCID) && !ICCID.test(body.ICCID)) throw bad('ICCID must be 18-22 digits');
    const acctGiven = str(body.AccountId) ? sb.account(dist, body.AccountId) : undefined;
    const { mr } = checkRoutes(sb, dist, body, acctGiven);
    const acct = acctGiven ?? (mr ? sb.store.get('accounts', mr._acct, dist, 'Account') : sb.account(dist, undefined));
    let sub: Rec | undefined;
    if (str(body.AssignedSubscriberId)) {
      sub = sb.store.get('subscribers', str(body.AssignedSubscriberId), dist, 'Subscriber');
      sb.sameAccount(sub, acct, 'Subscriber');
    }
    if (str(body.ICCID))
      for (const n of sb.store.c.numbers.values())
        if (n.Iccid === body.ICCID && n.Status !== 'Released' && !n._deleted) throw bad(`ICCID ${body.ICCID} is already paired with another number`);
    const area = areaFor(str(body.AreaCode), str(body.ZipCode));
    if (area === NO_INVENTORY_AREA) throw bad(`No numbers available in area code ${area}`);
    // drift provision-area-code-ignored: the requested area code is ignored, the number comes from the fallback pool
    const e164 = sb.allocateE164(sb.drift.isDrift('provision-area-code-ignored') ? (area === '212' ? '305' : '212') : area);
    const id = newId(issuedPrefix(sb.drift, 'number'));
    const order = createOrder(sb, dist, acct._id, 'provision', [e164], 'Complete');
    const rec = sb.store.insert(
      'numbers',
      id,
      dist,
      sb.numberRecord({
        id,
        e164,
        accountId: acct._id,
        messageRouteId: mr?._id,
        voiceRouteId: str(body.VoiceRouteId),
        numberType: body.NumberType,
        messageType: body.MessageType,
        messageEnabled: body.MessageEnabled,
        voiceEnabled: body.VoiceEnabled,
        dataEnabled: body.DataEnabled ?? /data/i.test(String(body.ProductType ?? '')),
        productType: body.ProductType,
        iccid: str(body.ICCID),
        orderId: order._id,
        zip: str(body.ZipCode),
      }),
      acct._id,
    );
    if (String(body.NumberType).toLowerCase() === 'voip') rec.Classification = 'VoIP';
    sb.store.byE164.set(e164, id);
    if (sub) attachToSubscriber(sb, rec, sub._id);
    order.NumberId = id;
    return respond('POST /v1.0/numbers/provision', {
      OrderDate: isoOffset(order._created),
      OrderId: order._id,
      // benign: the order is answered before it completes (GET /v1.0/numbers/order: "Poll … to confirm completion")
      OrderStatus: sb.drift.isDrift('orders-complete-later') ? 'Pending' : 'Complete',
      PhoneNumberAssigned: sb.drift.isDrift('number-not-e164') ? e164.slice(2) : e164,
      PhoneNumberId: id,
      QRCode: `${sb.baseUrl}/_sandbox/qr/${id}`,
      ZipCode: str(body.ZipCode) ?? null,
      ICCID: provisionIccidShown(sb, str(body.ICCID) ?? null),
      // drift provision-subscriber-echo-wrong: the answer names the account's first subscriber, not the one assigned
      SubscriberId: provisionSubscriberShown(sb, sub),
      // drift: a reservation time-out upstream is reported in ErrorMessage of a 200 (the number was provisioned anyway)
      ErrorMessage: sb.drift.isDrift('provision-error-under-200') ? 'Number reservation timed out upstream; retry the order' : null,
    });
  },

  'GET /v1.0/numbers': ({ sb, dist, query }) => {
    const num = str(pick(query, 'Number', 'PhoneNumber'));
    const iccid = str(pick(query, 'ICCID'));
    let n: Rec | undefined;
    if (num) n = numberOf(sb, dist, num, 'Number');
    else if (iccid) {
      n = [...sb.store.c.numbers.values()].find((x) => x.Iccid === iccid && x._dist === dist && !x._deleted && x.Status !== 'Released');
      if (!n) throw notFound(`No number with ICCID ${iccid}`);
    } else throw bad('Number (or PhoneNumber, or ICCID) is required');
    const v: any = numberView(sb, n);
    if (sb.drift.isDrift('number-message-route-dropped')) v.MessageRouteId = null;
    // benign: documented-optional fields the suite never wrote answered null
    if (sb.drift.isDrift('optional-null'))
      Object.assign(v, { Cnam: null, QrActivationLink: null, SwapsRemaining: null, NextSwapResetDate: null, OriginalDatePurchased: null });
    // drift: the details read serves the SIM without its check digit (ICCID column one digit short)
    if (sb.drift.isDrift('number-iccid-readback') && typeof v.Iccid === 'string') v.Iccid = v.Iccid.slice(0, -1);
    // drift: the details read serves the voice route from before the last numbers/update (stale replica)
    if (sb.drift.isDrift('number-voice-route-readback') && n._updatedAt) v.VoiceRouteId = n._voiceBeforeUpdate ?? null;
    // drift: a number updated through numbers/update reads back Parked (the update order parks the line)
    if (sb.drift.isDrift('number-status-unprompted') && n._updatedAt && v.Status === 'Active') v.Status = 'Parked';
    // drift: the details read reports an Active number as Parked (a provisioning flag read as a park)
    if (sb.drift.isDrift('number-parks-itself') && v.Status === 'Active' && !n.PortedIn) v.Status = 'Parked';
    return documentedSpellings(sb, respond('GET /v1.0/numbers', v));
  },

  'GET /v1.0/numbers/inventory': ({ sb, dist, query }) => {
    const page = Math.max(1, Number(pick(query, 'PageNumber')) || 1);
    // benign inventory-own-paging: the platform's own page size (2), TotalNumbersRequested not honoured
    const size = sb.drift.isDrift('inventory-own-paging') ? 2 : Math.min(1000, Math.max(1, Number(pick(query, 'TotalNumbersRequested')) || 50));
    // benign inventory-default-active: without a Filter the vendor's example answers Filter "Active" (active numbers only)
    const filter = str(pick(query, 'Filter')) ?? (sb.drift.isDrift('inventory-default-active') ? 'Active' : 'All');
    const f = filter.toLowerCase();
    const all = sb.store.list('numbers', dist, (n) => {
      settleNumber(sb, n);
      if (n.Status === 'Released') return false;
      // drift: ported-in numbers are missing from the inventory (the port completion does not index them)
      if (n.PortedIn && sb.drift.isDrift('portin-completed-not-listed')) return false;
      // benign: a cancelled number is not "currently provisioned": the inventory leaves it out
      if (n.Status === 'Cancelled' && sb.drift.isDrift('inventory-drops-cancelled')) return false;
      if (f === 'all') return true;
      if (['active', 'parked', 'cancelled', 'pending'].includes(f)) return String(n.Status).toLowerCase() === f;
      if (['mvno', 'iot'].includes(f)) return String(n.NumberType).toLowerCase() === f;
      return n.Number.includes(filter) || String(n.AssignedSubscriberId ?? '') === filter || String(n._acct) === filter;
    });
    const out: any = respond('GET /v1.0/numbers/inventory', {
      AccountId: sb.account(dist, pick(query, 'AccountId'))._id,
      TotalResults: all.length,
      PageNumber: page,
      Filter: filter,
      PhoneNumbers: all.slice((page - 1) * size, page * size).map((n) => {
        const v: any = numberView(sb, n);
        // drift: inventory entries come from a replica that never received the voice route assignment
        if (sb.drift.isDrift('inventory-voice-route-stale')) v.VoiceRouteId = null;
        // drift: the inventory's replica never receives status changes: every number listed reads as provisioned
        if (sb.drift.isDrift('inventory-status-stale') && n.Status !== 'Pending') v.Status = 'Active';
        return v;
      }),
    });
    // benign: the vendor's inventory example shows MessageEnabled / VoiceEnabled as "true" / "false" strings
    // (applied after shaping: the shaper would turn them back into booleans)
    if (sb.drift.isDrift('inventory-true-strings') && Array.isArray(out?.PhoneNumbers)) {
      for (const v of out.PhoneNumbers) for (const k of ['MessageEnabled', 'VoiceEnabled']) if (typeof v[k] === 'boolean') v[k] = String(v[k]);
    }
    // benign: the inventory example names an mvno line "mobile" (R-number-type)
    if (sb.drift.isDrift('number-type-mobile') && Array.isArray(out?.PhoneNumbers))
      for (const v of out.PhoneNumbers) if (String(v.NumberType).toLowerCase() === 'mvno') v.NumberType = 'mobile';
    return out;
  },

  'POST /v1.0/numbers/update': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.Number, 'Number');
    if (n.Status === 'Cancelled' || n.Status === 'Released') throw bad(`Number ${n.Number} is ${n.Status}; reactivate it first`);
    const acct = sb.store.find('accounts', n._acct);
    checkRoutes(sb, dist, body, acct);
    if (str(body.Iccid) && !ICCID.test(body.Iccid)) throw bad('Iccid must be 18-22 digits');
    if (str(body.AssignedSubscriberId)) {
      const s = sb.store.get('subscribers', str(body.AssignedSubscriberId), dist, 'Subscriber');
      sb.sameAccount(s, acct, 'Subscriber');
    }
    if (body.MessageType !== undefined && body.MessageType !== null) checkMessageType(n.NumberType, body.MessageType);
    const prevVoice = n.VoiceRouteId;
    n._voiceBeforeUpdate = prevVoice ?? null;
    const before = Object.fromEntries(UPDATABLE.filter((k) => body[k] !== undefined).map((k) => [k, n[k] ?? null]));
    n._pendingUpdate = undefined;
    n._updatedAt = sb.now();
    for (const k of UPDATABLE) if (k !== 'VoiceRouteId' && k !== 'AssignedSubscriberId' && body[k] !== undefined) n[k] = body[k];
    // drift number-update-clears-message-route: an update that does not name MessageRouteId sets it to null (a full-record overwrite)
    if (sb.drift.isDrift('number-update-clears-message-route') && body.MessageRouteId === undefined) n.MessageRouteId = null;
    if (body.VoiceRouteId !== undefined && body.VoiceRouteId !== n.VoiceRouteId) assignVoice(sb, n, str(body.VoiceRouteId) ?? null);
    if (body.AssignedSubscriberId !== undefined) attachToSubscriber(sb, n, str(body.AssignedSubscriberId) ?? null);
    if (n.CnamFirstName || n.CnamLastName) n.Cnam = [n.CnamFirstName, n.CnamLastName].filter(Boolean).join(' ');
    const order = createOrder(sb, dist, n._acct!, 'update', [n.Number], 'Complete');
    const v: any = numberView(sb, n);
    if (sb.drift.isDrift('number-voice-route-not-echoed')) v.VoiceRouteId = prevVoice;
    // drift: the update order is reported Failed although the change was applied
    const updStatus = sb.drift.isDrift('number-update-order-failed') ? 'Failed' : sb.drift.isDrift('update-order-pending') ? 'Pending' : 'Complete';
    // benign: the update is answered while its order is open; the number reads as before until it completes
    if (sb.drift.isDrift('update-order-pending') || sb.drift.isDrift('update-read-lag')) n._pendingUpdate = { orderId: order._id, before };
    return respond('POST /v1.0/numbers/update', {
      ...v,
      Tnid: n._id,
      UpdateOrderId: order._id,
      UpdateOrderDate: isoOffset(order._created),
      UpdateOrderStatus: updStatus,
    });
  },

  'POST /v1.0/numbers/status': ({ sb, dist, body }) => {
    // the action codes in either documented case: the request enum's (park) or the description's (Park) — R-status-verbs
    const change = String(body.StatusChange ?? '').toLowerCase();
    if (!['activate', 'cancel', 'swap', 'swap-sim', 'replace', 'park'].includes(change))
      throw bad('StatusChange must be one of activate, cancel, swap, swap-sim, replace, park');
    const at = parseEffective(sb, body.EffectiveDate);
    const nums = phoneList(body);
    const recs = nums.map((x) => numberOf(sb, dist, x, 'PhoneNumbers[].Number'));
    recs.forEach((n, i) => {
      if (n.Status === 'Released') throw bad(`Number ${n.Number} has been released`);
      if (n.Status === 'Cancelled' && change !== 'cancel')
        throw bad(`Number ${n.Number} is Cancelled; use POST /v1.0/numbers/reactivate (within 30 days of cancellation)`);
      if (change === 'swap-sim') {
        const ic = body.PhoneNumbers[i]?.ICCID;
        if (!str(ic) || !ICCID.test(ic)) throw bad(`PhoneNumbers[${i}].ICCID (18-22 digits) is required for swap-sim`);
      }
      if (['swap', 'swap-sim', 'replace'].includes(change) && (n.SwapsRemaining ?? 0) <= 0)
        throw bad(`Number ${n.Number} has no swaps remaining until ${n.NextSwapResetDate}`);
    });
    // benign status-order-pending: a change for today is queued, applied ORDER_COMPLETES_AFTER_MS later (R-order-completion)
    const queued = sb.drift.isDrift('status-order-pending') && at <= sb.now();
    // drift status-future-applied-now: EffectiveDate ignored, every change takes effect the moment it is requested
    const future = (at > sb.now() && !sb.drift.isDrift('status-future-applied-now')) || queued;
    const applyAt = queued ? sb.now() + ORDER_COMPLETES_AFTER_MS : at;
    const order = createOrder(
      sb,
      dist,
      recs[0]._acct!,
      'status',
      recs.map((n) => n.Number),
      future && !queued ? 'Scheduled' : 'Complete',
    );
    order.ChangeType = change;
    const out: Array<{ Number: string; QrCode: string | null }> = [];
    recs.forEach((n, i) => {
      const iccid = body.PhoneNumbers[i]?.ICCID;
      if (sb.drift.isDrift('status-change-not-applied')) {
        out.push({ Number: n.Number, QrCode: null });
        return;
      }
      if (future) {
        n.pendingStatus = { change, at: applyAt, iccid, order: order._id };
        out.push({ Number: n.Number, QrCode: null });
      } else {
        if (change === 'swap') n._prevSub = n.AssignedSubscriberId;
        // drift: "activate" on a parked number is routed to the cancel workflow; "cancel" only suspends the line
        const applied = sb.drift.isDrift('status-restore-cancels') && change === 'activate' && n.Status === 'Parked' ? 'cancel' : change;
        const r = applyStatus(sb, n, applied, iccid, str(body.AreaCode));
        // drift: the suspension's messaging bar is set on park but never lifted by a restore
        if (sb.drift.isDrift('status-restore-still-barred') && change === 'park') n._msgBarred = true;
        if (sb.drift.isDrift('status-cancel-suspends') && change === 'cancel') n.Status = 'Suspended';
        out.push({ Number: r.number, QrCode: ['replace', 'swap', 'swap-sim', 'activate'].includes(change) ? r.qr! : null });
      }
    });
    // drift: the effective date is echoed one day late (a time-zone shift on a date-only value)
    const eff = sb.drift.isDrift('status-effective-date-shifted') ? at + 86_400_000 : at;
    // benign: the vendor's request format (MM/DD/YYYY) echoed back instead of ISO
    const effShown = sb.drift.isDrift('effective-date-us-format')
      ? (() => {
          const d = new Date(eff).toISOString();
          return `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;
        })()
      : new Date(eff).toISOString().slice(0, 19);
    // drift: the order is reported Failed although the change was applied
    const shownStatus = sb.drift.isDrift('status-change-reports-failed') ? 'Failed' : statusOrderOpen(sb, order._id) ? 'Pending' : order.OrderStatus;
    return respond('POST /v1.0/numbers/status', {
      OrderId: order._id,
      OrderDate: new Date(order._created).toISOString(),
      OrderStatus: shownStatus,
      ChangeType: changeTypeShown(sb, change),
      EffectiveDate: effShown,
      Numbers: out,
    });
  },

  'POST /v1.0/numbers/reactivate': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    if (str(body.AccountId)) sb.sameAccount(n, sb.account(dist, body.AccountId), 'Number');
    if (n.Status !== 'Cancelled') throw bad(`Number ${n.Number} is not cancelled (Status ${n.Status})`);
    // benign reactivate-pending: the reactivation is accepted (Status Pending) and made ORDER_COMPLETES_AFTER_MS later
    const queued = sb.drift.isDrift('reactivate-pending');
    if (queued) n._reactivateAt = sb.now() + ORDER_COMPLETES_AFTER_MS;
    else if (!sb.drift.isDrift('reactivate-not-restoring')) {
      // drift: reactivation restores the line parked, not active
      n.Status = sb.drift.isDrift('number-reactivate-parks') ? 'Parked' : 'Active';
      n.CancelledAt = null;
      // drift: the line comes back without its subscriber (an orphan number: seed 003 §2 says there is none)
      if (sb.drift.isDrift('reactivate-orphans-number')) attachToSubscriber(sb, n, null);
    }
    createOrder(sb, dist, n._acct!, 'status', [n.Number], 'Complete', { ChangeType: 'reactivate' });
    // drift: the reactivation is reported as failed although it took effect
    const failedAnswer = sb.drift.isDrift('reactivate-reports-failure');
    return respond('POST /v1.0/numbers/reactivate', {
      PhoneNumber: reactivatedNumberShown(sb, n.Number),
      AccountId: n._acct,
      Status: failedAnswer ? 'Failed' : queued ? 'Pending' : 'Success',
      StatusMessage: failedAnswer ? 'Reactivation could not be confirmed' : queued ? 'Reactivation submitted' : 'Number reactivated',
    });
  },

  // ---- data usage
  'POST /v1.0/numbers/data-usage': ({ sb, dist, body: sent }) => {
    const nums = phoneList(sent).map((x) => numberOf(sb, dist, x, 'PhoneNumbers[].Number'));
    const body = { ...sent, LimitValue: limitValueOf(sb, sent) };
    for (const f of ['NotifyValue', 'ThrottleValue', 'LimitValue'])
      if (body[f] !== undefined && (typeof body[f] !== 'number' || body[f] < 0)) throw bad(`${f} must be a non-negative number`);
    if (typeof body.NotifyValue === 'number' && typeof body.LimitValue === 'number' && body.NotifyValue > body.LimitValue)
      throw bad('NotifyValue must not exceed LimitValue');
    if (typeof body.ThrottleValue === 'number' && typeof body.LimitValue === 'number' && body.ThrottleValue > body.LimitValue)
      throw bad('ThrottleValue must not exceed LimitValue');
    const settings = {
      ValueUnit: body.ValueUnit ?? 'MB',
      NotifyValue: body.NotifyValue ?? null,
      ThrottleValue: body.ThrottleValue ?? null,
      ThrottleSpeed: body.ThrottleSpeed ?? null,
      LimitValue: body.LimitValue ?? null,
    };
    // drift data-usage-first-number-only: only the batch's first number gets the thresholds (the answer lists them all)
    const applied = sb.drift.isDrift('data-usage-first-number-only') ? nums.slice(0, 1) : nums;
    // benign usage-settings-lag: the settings read keeps showing what was there before for ORDER_COMPLETES_AFTER_MS
    for (const n of applied) Object.assign(n.data, { _settingsBefore: n.data.settings ?? null, _settingsAt: sb.now(), settings: { ...settings } });
    // drift: the thresholds are saved but the answer reports Failed
    const failed = sb.drift.isDrift('data-usage-set-failed');
    return respond('POST /v1.0/numbers/data-usage', {
      Status: failed ? 'Failed' : 'Complete',
      StatusMessage: failed ? 'Threshold provisioning failed' : '',
      ...settings,
      PhoneNumbers: nums.map((n) => ({ Number: n.Number })),
    });
  },
  'POST /v1.0/numbers/data-usage/settings': ({ sb, dist, body }) => {
    const nums = phoneList(body).map((x) => numberOf(sb, dist, x, 'PhoneNumbers[].Number'));
    return respond('POST /v1.0/numbers/data-usage/settings', {
      Status: 'Complete',
      // benign usage-settings-lag: a number whose first thresholds were just set is not listed yet (the usage back-end
      // has no record of it): the documented answer carries each listed number's thresholds (R-response-required)
      PhoneNumbers: nums
        .filter((n) => settingsShown(sb, n.data) !== undefined)
        .map((n) => {
          const stored = settingsShown(sb, n.data);
          const s = { ...(stored ?? { NotifyValue: null, LimitValue: null, ThrottleValue: null, ThrottleSpeed: null, ValueUnit: 'MB' }) };
          // drift: NotifyValue and LimitValue swapped on the read side (column order mix-up)
          if (sb.drift.isDrift('data-usage-thresholds-swapped')) [s.NotifyValue, s.LimitValue] = [s.LimitValue, s.NotifyValue];
          s.ThrottleSpeed = internalThrottle(sb, s.ThrottleSpeed);
          return { Number: n.Number, Status: 'Success', StatusMessage: stored ? '' : 'No data usage thresholds configured', ...s };
        }),
    });
  },
  'POST /v1.0/numbers/data-usage/info': ({ sb, dist, body }) => {
    const nums = phoneList(body).map((x) => numberOf(sb, dist, x, 'PhoneNumbers[].Number'));
    // drift: the usage back-end answers each number with Status ERROR (the numbers are fine)
    const err = sb.drift.isDrift('data-usage-info-error');
    return respond('POST /v1.0/numbers/data-usage/info', {
      Status: 'Complete',
      PhoneNumbers: nums.map((n) => ({ ...usageShown(sb, n), ...(err ? { Status: 'ERROR', StatusMessage: 'Usage service unavailable' } : {}) })),
    });
  },
  'POST /v1.0/numbers/data-usage/update-renewal-info': ({ sb, dist, body }) => {
    const nums = phoneList(body).map((x) => numberOf(sb, dist, x, 'PhoneNumbers[].Number'));
    for (const n of nums) {
      n.data.renewal = { AutoRenew: body.AutoRenew, PeriodType: body.PeriodType, PeriodValue: body.PeriodValue, RenewalDay: body.RenewalDay };
      if (body.ResetUsage === true) n.data.usedBytes = 0;
    }
    return respond('POST /v1.0/numbers/data-usage/update-renewal-info', {
      Status: 'Complete',
      StatusMessage: '',
      PhoneNumbers: nums.map((n) => ({ Number: n.Number, Status: 'Success', StatusMessage: '' })),
    });
  },
  'POST /v1.0/numbers/device-details': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    if (str(body.AccountId)) sb.sameAccount(n, sb.account(dist, body.AccountId), 'Number');
    const d = sb.drift.isDrift('device-details-empty') ? { IMEI: '', DeviceModel: '', DeviceName: '', TAC: '' } : n.device;
    if (!d) throw notFound(`No device has attached to ${n.Number} yet (device details appear after the first data attach)`);
    return respond('POST /v1.0/numbers/device-details', {
      AccountId: n._acct,
      PhoneNumber: n.Number,
      NumberType: n.NumberType === 'iot' ? 'IoT' : 'MVNO',
      IMEI: d?.IMEI ?? '',
      DeviceModel: d?.DeviceModel ?? '',
      DeviceName: d?.DeviceName ?? '',
      TAC: d?.TAC ?? '',
      // drift: the device lookup reports Error although it found the device
      ...(sb.drift.isDrift('device-details-error') ? { Status: 'Error', StatusMessage: 'Device lookup failed' } : { Status: 'Success', StatusMessage: '' }),
    });
  },
  'POST /v1.0/numbers/refresh-nnid': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    n.NNID = newId('NNID-');
    return respond('POST /v1.0/numbers/refresh-nnid', { PhoneNumber: n.Number, NNID: n.NNID, Successful: true });
  },

  // ---- voicemail (PIN is a secret: stored, never echoed)
  'POST /v1.0/numbers/voicemail/info': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    const v = n.voicemail;
    return respond('POST /v1.0/numbers/voicemail/info', {
      PhoneNumber: n.Number,
      VoicemailEnabled: !!v,
      Email: v?.Email ?? null,
      FirstName: v?.FirstName ?? null,
      LastName: v?.LastName ?? null,
    });
  },
  'POST /v1.0/numbers/voicemail/activate': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    if (body.PIN !== undefined && !/^\d{4,10}$/.test(String(body.PIN))) throw bad('PIN must be 4-10 digits');
    n.voicemail = { Email: body.Email ?? null, FirstName: body.FirstName ?? null, LastName: body.LastName ?? null, _pin: body.PIN ? '[set]' : null };
    return respond('POST /v1.0/numbers/voicemail/activate', { PhoneNumber: n.Number, VoicemailActivated: true, Successful: true });
  },
  'POST /v1.0/numbers/voicemail/update': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    if (!n.voicemail) throw bad(`Voicemail is not activated on ${n.Number}`);
    if (body.PIN !== undefined && !/^\d{4,10}$/.test(String(body.PIN))) throw bad('PIN must be 4-10 digits');
    for (const k of ['Email', 'FirstName', 'LastName']) if (body[k] !== undefined) n.voicemail[k] = body[k];
    return respond('POST /v1.0/numbers/voicemail/update', { PhoneNumber: n.Number, Successful: true, Message: 'Voicemail settings saved' });
  },
  'POST /v1.0/numbers/voicemail/delete': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PhoneNumber);
    if (!n.voicemail) throw bad(`Voicemail is not activated on ${n.Number}`);
    n.voicemail = null;
    return respond('POST /v1.0/numbers/voicemail/delete', { PhoneNumber: n.Number, Successful: true, Message: 'Voicemail deactivated' });
  },

  // ---- SIMs
  'POST /v1.0/sims/update-status': ({ sb, dist, body }) => {
    const iccid = str(body.ICCID);
    if (!iccid || !ICCID.test(iccid)) throw bad('ICCID (18-22 digits) is required');
    if (str(body.MSISDN)) numberOf(sb, dist, body.MSISDN, 'MSISDN');
    const rec = sb.store.find('sims', iccid) ?? sb.store.insert('sims', iccid, dist, { ICCID: iccid });
    if (rec._dist !== dist) throw notFound(`SIM ${iccid} not found`);
    rec.SimStatus = body.SimStatus ?? 'Active';
    rec.MSISDN = body.MSISDN ?? rec.MSISDN ?? null;
    return respond('POST /v1.0/sims/update-status', { ICCID: iccid, SimStatus: rec.SimStatus, Successful: true });
  },
  'POST /v1.0/sims/clear-status': ({ sb, dist, body }) => {
    const iccid = str(body.ICCID);
    if (!iccid || !ICCID.test(iccid)) throw bad('ICCID (18-22 digits) is required');
    const rec = sb.store.find('sims', iccid) ?? sb.store.insert('sims', iccid, dist, { ICCID: iccid });
    if (rec._dist !== dist) throw notFound(`SIM ${iccid} not found`);
    rec.SimStatus = 'Empty';
    return respond('POST /v1.0/sims/clear-status', { ICCID: iccid, SimStatus: 'Empty', Successful: true });
  },
};

/** The provision answer's SubscriberId: the subscriber assigned; drift provision-subscriber-echo-wrong: another one of the distributor's. */
function provisionSubscriberShown(sb: Sandbox, sub: Rec | undefined): string | null {
  if (!sub || !sb.drift.isDrift('provision-subscriber-echo-wrong')) return sub?._id ?? null;
  const other = sb.store.list('subscribers', sub._dist).find((s) => s._id !== sub._id);
  return other?._id ?? sub._id.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
}

/** A number's usage as data-usage/info answers it (drift modes data-remaining-not-decremented, data-throttle-not-applied). */
function usageShown(sb: Sandbox, n: Rec) {
  const info = usageInfo(n);
  const limit = n.data.settings?.LimitValue;
  if (sb.drift.isDrift('data-remaining-not-decremented') && typeof limit === 'number') info.Remaining = humanBytes(limit * 1024 * 1024);
  // drift data-throttle-not-applied: the policy function never throttles: past ThrottleValue the line reads (and runs) Active
  if (sb.drift.isDrift('data-throttle-not-applied') && info.CurrentBehavior === 'Throttled') info.CurrentBehavior = 'Active';
  return info;
}

export function usageInfo(n: Rec) {
  const s = n.data.settings;
  const used = n.data.usedBytes ?? 0;
  const MB = 1024 * 1024;
  const limit = typeof s?.LimitValue === 'number' ? s.LimitValue * MB : undefined;
  const throttle = typeof s?.ThrottleValue === 'number' ? s.ThrottleValue * MB : undefined;
  const behavior =
    n.Status !== 'Active' ? n.Status : limit !== undefined && used >= limit ? 'Blocked' : throttle !== undefined && used >= throttle ? 'Throttled' : 'Active';
  return {
    Number: n.Number,
    Status: String(n.Status).toUpperCase(),
    StatusMessage: '',
    Used: humanBytes(used),
    Remaining: limit === undefined ? 'Unlimited' : humanBytes(Math.max(0, limit - used)),
    CurrentBehavior: behavior,
  };
}

/**
 * The ChangeType a numbers/status answer shows: the change made; null (benign status-change-type-null: an optional,
 * nullable field, R-response-required / R-change-type-echo); another change (drift status-change-type-wrong).
 */
function changeTypeShown(sb: Sandbox, change: string): string | null {
  if (sb.drift.isDrift('status-change-type-null')) return null;
  // benign status-action-title-case: the action codes as the operation's description writes them (Park, Swap-Sim…)
  if (sb.drift.isDrift('status-action-title-case')) return change.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
  if (sb.drift.isDrift('status-change-type-wrong')) return change === 'cancel' ? 'park' : 'cancel';
  return change;
}

/** The provision answer's ICCID: the SIM paired (benign iccid-f-stored: padded with F); drift provision-iccid-echo-wrong: another SIM. */
function provisionIccidShown(sb: Sandbox, iccid: string | null): string | null {
  if (iccid && sb.drift.isDrift('provision-iccid-echo-wrong')) return iccid.slice(0, -1) + (iccid.endsWith('0') ? '1' : '0');
  return shownIccid(sb.drift, iccid);
}
