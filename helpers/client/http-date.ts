/**
 * HTTP-date (RFC 9110 §5.6.7): IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms a recipient
 * MUST accept as well — rfc850-date ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime-date ("Sun Nov  6 08:49:37 1994").
 * All three are UTC. Date.parse reads an asctime date in this machine's zone (hours off on a partner's laptop outside
 * UTC): it is read here field by field.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const IMF = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 = /^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function utc(year: number, month: string, day: number, h: string, mi: string, s: string): number {
  const m = MONTHS.indexOf(month.toLowerCase());
  return m < 0 ? NaN : Date.UTC(year, m, day, Number(h), Number(mi), Number(s));
}

/**
 * rfc850's two-digit year: the one "that appears to be more than 50 years in the future" is read as the most recent
 * past year with the same last two digits (RFC 9110 §5.6.7).
 */
function rfc850Year(yy: number, nowMs: number): number {
  const now = new Date(nowMs).getUTCFullYear();
  let y = Math.floor(now / 100) * 100 + yy;
  if (y > now + 50) y -= 100;
  return y;
}

/** Epoch ms of an HTTP-date in any of its three forms; NaN when the text is none of them. */
export function parseHttpDate(text: string, nowMs = Date.now()): number {
  const t = text.trim();
  let m = IMF.exec(t);
  if (m) return utc(Number(m[3]), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = RFC850.exec(t);
  if (m) return utc(rfc850Year(Number(m[3]), nowMs), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = ASCTIME.exec(t);
  if (m) return utc(Number(m[6]), m[1], Number(m[2].trim()), m[3], m[4], m[5]);
  return NaN;
}

/** An HTTP-date in any of its forms, else whatever Date.parse reads (a lenient recipient: RFC 9110 §5.6.7). */
export function parseDateField(text: string, nowMs = Date.now()): number {
  const at = parseHttpDate(text, nowMs);
  return Number.isNaN(at) ? Date.parse(text) : at;
}
