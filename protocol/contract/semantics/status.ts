/**
 * Family 2 — status semantics (`status.failure`, `status.vocabulary`). A response can be HTTP 200 and still say
 * that what was asked did not happen: an order whose `OrderStatus` is Failed, a provisioning answer with an
 * `ErrorMessage`, a message / delivery report whose status is Undelivered, a data-usage or reactivation `Status`
 * of Failed, `Successful: false`. Such a value fails the item unless the step said it expects that outcome
 * (`expectOutcome`). A value outside the vocabulary the vendor shows is a warning (the vocabulary is provisional).
 * A port-in order read with OrderStatus "Error" and a carrier reason (OrderStatusMessage) is the vendor's form of a
 * carrier rejection: it is judged as Rejected would be — allowed where the step expects a rejection, a failure
 * elsewhere (ruling R-portin-status-spelling, `portInChecklistStatus`).
 * Basis: seed 003 §8 (order statuses, ErrorMessage on provisioning), §9 (message status), §11 (a 200 is a success),
 * vendor OpenAPI 200 examples (the values shown).
 */
import type { Finding } from '../types';
import { isObj, show, type Obj } from './normalise';
import { objectsIn } from './readback';

export const STATUS_BASIS = 'seed 003 §8/§9/§11 (a 200 reports the outcome in its status fields) + vendor OpenAPI 200 examples';

/** fields whose value is an outcome */
const STATUS_KEYS = /^(status|orderstatus|updateorderstatus|messagestatus|deliverystatus|portstatus)$/i;
/** fields that carry an error when set */
const ERROR_KEYS = /^(errormessage|errorcode|error)$/i;
/** an error field that reports none: empty, or a zero code ("0", "000" — R-webhook-dlr: the usual no-error code) */
const noError = (v: unknown): boolean => v === null || v === undefined || v === '' || v === 0 || (typeof v === 'string' && /^\s*0+\s*$/.test(v));
/** fields whose false means "did not succeed" */
const SUCCESS_KEYS = /^(successful|success|succeeded)$/i;
/** values that report a failure */
export const FAILURE_VALUE =
  /^(fail(ed|ure)?|error(ed)?|unsuccessful|undeliver(ed|able)|not[ _-]?delivered|declined|denied|rejected|invalid|expired|aborted)$/i;
/** every status value the vendor's documents and examples show (provisional: an unknown one is a warning) */
export const STATUS_VOCABULARY = new Set(
  [
    'Complete',
    'Completed',
    'Pending',
    'Submitted',
    'Pending Carrier Approval',
    'Scheduled',
    'Rejected',
    'Cancelled',
    'Canceled',
    'Updated',
    'Success',
    'Successful',
    'Active',
    'Inactive',
    'Parked',
    'Suspended',
    'Released',
    'Queued',
    'Sent',
    'Delivered',
    'Undelivered',
    'Received',
    'Failed',
    'Throttled',
    'Limited',
    'Blocked',
    'In Progress',
    'Processing',
    'Accepted',
    'Ported',
    'Ported Out',
    'Deactivated',
    'Disconnected',
    'Expired',
    'Deleted',
    'Error',
  ].map((s) => s.toLowerCase()),
);

export const PORTIN_SPELLING_RULING = 'R-portin-status-spelling';

/**
 * The checklist's word (seed 001 item 8e) for a port-in status the platform spells another documented way (ruling
 * R-portin-status-spelling): "Error" with a carrier reason is a carrier rejection (Rejected); "Complete" is
 * Completed; "Pending" (the vendor's "initial status") is Submitted. Any other status — "Error" without a reason
 * among them — is returned as it is.
 */
export function portInChecklistStatus(status: string, message?: unknown): string {
  const s = status.trim();
  if (/^complete$/i.test(s)) return 'Completed';
  if (/^error$/i.test(s) && typeof message === 'string' && message.trim() !== '') return 'Rejected';
  // the vendor's own word for a port-in's first state: "returns an OrderId with an initial status of Pending"
  if (/^pending$/i.test(s)) return 'Submitted';
  return status;
}

/** the value an outcome field is judged as: a port-in order's carrier rejection read as "Error" is judged as Rejected */
function judgedAs(o: Obj, key: string, v: string): string {
  if (!/^orderstatus$/i.test(key) || !/^portin$/i.test(String(o.OrderType ?? ''))) return v;
  return /^error$/i.test(v.trim()) ? portInChecklistStatus(v, o.OrderStatusMessage) : v;
}

export interface Allowance {
  /** value pattern the step expects (e.g. /^Rejected$/ while a port-in is meant to be rejected) */
  value: RegExp;
  why: string;
}

function allowed(v: string, allow: Allowance[]): boolean {
  return allow.some((a) => a.value.test(v));
}

/** Named check: the outcome fields of one object. */
export function statusFailure(o: Obj, where: string, pointer = '', allow: Allowance[] = []): Finding[] {
  const out: Finding[] = [];
  const f = (key: string, value: unknown, expected: string, why: string, severity: 'error' | 'warning' = 'error', basis = STATUS_BASIS): Finding => ({
    check: severity === 'error' ? 'status.failure' : 'status.vocabulary',
    severity,
    op: where,
    pointer: `${pointer}/${key}`,
    expected,
    actual: show(value),
    message: `status: ${where} ${key} = ${show(value)} ${why}`,
    basis,
  });
  for (const [k, v] of Object.entries(o)) {
    if (STATUS_KEYS.test(k) && typeof v === 'string' && v) {
      if (FAILURE_VALUE.test(v.trim()) && !allowed(v, allow) && !allowed(judgedAs(o, k, v), allow))
        out.push(f(k, v, 'a status reporting success or progress', 'reports a failure under HTTP 200'));
      else if (!STATUS_VOCABULARY.has(v.trim().toLowerCase()) && !allowed(v, allow))
        out.push(
          f(
            k,
            v,
            'a status the vendor shows',
            'is not in the vocabulary the vendor shows',
            'warning',
            'inferred: the vendor lists no status enum; vocabulary from its examples',
          ),
        );
    }
    if (ERROR_KEYS.test(k) && !noError(v) && !(typeof v === 'string' && allowed(v, allow)))
      out.push(f(k, v, 'null or empty', 'reports an error under HTTP 200'));
    if (SUCCESS_KEYS.test(k) && (v === false || (typeof v === 'string' && /^false$/i.test(v))) && !allowed(String(v), allow))
      out.push(f(k, v, 'true', 'reports that the operation did not succeed'));
  }
  return out;
}

/** Named check over a whole body: every object in it. */
export function statusFailures(body: unknown, where: string, allow: Allowance[] = []): Finding[] {
  if (!isObj(body) && !Array.isArray(body)) return [];
  const out: Finding[] = [];
  for (const { obj, pointer } of objectsIn(body)) out.push(...statusFailure(obj, where, pointer, allow));
  return out;
}
