/**
 * The one E.164 rule of the project, from a maintained phone-number library (libphonenumber-js, `min` metadata).
 *
 * Which check: libphonenumber's `isPossible()` (length for the country calling code), NOT `isValid()`. The sandbox
 * and the self-tests use fictional 555 numbers (+1 NXX 555 01XX, +1 555 …) that the numbering plan does not assign:
 * `isValid()` refuses them, `isPossible()` accepts them exactly as the former `^\+[1-9]\d{1,14}$` regexes did.
 * The canonical form is the library's own (`number`): a value with separators, an extension or a leading 0 is refused.
 *
 * Shared by suite and sandbox: imports nothing from helpers/, sandbox/, reporter/, scripts/ or specs/.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * The same rule as a JSON-Schema `pattern`, for generated schema documents (schemas/ is data: no library runs there).
 * Syntactic only: it accepts every number `isE164` accepts, and a few impossible ones (e.g. `+12`).
 */
export const E164_SCHEMA_PATTERN = '^\\+[1-9]\\d{1,14}$';

/** A phone number written in E.164: `+`, country calling code, national number, nothing else, of a possible length. */
export function isE164(value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith('+')) return false;
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.number === value && parsed.isPossible();
}

/** The pre-library spelling rules: separators dropped, a `00` international prefix and bare 7–15 digits read as `+`. */
function international(raw: string): string {
  const compact = raw.replace(/[\s().-]/g, '');
  if (/^00[1-9]/.test(compact)) return `+${compact.slice(2)}`;
  if (/^[1-9]\d{6,14}$/.test(compact)) return `+${compact}`;
  return compact;
}

/**
 * A comparable key for a number as written in a CDR or an expected-traffic entry: its E.164 form when the library
 * reads it as a possible number, otherwise the spelling with separators dropped ('' for no number).
 * Two spellings of one number give one key; nothing is refused (comparison, not validation).
 */
export function normalizeE164(raw: string | null | undefined): string {
  if (!raw) return '';
  const candidate = international(String(raw));
  if (!candidate.startsWith('+')) return candidate;
  const parsed = parsePhoneNumberFromString(candidate);
  return parsed?.isPossible() ? parsed.number : candidate;
}
