/**
 * The platform's clock as its answers show it: the HTTP `Date` header every origin server with a clock sends (RFC 9110
 * §6.6.1), to the second. A platform whose clock runs minutes off ours announces token expiries and stamps messages
 * and CDRs on that clock; the suite reads them on it instead of crying wolf (ruling R-platform-clock-skew).
 */

import { parseDateField } from './http-date';

/** One look at the platform's clock: how far it runs from ours (ms, + = ahead), give or take `uncertaintyMs`. */
export interface ClockReading {
  offsetMs: number;
  uncertaintyMs: number;
  /** our clock (epoch ms) when the answer came */
  at: number;
}

/** A difference this much beyond the reading's own uncertainty is the platform's clock, not noise (R-platform-clock-skew). */
export const CLOCK_SKEW_MIN_MS = 2_000;

/** Readings this close in precision are alike: the newer one is kept. */
const COMPARABLE_MS = 250;

/** A later reading replaces a more precise one after this long (a platform's clock may be corrected). */
const READING_FRESH_MS = 10 * 60_000;

/**
 * The reading of one answer: its `Date` header (whole seconds: the platform's time lies in [Date, Date + 1 s)) against
 * the middle of our send and receipt. Undefined without a readable `Date`.
 */
export function readPlatformClock(dateHeader: string | undefined, sentAtMs: number, receivedAtMs: number): ClockReading | undefined {
  if (!dateHeader) return undefined;
  const date = parseDateField(dateHeader, receivedAtMs);
  if (Number.isNaN(date)) return undefined;
  const roundTrip = Math.max(0, receivedAtMs - sentAtMs);
  return { offsetMs: Math.round(date + 500 - (sentAtMs + receivedAtMs) / 2), uncertaintyMs: Math.round(500 + roundTrip / 2), at: receivedAtMs };
}

/** The skew to correct by: the reading's offset when it is clearly beyond its uncertainty, else 0 (the clocks agree). */
export function significantSkewMs(r: ClockReading | undefined): number {
  if (!r) return 0;
  return Math.abs(r.offsetMs) > r.uncertaintyMs + CLOCK_SKEW_MIN_MS ? r.offsetMs : 0;
}

/** "12 min 5 s ahead of" / "3 s behind" — a skew in words for notes and warnings. */
export function describeSkew(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
  return `${text} ${ms >= 0 ? 'ahead of' : 'behind'}`;
}

/** The client's watch of the platform's clock: the newest reading of the answers it received, unless a recent one was clearly more precise. */
export interface ClockWatch {
  observe(dateHeader: string | undefined, sentAtMs: number, receivedAtMs: number): void;
  reading(): ClockReading | undefined;
}

export function createClockWatch(): ClockWatch {
  let best: ClockReading | undefined;
  return {
    observe(dateHeader, sentAtMs, receivedAtMs) {
      const r = readPlatformClock(dateHeader, sentAtMs, receivedAtMs);
      // the newest reading wins unless a recent one was clearly more precise (a slow answer reads the clock loosely)
      if (r && (!best || r.uncertaintyMs <= best.uncertaintyMs + COMPARABLE_MS || r.at - best.at > READING_FRESH_MS)) best = r;
    },
    reading: () => best,
  };
}
