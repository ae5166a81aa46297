/**
 * Redaction for everything the sign-off reporter writes. Two layers:
 *  1. `redact()` from protocol/redact.ts (the process-wide registry of secrets), when that module loads;
 *  2. our own scrub: values of TELEGENT_ACCOUNT_SECRET, SANDBOX_ACCOUNT_SECRET and of every env var whose
 *     name matches /SECRET|PASSWORD|TOKEN|PIN/, values under secret-looking keys, bearer tokens and
 *     `key=value` / `"key": "value"` pairs with secret-looking keys inside free text.
 * Evidence arrives already redacted by the workers; this is the belt to that pair of braces.
 */

export const MASK = '[REDACTED]';

type RedactFn = (v: unknown) => unknown;

let helperRedact: RedactFn | undefined;
let helperSensitiveKey: ((key: string) => boolean) | undefined;
let helperLoadError: string | undefined;
function loadHelper(): RedactFn | undefined {
  if (helperRedact || helperLoadError) return helperRedact;
  try {
    const mod = require('../protocol/redact') as { redact?: RedactFn; isSensitiveKey?: (key: string) => boolean };
    if (typeof mod.isSensitiveKey === 'function') helperSensitiveKey = mod.isSensitiveKey;
    if (typeof mod.redact === 'function') helperRedact = mod.redact;
    else helperLoadError = 'protocol/redact.ts has no redact() export';
  } catch (e) {
    helperLoadError = `protocol/redact.ts not loadable: ${(e as Error).message.split('\n')[0]}`;
  }
  return helperRedact;
}

/** Why the helper layer is not in use (undefined when it is). */
export function helperRedactionStatus(): string | undefined {
  loadHelper();
  return helperLoadError;
}

const ENV_NAME = /SECRET|PASSWORD|TOKEN|PIN/;
/**
 * Settings named after a secret without holding one: a duration, a lifetime, a port (CERT_TOKEN_EXPIRY_WAIT_MS,
 * SANDBOX_TOKEN_TTL_SECONDS). Their numbers are everywhere in a report (durations, timestamps): masking them shreds
 * its numbers — and signoff.json, whose literal pass then leaves it unreadable.
 */
const SETTING_NAME = /_(MS|SECONDS|MINUTES|TTL|TIMEOUT|WAIT|PORT|COUNT|SIZE|LENGTH)$/;
const ALWAYS = ['TELEGENT_ACCOUNT_SECRET', 'SANDBOX_ACCOUNT_SECRET'];
const HARMLESS = new Set(['true', 'false', 'null', 'undefined', 'none', 'yes', 'no', 'on', 'off']);
/** Object keys whose values are secrets wherever they appear. */
const SECRET_KEY = /secret|passw(or)?d|passwd|token$|^token|accesstoken|access_token|authorization|cookie|api[-_]?key|pin$|^pin|pincode/i;
/** Keys that look like the above but carry harmless metadata (same list as protocol/redact.ts). */
const KEY_ALLOW = /(expiry|expires|expiration|expiresin|type|required|enabled|length|count|scope|url|endpoint)$|^pinned$/i;
/** A credential after Bearer/Basic: 8+ token characters with at least one digit or symbol (not the word "auth"). */
const BEARER = /\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/g;
const ALREADY_MASKED = /^((Bearer|Basic)\s+)?\[REDACTED\]$/;

function sensitiveKey(k: string): boolean {
  if (KEY_ALLOW.test(k) && !/^(authorization|token|secret|password|pin)$/i.test(k)) return false;
  return SECRET_KEY.test(k) || (helperSensitiveKey ? helperSensitiveKey(k) : false);
}
const INLINE_KV =
  /((?:account_?secret|passw(?:or)?d|passwd|access_?token|bearer_?token|api_?key|(?:port_?out_?)?pin(?:code)?|secret)["']?\s*[:=]\s*["']?)([^"'&,;\s}<>\]]{2,})/gi;

export interface Redactor {
  /** Deep-redact any JSON-able value (returns a new value). */
  value<T>(v: T): T;
  /** Redact one string. */
  text(s: string): string;
  /** Replace only the literal known secrets (safe on serialized JSON). */
  literal(s: string): string;
  /** The literal secrets known to this redactor (for self-checks; never print them). */
  readonly secrets: readonly string[];
}

export function envSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const out = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (!ALWAYS.includes(name) && (!ENV_NAME.test(name.toUpperCase()) || SETTING_NAME.test(name.toUpperCase()))) continue;
    const v = value.trim();
    // Short or boolean-ish values would shred the report without protecting anything.
    if (v.length < 4 || HARMLESS.has(v.toLowerCase())) continue;
    out.add(v);
  }
  return [...out];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A literal secret's pattern. A number-like one (a PIN, an account number) only where no digit, point or sign joins it:
 * the serialized JSON's numbers (a duration 2.003370000000091) keep their digits and stay numbers — a value equal to
 * the secret was masked whole before (value()).
 */
function literalPattern(s: string): string {
  // not after a digit or point, an exponent (2e, 2e+) or a number's minus sign (after :,[( or a space): "PIN-1234" is masked
  const notInNumber = '(?<![0-9.])(?<![0-9][eE])(?<![0-9][eE][+-])(?<![:,[(\\s]-)';
  return /^[0-9.]+$/.test(s) ? `${notInNumber}${escapeRe(s)}(?![0-9]|[eE][+-]?[0-9]|\\.[0-9])` : escapeRe(s);
}

export function createRedactor(extraSecrets: string[] = [], env: NodeJS.ProcessEnv = process.env): Redactor {
  const secrets = [...new Set([...envSecrets(env), ...extraSecrets.filter((s) => s && s.length >= 4)])].sort((a, b) => b.length - a.length);
  const literal = secrets.length ? new RegExp(secrets.map(literalPattern).join('|'), 'g') : undefined;
  const helper = loadHelper();

  const text = (s: string): string => {
    let out = s;
    if (helper) {
      try {
        const r = helper(out);
        if (typeof r === 'string') out = r;
      } catch {
        /* the helper failing must not lose the report; our own layer still runs */
      }
    }
    if (literal) out = out.replace(literal, MASK);
    out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`);
    out = out.replace(INLINE_KV, (m, k: string, v: string) => (v === MASK || v.startsWith('[REDACTED') ? m : `${k}${MASK}`));
    return out;
  };

  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64) return '[too deep]';
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number' || typeof v === 'bigint') return secrets.includes(String(v)) ? MASK : v;
    if (v === null || typeof v !== 'object') return v;
    if (Buffer.isBuffer(v)) return text(v.toString('utf8'));
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const key = text(k);
      if (sensitiveKey(k) && x !== null && x !== undefined && x !== '' && typeof x !== 'boolean') {
        out[key] = typeof x === 'object' ? walk(x, depth + 1) : typeof x === 'string' && ALREADY_MASKED.test(x) ? x : MASK;
      } else out[key] = walk(x, depth + 1);
    }
    return out;
  };

  const value = <T>(v: T): T => {
    let input: unknown = v;
    if (helper) {
      try {
        input = helper(v);
      } catch {
        input = v;
      }
    }
    return walk(input, 0) as T;
  };

  const literalOnly = (s: string): string => (literal ? s.replace(literal, MASK) : s);

  return { value, text, literal: literalOnly, secrets };
}
