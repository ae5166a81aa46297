/**
 * Family 4 — cross-channel consistency (`crosschannel.mismatch`). The API and what arrives by webhook, SIP or CDR
 * must agree about the same event:
 *   - a message: what was sent (message/outbound), its details (message/details), its delivery report (the
 *     route's CallbackMessageUrl) and the inbound receipt at the other number (its MessageUrl);
 *   - a port-in: an order reported Completed and the number then readable as an active number of the account;
 *   - a call / SMS: the CDR and what the SIP dialog or the API showed (numbers, direction, answered, duration).
 * Basis: seed 001 items 10–12, 8e, 18; field names shared with the documented message/details response (vendor
 * OpenAPI); the Phase 2 inbound payload (From, To, Owner, Message_Body).
 */
import type { Finding } from '../types';
import { isObj, sameScalar, sameSpelling, show, type Obj } from './normalise';
import { FAILURE_VALUE } from './status';

export const CROSS_BASIS =
  'seed 001 items 10–12 (one message: API, delivery report and inbound receipt) + vendor OpenAPI message/details fields + Phase 2 inbound payload';
export const PORT_BASIS = 'seed 001 item 8e + seed 003 §8.2 (a completed port-in puts the number on the account, active)';
export const CDR_BASIS = 'seed 001 item 18 (CDRs reconcile with the traffic: numbers, direction, times) + the SIP dialog the suite took part in';

function mismatch(id: string, a: string, fa: string, va: unknown, b: string, fb: string, vb: unknown, basis = CROSS_BASIS): Finding {
  return {
    check: 'crosschannel.mismatch',
    severity: 'error',
    pointer: `/${fb}`,
    expected: `${a} ${fa} = ${show(va)}`,
    actual: show(vb),
    message: `cross-channel: ${b} ${fb} = ${show(vb)} contradicts ${a} ${fa} = ${show(va)} for ${id}`,
    basis,
  };
}

/** What the suite has seen of one message, channel by channel. */
export interface MessageChannels {
  id: string;
  /** the message/outbound request + response (From, To[], Body, MessageType) */
  sent?: Obj;
  /** the message/details response */
  details?: Obj;
  /** the delivery report body */
  dlr?: Obj;
  /** the inbound webhook body at the receiving number */
  inbound?: Obj;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v.map((x) => (isObj(x) ? x.Number : x)) : v === undefined || v === null ? [] : [v]);
const finalStatus = (s: unknown) => typeof s === 'string' && /^(delivered|undelivered|failed|rejected|received|undeliverable)$/i.test(s.trim());
const failed = (s: unknown) => typeof s === 'string' && FAILURE_VALUE.test(s.trim());

function sameField(out: Finding[], id: string, a: string, oa: Obj | undefined, fa: string, b: string, ob: Obj | undefined, fb = fa): void {
  if (!oa || !ob) return;
  const va = oa[fa];
  const vb = ob[fb];
  if (va === undefined || va === null || vb === undefined || vb === null) return;
  const as = list(va);
  const bs = list(vb);
  if (!bs.every((x) => as.some((y) => sameScalar(y, x)))) out.push(mismatch(id, a, fa, va, b, fb, vb));
}

/** Named check: every pair of channels that saw the message agrees on it. */
export function messageChannels(m: MessageChannels): Finding[] {
  const out: Finding[] = [];
  const { sent, details, dlr, inbound, id } = m;
  for (const f of ['From', 'To', 'MessageType']) {
    sameField(out, id, 'message/outbound', sent, f, 'delivery report', dlr);
    sameField(out, id, 'message/details', details, f, 'delivery report', dlr);
  }
  if (details && dlr && finalStatus(details.Status) && finalStatus(dlr.Status) && failed(details.Status) !== failed(dlr.Status))
    out.push(mismatch(id, 'message/details', 'Status', details.Status, 'delivery report', 'Status', dlr.Status));
  if (inbound) {
    sameField(out, id, 'message/outbound', sent, 'From', 'inbound receipt', inbound);
    sameField(out, id, 'message/outbound', sent, 'To', 'inbound receipt', inbound);
    sameField(out, id, 'inbound receipt', inbound, 'To', 'inbound receipt', inbound, 'Owner');
    sameField(out, id, 'message/outbound', sent, 'Body', 'inbound receipt', inbound, 'Message_Body');
    if (dlr && failed(dlr.Status)) out.push(mismatch(id, 'delivery report', 'Status', dlr.Status, 'inbound receipt', 'Message_ID', inbound.Message_ID));
    if (sent && typeof sent.MessageType === 'string') {
      const mms = /mms/i.test(sent.MessageType);
      if (mms !== (inbound.MMS_Media_URL !== undefined && inbound.MMS_Media_URL !== null))
        out.push(mismatch(id, 'message/outbound', 'MessageType', sent.MessageType, 'inbound receipt', 'MMS_Media_URL', inbound.MMS_Media_URL ?? 'absent'));
    }
  }
  return out;
}

