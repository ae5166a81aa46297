import { HandlerMap } from './types';
import { bad, isE164, isoOffset, issuedPrefix, newId, notFound, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';
import { createOrder, orderDate, setStatus } from './orders';
import { numberOf, provisioningOpen, statusOrderOpen, updateOpen } from './numbers';
import { stepFor } from '../clock';
import { fieldUnchecked } from '../unchecked-fields';

/** magic values (sandbox/README.md "Porting") */
export const INELIGIBLE = /^\+1500555000\d$/; // not portable (like Twilio's +1500555000X test numbers)
export const WIRELINE = /^\+1500555020\d$/; // wireline: PortInDate required before the carrier approves
export const REJECT_ACCOUNT: Record<string, string> = {
  '00000000': '8A-ACCOUNT_NUM_REQ_OR_INCORRECT',
  '11111111': '6P-REMOVE NUMBER LOCK ON VERIZON ACCOUNT',
};
const CARRIERS = ['Verizon', 'T-Mobile', 'AT&T', 'US Cellular'];
const OPEN = new Set(['Submitted', 'Pending Carrier Approval', 'Scheduled']);

function carrierOf(e164: string) {
  return CARRIERS[Number(e164.slice(-1)) % CARRIERS.length];
}

function rejection(o: Rec): string | null {
  const acct = String(o.details.CurrentAccountNumber ?? '');
  if (REJECT_ACCOUNT[acct]) return REJECT_ACCOUNT[acct];
  if (WIRELINE.test(o.PhoneNumbersOrdered[0].Number) && !o.details.PortInDate) return '9W-PORTIN_DATE_REQUIRED_FOR_WIRELINE';
  return null;
}

/**
 * Advance a port-in along the carrier clock (sandbox time = wall clock + offset): every status due by now is taken,
 * each at its own time. Time alone moves an order: reading it only evaluates the clock (no read is ever waited for).
 */
export function advancePort(sb: Sandbox, o: Rec): boolean {
  const now = sb.now();
  let moved = pickUpCorrection(sb, o, now);
  if (o.OrderType !== 'portin' || !OPEN.has(o.OrderStatus) || sb.drift.isDrift('portin-stuck')) return moved;
  for (let guard = 0; o.nextAt != null && o.nextAt <= now && OPEN.has(o.OrderStatus) && guard < 10; guard++) {
    carrierStep(sb, o, o.nextAt);
    moved = true;
  }
  return moved;
}

/**
 * benign portin-update-picked-up-later: a corrected order keeps reading Rejected (the old reason) until the carrier
 * picks the correction up, one approval step after the update; then it is back with the carrier
 */
function pickUpCorrection(sb: Sandbox, o: Rec, now: number): boolean {
  if (o._pickupAt == null || o._pickupAt > now) return false;
  const at = o._pickupAt;
  o._pickupAt = null;
  if (o.OrderStatus !== 'Rejected') return false;
  setStatus(sb, o, 'Pending Carrier Approval', null, at);
  o.nextAt = at + sb.carrierSteps().approvalMs;
  return true;
}

/** the carrier's next move for an order due at `at` */
function carrierStep(sb: Sandbox, o: Rec, at: number) {
  if (o.OrderStatus === 'Submitted') setStatus(sb, o, 'Pending Carrier Approval', null, at);
  else if (o.OrderStatus === 'Pending Carrier Approval') {
    const rej = rejection(o);
    if (rej) {
      setStatus(sb, o, 'Rejected', rej, at);
      o.nextAt = null;
      return;
    }
    if (sb.drift.isDrift('portin-skips-scheduled')) complete(sb, o, at);
    else setStatus(sb, o, 'Scheduled', null, at);
  } else if (o.OrderStatus === 'Scheduled') complete(sb, o, at);
  if (o.nextAt != null) o.nextAt = at + stepFor(sb.carrierSteps(), o.OrderStatus);
}

function complete(sb: Sandbox, o: Rec, at: number) {
  const e164 = o.PhoneNumbersOrdered[0].Number;
  const existing = sb.store.numberByE164(e164);
  if (existing && !existing._deleted && existing.Status !== 'Released') {
    setStatus(sb, o, 'Rejected', 'NUMBER_ALREADY_ACTIVE', at);
    o.nextAt = null;
    return;
  }
  // drift: the order completes but the number is never put on the account
  if (sb.drift.isDrift('portin-completed-number-missing')) {
    setStatus(sb, o, 'Completed', null, at);
    o.nextAt = null;
    return;
  }
  // drift portin-classification-ignored: the ported number lands with the other classification than the one ordered
  const rec = insertPortedNumber(sb, o, sb.drift.isDrift('portin-classification-ignored'));
  // drift: the ported number lands on the account still pending activation
  if (sb.drift.isDrift('portin-completed-number-inactive')) rec.Status = 'Pending';
  o.NumberId = rec._id;
  setStatus(sb, o, 'Completed', null, at);
  o.nextAt = null;
}

/** the ported number on the account, with the classification ordered (`swapClass`: the other one) */
function insertPortedNumber(sb: Sandbox, o: Rec, swapClass = false): Rec {
  const e164 = o.PhoneNumbersOrdered[0].Number;
  const id = newId(issuedPrefix(sb.drift, 'number'));
  const ordered = o.details.TargetPortinClassification === 'iot' ? 'iot' : 'mvno';
  const cls = swapClass ? (ordered === 'iot' ? 'mvno' : 'iot') : ordered;
  const rec = sb.store.insert(
    'numbers',
    id,
    o._dist,
    sb.numberRecord({
      id,
      e164,
      accountId: o._acct!,
      numberType: cls,
      iccid: o.details.ICCID ?? undefined,
      orderId: o._id,
      messageEnabled: true,
      voiceEnabled: cls === 'mvno',
      dataEnabled: true,
    }),
    o._acct,
  );
  rec.PortedIn = true;
  sb.store.byE164.set(e164, id);
  return rec;
}

/** drift portin-cancel-still-ports: the carrier ports the number of a cancelled order anyway */
function landPortedNumber(sb: Sandbox, o: Rec) {
  const existing = sb.store.numberByE164(o.PhoneNumbersOrdered[0].Number);
  if (existing && !existing._deleted && existing.Status !== 'Released') return;
  insertPortedNumber(sb, o);
}

/** every open port-in due by now moves (the sandbox's ticker and /_sandbox/clock/advance); true when one moved */
export function sweepOrders(sb: Sandbox): boolean {
  let moved = false;
  for (const o of sb.store.c.orders.values())
    if (o.OrderType === 'portin' && (OPEN.has(o.OrderStatus) || o._pickupAt != null) && advancePort(sb, o)) moved = true;
  for (const o of sb.store.c.orders.values())
    if (o.OrderType === 'portin' && o.OrderStatus === 'Cancelled' && o._ghostAt != null && o._ghostAt <= sb.now()) {
      o._ghostAt = null;
      landPortedNumber(sb, o);
      moved = true;
    }
  return moved;
}

function portOrder(sb: Sandbox, dist: string, id: unknown): Rec {
  const s = str(id);
  if (!s) throw bad('OrderId is required');
  const o = sb.store.get('orders', s, dist, 'Order');
  if (o.OrderType !== 'portin') throw notFound(`Port-in order ${s} not found`);
  advancePort(sb, o);
  return o;
}

/**
 * A 10-digit US number (NANP: area code and exchange 2-9) sent where E.164 is asked: benign eligibility-national-number
 * reads it as its +1 E.164 form (R-e164-request-form); drift eligibility-national-misread puts a bare "+" before it
 * (another country's number). Otherwise it is left as sent (and refused 400).
 */
function nanpLenient(sb: Sandbox, v: string | undefined): string | undefined {
  if (!v || !/^[2-9]\d{2}[2-9]\d{6}$/.test(v)) return v;
  if (sb.drift.isDrift('eligibility-national-number')) return `+1${v}`;
  return sb.drift.isDrift('eligibility-national-misread') ? `+${v}` : v;
}

export const portingHandlers: HandlerMap = {
  'POST /v1.0/numbers/portin/eligibility': ({ sb, body }) => {
    // drift eligibility-number-optional: no PhoneNumber answers a verdict (not eligible) instead of a 400
    if (!str(body.PhoneNumber) && fieldUnchecked((n) => sb.drift.isDrift(n), 'POST /v1.0/numbers/portin/eligibility', 'PhoneNumber'))
      return respond('POST /v1.0/numbers/portin/eligibility', {
        PhoneNumber: null,
        Eligible: false,
        CurrentCarrier: null,
        NumberType: null,
        Message: 'Number not found',
      });
    const e = nanpLenient(sb, str(body.PhoneNumber));
    if (!e || !isE164(e)) throw bad('PhoneNumber must be an E.164 phone number');
    const onTelegent = sb.store.numberByE164(e);
    let eligible = true;
    let message = 'Number is eligible for port-in';
    if (INELIGIBLE.test(e) && !sb.drift.isDrift('eligibility-always-true')) {
      eligible = false;
      message = 'Number is not eligible for port-in: the current carrier does not support porting for this number';
    } else if (onTelegent && onTelegent.Status !== 'Released' && !sb.drift.isDrift('eligibility-always-true')) {
      eligible = false;
      message = 'Number is already active on Telegent';
    }
    return respond('POST /v1.0/numbers/portin/eligibility', {
      PhoneNumber: e,
      Eligible: eligible,
      CurrentCarrier: onTelegent ? 'Telegent' : carrierOf(e),
      NumberType: WIRELINE.test(e) ? 'landline' : 'mobile',
      // drift eligibility-no-reason: a refusal answered without the reason
      Message: !eligible && sb.drift.isDrift('eligibility-no-reason') ? null : message,
    });
  },

  'POST /v1.0/numbers/portin': ({ sb, dist, body }) => {
    const e = str(body.PortInNumber);
    if (!e || !isE164(e)) throw bad('PortInNumber must be an E.164 phone number');
    for (const f of ['CurrentCarrierName', 'CurrentAccountNumber', 'CurrentAccountPassword']) if (!str(body[f])) throw bad(`${f} is required`);
    const ba = body.CurrentBillingAddress;
    if (!ba || typeof ba !== 'object') throw bad('CurrentBillingAddress is required');
    for (const f of ['Street1', 'City', 'State', 'Zip']) if (!str(ba[f])) throw bad(`CurrentBillingAddress.${f} is required`);
    if (INELIGIBLE.test(e) && !sb.drift.isDrift('eligibility-always-true')) throw bad(`Number ${e} is not eligible for port-in`);
    const live = sb.store.numberByE164(e);
    if (live && live.Status !== 'Released') throw bad(`Number ${e} is already active on Telegent`);
    for (const o of sb.store.c.orders.values()) {
      if (o.OrderType === 'portin' && o._dist === dist && o.PhoneNumbersOrdered[0]?.Number === e) {
        advancePort(sb, o);
        if (OPEN.has(o.OrderStatus) || o.OrderStatus === 'Rejected') throw bad(`An open port-in order (${o._id}) already exists for ${e}; update or cancel it`);
      }
    }
    const acct = sb.account(dist, body.AccountId);
    const { CurrentAccountPassword: _pw, ...details } = body;
    const o = createOrder(sb, dist, acct._id, 'portin', [e], 'Submitted', {
      details: { ...details, _passwordSet: true },
      nextAt: sb.now() + sb.carrierSteps().submittedMs,
    });
    // drift: the submission answers a status the carrier has not given yet (a stale status of an earlier order for the number)
    // benign: "Submitted" (the checklist's word) instead of "Pending" for a new order
    const atSubmit = sb.drift.isDrift('portin-completed-at-submit')
      ? 'Completed'
      : sb.drift.isDrift('portin-scheduled-at-submit')
        ? 'Scheduled'
        : sb.drift.isDrift('portin-cancelled-at-submit')
          ? 'Cancelled'
          : sb.drift.isDrift('portin-submitted-status')
            ? 'Submitted'
            : 'Pending';
    // drift: the answer names the number with its last digit changed (a parsing bug on the echo)
    const echoed = sb.drift.isDrift('portin-number-echo-wrong') ? `${e.slice(0, -1)}${(Number(e.slice(-1)) + 1) % 10}` : e;
    return respond('POST /v1.0/numbers/portin', {
      OrderId: o._id,
      OrderDate: isoOffset(o._created),
      Status: atSubmit,
      PhoneNumber: echoed,
      ICCID: body.ICCID ?? null,
    });
  },

  'POST /v1.0/numbers/portin/update': ({ sb, dist, body }) => {
    const o = portOrder(sb, dist, body.OrderId);
    if (o.OrderStatus === 'Cancelled' && !sb.drift.isDrift('portin-cancel-not-final'))
      throw bad(`Order ${o._id} is Cancelled: cancel is final — run eligibility and submit a new port-in`);
    if (o.OrderStatus === 'Completed') throw bad(`Order ${o._id} is already Completed`);
    if (body.PortInDate !== undefined && body.PortInDate !== null && body.PortInDate !== '') {
      if (!/^(\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2})$/.test(String(body.PortInDate))) throw bad('PortInDate must be MM/DD/YYYY (or YYYY-MM-DD)');
      // benign: a platform that takes only the OpenAPI's format ("Requested date for the port to complete (YYYY-MM-DD)")
      if (sb.drift.isDrift('portin-date-iso-only') && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.PortInDate))) throw bad('PortInDate must be YYYY-MM-DD');
    }
    const { OrderId: _id, CurrentAccountPassword: _pw, ...rest } = body;
    // drift portin-update-not-applied: answered Updated and resumed, but the correction never reaches the carrier's record
    if (!sb.drift.isDrift('portin-update-not-applied')) Object.assign(o.details, rest);
    if (o.OrderStatus === 'Rejected' && sb.drift.isDrift('portin-update-picked-up-later')) o._pickupAt = sb.now() + sb.carrierSteps().approvalMs;
    else if ((o.OrderStatus === 'Rejected' || o.OrderStatus === 'Cancelled') && !sb.drift.isDrift('portin-reject-not-resumed')) {
      setStatus(sb, o, 'Pending Carrier Approval');
      o.nextAt = sb.now() + sb.carrierSteps().approvalMs;
    }
    // drift: the update is applied but answered as failed
    if (sb.drift.isDrift('portin-update-reports-failure'))
      return respond('POST /v1.0/numbers/portin/update', { OrderId: o._id, Status: 'Failed', Message: 'Port-in order update could not be confirmed' });
    return respond('POST /v1.0/numbers/portin/update', { OrderId: updateEchoId(sb, o._id), Status: 'Updated', Message: 'Port-in order updated successfully' });
  },

  'POST /v1.0/numbers/portin/cancel': ({ sb, dist, body }) => {
    const o = portOrder(sb, dist, body.OrderId);
    if (o.OrderStatus === 'Cancelled') {
      // benign: a repeated cancel answered as the idempotent repeat it is (the order stays Cancelled)
      if (sb.drift.isDrift('portin-cancel-idempotent')) return respond('POST /v1.0/numbers/portin/cancel', { OrderId: o._id, Status: 'Cancelled' });
      // drift: the repeat is taken as a resubmission — the cancelled order is back with the carrier
      if (sb.drift.isDrift('portin-cancel-repeat-resubmits')) {
        setStatus(sb, o, 'Pending Carrier Approval');
        return respond('POST /v1.0/numbers/portin/cancel', { OrderId: o._id, Status: 'Pending Carrier Approval' });
      }
      throw bad(`Order ${o._id} is already Cancelled (cancel is final)`);
    }
    if (o.OrderStatus === 'Completed') throw bad(`Order ${o._id} is already Completed and cannot be cancelled`);
    // drift: the cancel is recorded but never reaches the losing carrier: the port still completes on its schedule
    if (sb.drift.isDrift('portin-cancel-still-ports')) {
      const st = sb.carrierSteps();
      o._ghostAt = (o.nextAt ?? sb.now()) + st.approvalMs + st.scheduledMs;
    }
    setStatus(sb, o, 'Cancelled', 'Cancelled by request');
    o.nextAt = null;
    return respond('POST /v1.0/numbers/portin/cancel', { OrderId: o._id, Status: 'Cancelled' });
  },

  'POST /v1.0/numbers/portout': ({ sb, dist, body }) => {
    const n = numberOf(sb, dist, body.PortOutNumber, 'PortOutNumber');
    const pin = String(body.PortOutPIN ?? '');
    if (!/^\d{4,10}$/.test(pin)) throw bad('PortOutPIN must be 4-10 digits');
    if (n.Status !== 'Active' && n.Status !== 'Parked') throw bad(`Number ${n.Number} is ${n.Status} and cannot be ported out`);
    n.PortOutPin = sb.drift.isDrift('portout-pin-truncated') ? pin.slice(0, 4) : pin; // secret: never logged, never echoed (inventory shows ****)
    const o = createOrder(sb, dist, n._acct!, 'portout', [n.Number], 'Pending', { NumberId: n._id, OrderStatusMessage: 'Waiting for the gaining carrier' });
    o.OrderStatusMessage = 'Waiting for the gaining carrier';
    if (sb.drift.isDrift('portout-no-order')) o._deleted = true;
    // drift: issuing the PIN suspends the line (seed 003 §8.3: service must go on until the port-out completes)
    if (sb.drift.isDrift('portout-suspends-number')) n.Status = 'Parked';
    // drift: the port-out order is created but answered Failed
    const out: any = respond('POST /v1.0/numbers/portout', {
      OrderId: o._id,
      OrderDate: isoOffset(o._created),
      Status: sb.drift.isDrift('portout-reports-failure') ? 'Failed' : 'Pending',
      PhoneNumber: n.Number,
    });
    if (sb.drift.isDrift('portout-pin-echoed')) out.PortOutPIN = pin;
    return out;
  },

  'GET /v1.0/numbers/order': ({ sb, dist, query }) => {
    const id = str(query.OrderId ?? query.orderId ?? query.orderid);
    if (!id) throw bad('OrderId is required');
    const o = sb.store.get('orders', id, dist, 'Order');
    advancePort(sb, o);
    return respond('GET /v1.0/numbers/order', {
      OrderDate: orderDate(o._created),
      OrderId: o._id,
      OrderStatus: shownOrderStatus(sb, o),
      OrderStatusMessage: o.OrderStatusMessage ?? null,
      OrderType: o.OrderType,
      PhoneNumbersOrdered: o.PhoneNumbersOrdered,
    });
  },
};

