/**
 * The general mechanism that applies the four families to everything a run meets: fed every API call record
 * (the client's `onCall`) and every webhook the steps receive, it remembers what each write sent (keyed by the
 * minted ID, numbers by their E.164), every order's and number's states, and every channel's view of a message,
 * and returns the findings each new observation raises. One per worker (helpers/fixtures); no spec names a defect.
 * A sweep tool can feed it recorded evidence the same way (`observe` takes the call record's shape).
 */
import type { Finding } from '../types';
import { isObj, type Obj } from './normalise';
import { objectsIn, ownIdentity, readbackMismatch, writtenResources, numberIdentity } from './readback';
import { portInChecklistStatus, statusFailures, type Allowance } from './status';
import { lifecycleOrder, numberLifecycle, type Observation, type OrderKind } from './lifecycle';
import { messageChannels, type MessageChannels } from './crosschannel';

export interface ObservedCall {
  op: string;
  status: number;
  startedAt?: string;
  /** the body is what a reconciliation probe found later (not the operation's own answer) */
  reconciled?: boolean;
  request?: { body?: unknown; query?: Record<string, unknown> };
  response?: { body?: unknown };
}

/** what the observer knows of a number: its last status read, and the status change asked of it since */
export interface NumberState {
  status?: string;
  asked?: { change: string; op: string } | 'other';
}

/** where the observer keeps number states: in memory by default; the suite keeps them in the run's ledger, so a
 *  worker started after a failed test still knows a number's status (else a change nobody asked for goes unseen) */
export interface NumberStateStore {
  get(id: string): NumberState | undefined;
  set(id: string, state: NumberState): void;
  /** the observation's states are all set (an inventory read sets hundreds: a store that writes does so once) */
  commit?(): void;
}

export interface ObserverOptions {
  /** earlier statuses of an order (the ledger's portStatuses of a resumed run) */
  orderHistory?: (orderId: string) => Array<{ status: string; at: string }>;
  numberStates?: NumberStateStore;
}

/** ops whose objects carry a number's lifecycle Status (other Status fields — data usage, device — mean other things) */
const NUMBER_STATE_OPS = new Set(['GET /v1.0/numbers', 'GET /v1.0/numbers/inventory']);

export class SemanticObserver {
  private readonly written = new Map<string, { op: string; fields: Obj; identity: string }>();
  private readonly orders = new Map<string, { kind: OrderKind; last?: Observation; updated?: boolean }>();
  private readonly numbers: NumberStateStore;
  private readonly messages = new Map<string, MessageChannels>();
  private allow: Allowance[] = [];
  constructor(private readonly opts: ObserverOptions = {}) {
    this.numbers = opts.numberStates ?? new Map<string, NumberState>();
  }

  /** a new test: its expected outcomes start empty */
  beginTest(): void {
    this.allow = [];
  }
  /** the current step expects an outcome that reads as a failure (e.g. a port-in rejected on purpose) */
  expectOutcome(value: RegExp, why: string): void {
    this.allow.push({ value, why });
  }

  observe(rec: ObservedCall): Finding[] {
    if (rec.status !== 200) return [];
    const body = rec.response?.body;
    const at = rec.startedAt ? Date.parse(rec.startedAt) : Date.now();
    const out: Finding[] = [...statusFailures(body, rec.op, this.allow)];
    out.push(...this.lifecycle(rec, body, at));
    out.push(...this.readback(rec, body));
    out.push(...this.channels(rec, body));
    return dedupe(out).map((f) => ({ ...f, op: f.op ?? rec.op }));
  }

  /** a webhook the steps received: 'dlr' or 'inbound' (keyed by the outbound MessageId it belongs to) */
  event(kind: 'dlr' | 'inbound', messageId: string, body: unknown): Finding[] {
    if (!isObj(body)) return [];
    const m = this.message(messageId);
    m[kind] = body;
    const out = kind === 'dlr' ? statusFailures(body, 'delivery report', this.allow) : [];
    return dedupe([...out, ...messageChannels(m)]);
  }

  private message(id: string): MessageChannels {
    let m = this.messages.get(id);
    if (!m) this.messages.set(id, (m = { id }));
    return m;
  }

  private readback(rec: ObservedCall, body: unknown): Finding[] {
    const out: Finding[] = [];
    const writes = writtenResources(rec.op, rec.request?.body, body);
    // the write's own answer first (create / update echo), then remember what it wrote
    for (const w of writes) if (isObj(body)) out.push(...readbackMismatch({ ...w, op: rec.op }, body, rec.op));
    for (const w of writes) {
      const had = this.written.get(w.identity);
      this.written.set(w.identity, { identity: w.identity, op: rec.op, fields: { ...(had?.fields ?? {}), ...w.fields } });
    }
    for (const { obj, pointer } of objectsIn(body)) {
      const id = ownIdentity(obj);
      const w = id ? this.written.get(id) : undefined;
      if (w && !(pointer === '' && writes.length)) out.push(...readbackMismatch(w, obj, rec.op, pointer));
    }
    return out;
  }

