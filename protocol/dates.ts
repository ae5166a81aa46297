/**
 * A date in the vendor's request format MM/DD/YYYY (EffectiveDate, PortInDate): the calendar day in `timeZone`, by
 * default the platform's (Mountain time, R-token-expiry-tz). From 17:00 MT (00:00 UTC) the UTC date is already
 * tomorrow there, and an EffectiveDate of tomorrow schedules a status change instead of making it. Leaf module.
 */
export function mmddyyyy(d: Date = new Date(), timeZone: string = PLATFORM_TIME_ZONE): string {
  const w = timeZone === 'UTC' ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate() } : wallClock(d.getTime(), timeZone);
  return `${String(w.mo).padStart(2, '0')}/${String(w.d).padStart(2, '0')}/${w.y}`;
}

/** The zone the vendor writes its timestamps in ("16:45:59 MST 2025-01-23"): Mountain time (ruling R-token-expiry-tz). */
export const PLATFORM_TIME_ZONE = 'America/Denver';

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one (every token answer formats its expiry). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = formatterFor(timeZone).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock time written as if it were UTC (`Date.UTC(...)` of its fields) → the real instant in `timeZone`. */
export function localToEpoch(localAsUtc: number, timeZone: string): number {
  if (timeZone === 'UTC' || !Number.isFinite(localAsUtc)) return localAsUtc;
  const first = localAsUtc - offsetMs(localAsUtc, timeZone);
  return localAsUtc - offsetMs(first, timeZone); // across a DST change the offset at the result is the one that counts
}

/** Epoch ms of a wall-clock time read in `timeZone` (an IANA zone; 'UTC' for none). */
export function zonedToEpoch(f: { y: number; mo: number; d: number; h: number; mi: number; s: number }, timeZone: string): number {
  return localToEpoch(Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s), timeZone);
}

/** `MM/DD/YYYY hh:mm:ss AM/PM` of `ms` in `timeZone` — the vendor's tokenExpiry format. */
export function formatVendorDateTime(ms: number, timeZone: string): string {
  const w =
    timeZone === 'UTC'
      ? (() => {
          const d = new Date(ms);
          return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
        })()
      : wallClock(ms, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
  return `${p(w.mo)}/${p(w.d)}/${w.y} ${p(h12)}:${p(w.mi)}:${p(w.s)} ${w.h < 12 ? 'AM' : 'PM'}`;
}