/** the status an order read shows (drift modes change what is shown, not the order) */
function shownOrderStatus(sb: Sandbox, o: Rec): string {
  const d = (n: string) => sb.drift.isDrift(n);
  // drift: provisioning orders are read back from the fulfilment queue as Pending (or Failed) after answering Complete
  if (o.OrderType === 'provision' && d('provision-order-regresses')) return 'Pending';
  if (o.OrderType === 'provision' && d('provision-order-failed-read')) return 'Failed';
  if (provisioningOpen(sb, o._id) || updateOpen(sb, o._id) || statusOrderOpen(sb, o._id)) return 'Pending'; // benign: answered before it completed
  if (o.OrderType !== 'portin') return o.OrderStatus;
  // drift: a cancelled order is read once more as awaiting the carrier (the cancel reached the carrier late)
  if (d('portin-cancel-reverts') && o.OrderStatus === 'Cancelled' && !o._revertShown) {
    o._revertShown = true;
    return 'Pending Carrier Approval';
  }
  // drift: once Scheduled has been read, one later read shows the order back in carrier approval
  if (d('portin-regresses-after-schedule')) {
    if (o._scheduleRead && !o._regressShown && ['Scheduled', 'Completed'].includes(o.OrderStatus)) {
      o._regressShown = true;
      return 'Pending Carrier Approval';
    }
    if (o.OrderStatus === 'Scheduled') o._scheduleRead = true;
  }
  // benign (ruling R-portin-status-spelling): the vendor's own spellings — a carrier rejection read as "Error" with
  // its reason (the GET /v1.0/numbers/order examples), a completed port-in read as "Complete"
  if (d('portin-rejection-as-error') && o.OrderStatus === 'Rejected') return 'Error';
  if (d('portin-complete-spelling') && o.OrderStatus === 'Completed') return 'Complete';
  // benign portin-pending-spelling: the first status read as the submit answer's word (vendor: "initial status of Pending")
  if (d('portin-pending-spelling') && o.OrderStatus === 'Submitted') return 'Pending';
  return o.OrderStatus;
}