  private lifecycle(rec: ObservedCall, body: unknown, at: number): Finding[] {
    if (!isObj(body) && !Array.isArray(body)) return [];
    const out: Finding[] = [];
    const req = isObj(rec.request?.body) ? (rec.request!.body as Obj) : {};
    const b = isObj(body) ? body : {};
    const op = rec.op;
    if (op === 'POST /v1.0/numbers/portin/update' && typeof req.OrderId === 'string') this.order(req.OrderId, 'portin').updated = true;
    const see = (id: unknown, kind: OrderKind, status: unknown, submission = false) => {
      if (typeof id !== 'string' || typeof status !== 'string' || !status) return;
      // a body found by reconciliation was read later: it is not the submission's own answer
      const atSubmission = submission && !rec.reconciled;
      const o = this.order(id, kind);
      // a port-in judged in the checklist's words: "Error" with a carrier reason is a rejection (R-portin-status-spelling)
      const judged = o.kind === 'portin' ? portInChecklistStatus(status, typeof b.OrderStatusMessage === 'string' ? b.OrderStatusMessage : undefined) : status;
      const next: Observation = { status: judged, ...(judged !== status ? { read: status } : {}), at, atSubmission, updatedBefore: o.updated };
      out.push(...lifecycleOrder(o.kind, id, o.last, next));
      o.last = next;
      // an update is pending until the order leaves Rejected: the carrier may pick the correction up polls later
      if (!/^rejected$/i.test(judged)) o.updated = false;
    };
    if (op === 'POST /v1.0/numbers/portin') see(b.OrderId, 'portin', b.Status ?? b.OrderStatus, true);
    else if (op === 'POST /v1.0/numbers/portin/cancel') see(b.OrderId ?? req.OrderId, 'portin', b.Status);
    else if (op === 'GET /v1.0/numbers/order') see(b.OrderId, /portin/i.test(String(b.OrderType)) ? 'portin' : 'order', b.OrderStatus);
    else if (op === 'POST /v1.0/numbers/update') see(b.UpdateOrderId, 'order', b.UpdateOrderStatus, true);
    else if (typeof b.OrderStatus === 'string' && op.startsWith('POST ')) see(b.OrderId, 'order', b.OrderStatus, true);
    out.push(...this.numberStates(rec, req, body));
    return out;
  }

  private order(id: string, kind: OrderKind) {
    let o = this.orders.get(id);
    if (!o) {
      const h = this.opts.orderHistory?.(id) ?? [];
      const last = h[h.length - 1];
      this.orders.set(id, (o = { kind, last: last ? { status: last.status, at: Date.parse(last.at) } : undefined }));
    }
    if (kind === 'portin') o.kind = 'portin';
    return o;
  }

  private numberStates(rec: ObservedCall, req: Obj, body: unknown): Finding[] {
    const op = rec.op;
    const numbersOf = (): unknown[] =>
      Array.isArray(req.PhoneNumbers) ? req.PhoneNumbers.map((p) => (isObj(p) ? p.Number : p)) : [req.Number ?? req.PhoneNumber ?? req.PortOutNumber];
    if (op === 'POST /v1.0/numbers/status' || op === 'POST /v1.0/numbers/reactivate' || op === 'POST /v1.0/numbers/portout') {
      const asked = op.endsWith('/status')
        ? { change: String(req.StatusChange), op }
        : op.endsWith('reactivate')
          ? { change: 'reactivate', op }
          : ('other' as const);
      for (const n of numbersOf()) {
        const id = numberIdentity(n);
        if (id) this.numbers.set(id, { ...(this.numbers.get(id) ?? {}), asked });
      }
      this.numbers.commit?.();
      return [];
    }
    if (!NUMBER_STATE_OPS.has(op)) return [];
    const out: Finding[] = [];
    for (const { obj } of objectsIn(body)) {
      const id = ownIdentity(obj);
      if (!id?.startsWith('number:') || typeof obj.Status !== 'string') continue;
      const n = this.numbers.get(id) ?? {};
      out.push(...numberLifecycle(String(obj.Number ?? id.slice(7)), n.status, obj.Status, n.asked));
      // a change asked but not made yet (read in the state it was asked from: an order or reactivation under way,
      // R-order-completion) stays asked until the number moves
      const unmoved = n.asked !== undefined && n.status !== undefined && n.status.trim().toLowerCase() === obj.Status.trim().toLowerCase();
      this.numbers.set(id, { status: obj.Status, asked: unmoved ? n.asked : undefined });
    }
    this.numbers.commit?.();
    return out;
  }

  private channels(rec: ObservedCall, body: unknown): Finding[] {
    if (!isObj(body)) return [];
    if (rec.op === 'POST /v1.0/message/outbound' && typeof body.MessageId === 'string') {
      const m = this.message(body.MessageId);
      m.sent = { ...(isObj(rec.request?.body) ? (rec.request!.body as Obj) : {}), ...body };
      return messageChannels(m);
    }
    if (rec.op === 'GET /v1.0/message/details' && typeof body.MessageId === 'string') {
      const m = this.message(body.MessageId);
      m.details = body;
      return messageChannels(m);
    }
    return [];
  }
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.check}|${f.pointer}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