export const PORT_CLASSIFICATION_BASIS =
  'vendor OpenAPI numbers/portin TargetPortinClassification + seed 003 §8.2 (a number is ported into your classification); spellings: ruling R-number-type';

/**
 * Named check: a port-in reported Completed and what the number reads as afterwards. `details` is the
 * GET /v1.0/numbers answer (status + body), `listed` whether the account's inventory lists the number, `target` the
 * TargetPortinClassification ordered: the number's NumberType / Classification must name it, in any documented spelling
 * (R-number-type: mobile / Mobile / MVNO are an mvno line).
 */
export function portCompletion(
  orderId: string,
  number: string,
  details: { status: number; body: unknown },
  listed: boolean | undefined,
  target?: string,
): Finding[] {
  const out: Finding[] = [];
  const f = (field: string, exp: string, act: unknown, why: string): Finding => ({
    check: 'crosschannel.mismatch',
    severity: 'error',
    pointer: `/${field}`,
    expected: exp,
    actual: show(act),
    message: `cross-channel: port-in ${orderId} reads Completed but ${why}`,
    basis: PORT_BASIS,
  });
  if (details.status !== 200)
    return [f('Number', 'HTTP 200 from GET /v1.0/numbers', details.status, `GET /v1.0/numbers for ${number} answers HTTP ${details.status}`)];
  const b = isObj(details.body) ? details.body : {};
  if (!sameScalar(number, b.Number)) out.push(f('Number', number, b.Number, `GET /v1.0/numbers answers Number ${show(b.Number)} for ${number}`));
  if (typeof b.Status === 'string' && !/^activ/i.test(b.Status))
    out.push(f('Status', 'Active', b.Status, `the number ${number} reads Status ${show(b.Status)}`));
  if (listed === false) out.push(f('PhoneNumbers', `${number} listed`, 'absent', `GET /v1.0/numbers/inventory does not list ${number}`));
  for (const field of target ? ['NumberType', 'Classification'] : []) {
    const v = b[field];
    if (typeof v !== 'string' || !v.trim() || sameScalar(target, v) || sameSpelling(field, target, v)) continue;
    const why = `the number ${number} reads ${field} ${show(v)}, not the TargetPortinClassification ordered (${show(target)})`;
    out.push({ ...f(field, `${target} (TargetPortinClassification)`, v, why), basis: PORT_CLASSIFICATION_BASIS });
  }
  return out;
}

/** CDR fields that another channel also saw (the SIP dialog, the API): a difference on them is cross-channel. */
const CDR_CROSS_FIELDS = new Set(['from', 'to', 'direction', 'disposition', 'answerTime', 'durationSeconds', 'segments', 'type', 'messageId', 'callId']);

/** Named check: the CDR reconciliation's mismatches on fields the SIP dialog / API also reported. */
export function cdrChannels(
  findings: Array<{ check: string; severity: string; pointer?: string; expected?: string; actual?: string; message: string; kind?: string }>,
): Finding[] {
  return findings
    .filter((f) => f.check === 'cdr.reconcile.mismatch' && f.severity === 'error' && CDR_CROSS_FIELDS.has(String(f.pointer ?? '').replace(/^\//, '')))
    .map((f) => ({
      check: 'crosschannel.mismatch',
      severity: 'error' as const,
      pointer: f.pointer ?? '',
      expected: `${f.kind === 'voice' ? 'the SIP dialog' : 'the API / webhook'}: ${f.expected ?? ''}`,
      actual: f.actual ?? '',
      message: `cross-channel: ${f.kind ?? ''} CDR vs ${f.kind === 'voice' ? 'SIP dialog' : 'API'}: ${f.message}`,
      basis: CDR_BASIS,
    }));
}