/** gaining-carrier simulation (/_sandbox/portout/request): the PIN decides */
export function gainingCarrierRequest(sb: Sandbox, e164: string, pin: string): { ok: boolean; orderId?: string; message: string } {
  const n = sb.store.numberByE164(e164);
  if (!n) return { ok: false, message: 'number not found on Telegent' };
  const o = [...sb.store.c.orders.values()]
    .reverse()
    .find((x) => x.OrderType === 'portout' && x.PhoneNumbersOrdered[0]?.Number === e164 && x.OrderStatus === 'Pending');
  if (!o) return { ok: false, message: 'no pending port-out order for this number' };
  // drift: the PIN is never compared (any PIN ports the number out)
  if (!sb.drift.isDrift('portout-any-pin-accepted') && (!n.PortOutPin || n.PortOutPin !== pin)) {
    o.OrderStatusMessage = 'PIN mismatch reported by the gaining carrier';
    return { ok: false, orderId: o._id, message: 'PIN mismatch' };
  }
  setStatus(sb, o, 'Completed', null);
  // the number leaves the account: released (not listed, not readable), like a cancelled number after its 30 days
  n.Status = 'Released';
  n.Released = true;
  sb.store.byE164.delete(e164);
  return { ok: true, orderId: o._id, message: 'port-out completed' };
}

/**
 * The OrderId a portin/update answer names: the order updated; none (benign portin-update-confirmation-only: the
 * operation "returns confirmation", R-response-required makes OrderId optional there, R-portin-update-echo); another
 * order (drift portin-update-wrong-order).
 */
function updateEchoId(sb: Sandbox, id: string): string | undefined {
  if (sb.drift.isDrift('portin-update-confirmation-only')) return undefined;
  if (sb.drift.isDrift('portin-update-wrong-order')) return id.replace(/[0-9a-f](?=[^0-9a-f]*$)/, (c) => (c === '0' ? '1' : '0'));
  return id;
}
