/**
 * Vendor retry policy and token-expiry parsing (pure functions, unit-tested in selftest/client).
 *
 * Seed 003 §11: back off exponentially on 408, 429, 500, 503, 504 — start at 1 s, double on each
 * retry, cap at 30 s; honour `Retry-After`; never retry 400, 401, 403 or 404 automatically.
 * 502 (a gateway's own answer: the platform behind it may or may not have processed the request) is treated like 503
 * (ruling R-retry-502): retried for idempotent calls, ambiguous for billable / non-idempotent ones.
 */
import type { OperationInfo } from '../../protocol/contract';
import { formatVendorDateTime, zonedToEpoch } from '../../protocol/dates';
import { parseDateField } from './http-date';

export interface RetryPolicy {
  /** first backoff delay (vendor: 1000 ms) */
  baseMs: number;
  /** backoff cap (vendor: 30000 ms) */
  capMs: number;
  /** total attempts including the first (the vendor does not say; suite default 5 → waits 1+2+4+8 s) */
  maxAttempts: number;
  /** a `Retry-After` longer than this is not waited for: the response is returned as is (default 300 s) */
  retryAfterMaxMs?: number;
}

export const VENDOR_RETRY: Readonly<Required<RetryPolicy>> = Object.freeze({ baseMs: 1000, capMs: 30_000, maxAttempts: 5, retryAfterMaxMs: 300_000 });

/** Statuses the vendor says to retry with backoff (seed 003 §11), and 502 like 503 (R-retry-502). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses that mean "the request was not processed" → safe to resend even for billable operations. */
export const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([408, 429]);
/** Statuses whose outcome is unknown for a non-idempotent operation (it may have taken effect). */
export const AMBIGUOUS_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** Backoff before retry number `n` (1 = first retry): base · 2^(n−1), capped. */
export function backoffMs(n: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, n - 1));
}

/**
 * `Retry-After` in ms: delay-seconds (decimals tolerated) or an HTTP date; undefined when absent/unparsable. An HTTP date
 * is a time on the platform's clock: measured from the same answer's `Date` (`dateHeader`) when it has a readable one,
 * so a platform clock running minutes off ours neither stretches the wait past the policy's limit nor cuts it to nothing
 * (ruling R-retry-after-date); without one, from our clock.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs = Date.now(), dateHeader?: string | string[]): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(parseFloat(t) * 1000);
  const at = parseDateField(t, nowMs);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - answerClockMs(dateHeader, nowMs));
}

/** The answer's own time (its `Date` header), else `nowMs`: what an HTTP-date `Retry-After` is measured from. */
function answerClockMs(dateHeader: string | string[] | undefined, nowMs: number): number {
  const d = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
  const at = d ? parseDateField(d, nowMs) : NaN;
  return Number.isNaN(at) ? nowMs : at;
}

/**
 * Vendor `tokenExpiry` → epoch ms. Vendor format `MM/DD/YYYY hh:mm:ss AM/PM` (e.g. `05/02/2026 06:36:13 PM`), read in
 * the platform's zone (`timeZone`, CERT_PLATFORM_TZ; ruling R-token-expiry-tz: the vendor's timestamps are Mountain
 * time). ISO-8601 strings are accepted too (an ISO string without an offset is UTC). Undefined when unparsable.
 */
export function parseTokenExpiry(value: unknown, timeZone = 'UTC'): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e12 ? value : value * 1000;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$/.exec(value);
  if (m) {
    const [, mo, d, y, hh, mi, ss, ampm] = m;
    let h = Number(hh);
    if (ampm) {
      const pm = ampm.toUpperCase() === 'PM';
      if (h === 12) h = pm ? 12 : 0;
      else if (pm) h += 12;
    }
    if (Number(mo) < 1 || Number(mo) > 12 || h > 23) return undefined;
    return zonedToEpoch({ y: Number(y), mo: Number(mo), d: Number(d), h, mi: Number(mi), s: Number(ss ?? 0) }, timeZone);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Format epoch ms as the vendor's `MM/DD/YYYY hh:mm:ss AM/PM` in `timeZone` (default UTC) — used by fakes and tests. */
export function formatTokenExpiry(ms: number, timeZone = 'UTC'): string {
  return formatVendorDateTime(ms, timeZone);
}

/**
 * Built-in fallback list of POST operations that are billable or create something: never retried
 * blind even when the document carries no `x-idempotent`/`x-billable` extension.
 */
export const NON_IDEMPOTENT_FALLBACK: readonly RegExp[] = [
  /\/numbers\/provision$/i,
  /\/numbers\/portin$/i,
  /\/numbers\/portout$/i,
  /\/message\/outbound$/i,
  /\/subscriptions$/i,
  /\/numbers\/reactivate$/i,
  /\/numbers\/status$/i,
  /\/account\/create$/i,
  /\/distributor\/create$/i,
  /\/subscribers\/create$/i,
  /\/message\/routes$/i,
  /\/voice\/routes$/i,
  /\/products$/i,
  /\/packages$/i,
];

/**
 * May the operation be resent blind after an ambiguous failure (timeout, 500, 502, 503, 504)?
 * No when the document says `x-idempotent: false` or `x-billable: true`, or when the operation is a
 * POST in the built-in fallback list. Otherwise (GET, other POSTs) → yes.
 */
export function isRetrySafe(op: Pick<OperationInfo, 'method' | 'path' | 'billable' | 'idempotent'>): boolean {
  if (op.billable) return false;
  if (op.idempotent === false) return false;
  if (op.method !== 'POST' && op.method !== 'PATCH') return true;
  // the fallback list wins even over `x-idempotent: true`: being careful costs one probe, being wrong costs a double charge
  return !NON_IDEMPOTENT_FALLBACK.some((re) => re.test(op.path));
}
