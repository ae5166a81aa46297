/**
 * Named conformance checks, in the spirit of Schemathesis: each is a small function with one job
 * that returns `Finding[]` (empty = conformant). They are pure: they judge what a spec observed
 * (a status, a body, two bodies); making the calls is the spec's (or the client's) business.
 *
 * Doc sources are cited per check. "Seed 003" is the MVNO guide comprehensive reference
 * (../shared/reference/seeds/003_*.txt), "seed 001" the Phase 3 checklist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getOperation, schemasDir } from './document';
import type { Finding } from './types';
import { E164_SCHEMA_PATTERN, isE164 } from '../e164';
import { getCi, sameSpelling } from './semantics/normalise';
import { checkContentType, checkSchema, checkStatus, renderActual, responseKeyFor } from './validate';

type Obj = Record<string, unknown>;
type StatusLike = number | { status: number };
const statusOf = (s: StatusLike): number => (typeof s === 'number' ? s : s.status);

function finding(
  check: string,
  pointer: string,
  expected: string,
  actual: string,
  message: string,
  op?: string,
  severity: 'error' | 'warning' = 'error',
): Finding {
  return { check, severity, ...(op ? { op } : {}), pointer, expected, actual, message };
}

function esc(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Response body conforms to the schema the project document gives for the operation and status
 * (errors for documented constraints, warnings for undocumented fields).
 * Source: the project document `schemas/telegent.openapi.json` (vendor OpenAPI 1.0.8 + authored
 * strict response schemas); policy in docs/ARCHITECTURE.md "Strictness policy".
 */
export function schemaConformance(opKey: string, status: number, body: unknown): Finding[] {
  return checkSchema(opKey, status, body);
}

/**
 * The status code is one the document lists for the operation (exact, `NXX` range or `default`).
 * Source: vendor OpenAPI `responses` of each operation; seed 003 §11 (the codes the platform returns).
 */
export function statusCodeConformance(opKey: string, status: number): Finding[] {
  return checkStatus(opKey, status);
}

/**
 * A response that documents a JSON body is served as `application/json` (or `+json`).
 * Source: vendor OpenAPI (every documented response content is `application/json`).
 */
export function contentTypeConformance(opKey: string, status: number, contentType: string | undefined): Finding[] {
  if (contentType === undefined) {
    const op = getOperation(opKey);
    const rk = op ? responseKeyFor(op, status) : undefined;
    if (!op || rk === undefined || !op.responses[rk]) return [];
    return [finding('contentTypeConformance', '', 'application/json', 'missing', `${op?.key ?? opKey} ${status}: no Content-Type header`, op?.key ?? opKey)];
  }
  return checkContentType(opKey, status, contentType);
}

/**
 * An identifier carries one of the expected prefixes (e.g. `['NID-', 'TNID-']`).
 * Source: seed 003 (AID-, MRID-, CRID-, PRID-/PID-, PKID-, TSUID-, NID-/TNID-, JNUOID-…) and the
 * prefix rulings in `schemas/rulings.json` (the docs disagree on several prefixes).
 */
export function idPrefix(value: unknown, prefixes: string | string[], pointer = ''): Finding[] {
  const list = Array.isArray(prefixes) ? prefixes : [prefixes];
  if (typeof value === 'string' && list.some((p) => value.startsWith(p) && value.length > p.length)) return [];
  return [
    finding(
      'idPrefix',
      pointer,
      `string starting with ${list.join(' | ')}`,
      renderActual(value),
      `${pointer || 'value'}: expected an ID prefixed ${list.join(' or ')}, got ${renderActual(value)}`,
    ),
  ];
}

/** E.164: `+`, country code not starting with 0, 15 digits at most. */
export const E164_PATTERN = new RegExp(E164_SCHEMA_PATTERN);

/**
 * A phone number is in E.164 format.
 * Source: seed 003 §8 (numbers are returned and given in E.164, e.g. `+18016025346`); Phase 2
 * connectivity page (webhook `From` in E.164).
 */
export function e164(value: unknown, pointer = ''): Finding[] {
  if (isE164(value)) return [];
  return [
    finding('e164', pointer, 'E.164 number (^\\+[1-9]\\d{1,14}$)', renderActual(value), `${pointer || 'value'}: not an E.164 number: ${renderActual(value)}`),
  ];
}

/**
 * The response echoes request fields: `fields` is a list of names present in both, or a map
 * request field → response field (when the response names it differently).
 * Source: seed 001 (items ask to confirm the created resource carries what was sent) and the
 * vendor examples (create responses repeat the request's names/settings). A spelling a ruling names for one value of
 * the field (an ICCID padded with the filler nibble F, R-iccid-format; NumberType mvno / Mobile…) is the same value.
 */
export function echoesRequest(request: unknown, response: unknown, fields: string[] | Record<string, string>): Finding[] {
  const pairs: Array<[string, string]> = Array.isArray(fields) ? fields.map((f) => [f, f]) : Object.entries(fields);
  const req = (request ?? {}) as Obj;
  const res = (response ?? {}) as Obj;
  const out: Finding[] = [];
  for (const [rf, sf] of pairs) {
    const sent = req[rf];
    // the field in any key casing: the vendor spells one field TNID / Tnid, IpWhitelist / IpWhiteList across operations
    const got = getCi(res, sf)?.value;
    if (!looselyEqual(sent, got) && !sameSpelling(rf, sent, got)) {
      out.push(
        finding(
          'echoesRequest',
          `/${esc(sf)}`,
          renderActual(sent, rf),
          got === undefined ? 'missing' : renderActual(got, sf),
          `response field ${sf} does not echo request field ${rf}`,
        ),
      );
    }
  }
  return out;
}

/**
 * A call made WITHOUT a bearer token must be rejected with 401 (auth is not ignored).
 * Source: seed 003 §1 ("Every Telegent API call needs a Bearer token") and §11 (401 = no Bearer
 * token provided).
 */
export function authIgnored(response: StatusLike, opKey?: string): Finding[] {
  const s = statusOf(response);
  if (s === 401) return [];
  return [finding('authIgnored', '', '401', String(s), `${opKey ?? 'call'} without a token answered ${s}: authentication is not enforced`, opKey)];
}

/**
 * A call with a Bearer token the platform never issued must be rejected with 401 (the token is checked, not only the
 * header's form). Source: seed 003 §11, 401 row ("the token is expired or invalid"). Refused with 403 — the code the
 * vendor's own docs give token problems elsewhere (the scope conflict, R-scope) and a gateway's answer — is still a
 * refusal: a warning.
 */
export function unknownTokenRefused(response: StatusLike, opKey?: string): Finding[] {
  const s = statusOf(response);
  if (s === 401) return [];
  if (s === 403)
    return [
      finding(
        'unknownTokenRefused',
        '',
        '401',
        '403',
        `${opKey ?? 'call'} with a Bearer token never issued was refused 403; the error table (seed 003 §11) names 401 for an invalid token`,
        opKey,
        'warning',
      ),
    ];
  return [
    finding('unknownTokenRefused', '', '401', String(s), `${opKey ?? 'call'} with a Bearer token never issued answered ${s}: the token is not verified`, opKey),
  ];
}

/**
 * A token request with the right AccountKey and a wrong AccountSecret must not yield a token. Source: seed 003 §1
 * (a token is had by posting AccountKey AND AccountSecret) and §11 (400 invalid value / 401 invalid credentials /
 * 403); ruling R-token-wrong-secret: 400, 401 or 403 pass; a 200 without a token (successful false) passes with a
 * warning; a token issued fails.
 */
export function wrongSecretRefused(response: StatusLike & { body?: unknown }, opKey = 'POST /v1.0/oauth2/tokens'): Finding[] {
  const s = statusOf(response);
  if ([400, 401, 403].includes(s)) return [];
  const b = (typeof response === 'object' ? response.body : undefined) as Obj | undefined;
  const token = b && typeof b === 'object' ? (b.token ?? b.access_token) : undefined;
  const issued = s >= 200 && s < 300 && typeof token === 'string' && token !== '';
  if (s >= 200 && s < 300 && !issued && b?.successful !== true)
    return [
      finding(
        'wrongSecretRefused',
        '/successful',
        '400, 401 or 403 (R-token-wrong-secret)',
        `${s} without a token`,
        `a token request with a wrong AccountSecret answered ${s} without a token: refused, but as a success status`,
        opKey,
        'warning',
      ),
    ];
  return [
    finding(
      'wrongSecretRefused',
      issued ? '/token' : '',
      '400, 401 or 403 and no token (R-token-wrong-secret)',
      issued ? `${s} with a token` : String(s),
      issued
        ? `a token was issued for the AccountKey with a wrong AccountSecret: the secret is not checked`
        : `a token request with a wrong AccountSecret answered ${s}`,
      opKey,
    ),
  ];
}

/** Statuses accepted for a scope mismatch, from ruling R-scope in schemas/rulings.json (default 401 or 403). */
export function scopeStatuses(): { statuses: number[]; ruling: string } {
  const fallback = { statuses: [401, 403], ruling: 'R-scope (default: 401 or 403)' };
  const file = path.join(schemasDir(), 'rulings.json');
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    const list: Obj[] = Array.isArray(raw)
      ? (raw as Obj[])
      : Array.isArray((raw as Obj)?.rulings)
        ? ((raw as Obj).rulings as Obj[])
        : Object.entries((raw as Obj) ?? {}).map(([id, v]) => ({ id, ...(typeof v === 'object' && v ? (v as Obj) : { ruling: v }) }));
    const entry =
      list.find((r) => typeof r?.id === 'string' && /^R-scope$/i.test(r.id as string)) ??
      list.find((r) => typeof r?.id === 'string' && /scope/i.test(r.id as string));
    if (!entry) return fallback;
    for (const k of ['statuses', 'accept', 'accepted', 'acceptedStatuses', 'status']) {
      const v = entry[k];
      if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return { statuses: v as number[], ruling: String(entry.id) };
      if (typeof v === 'number') return { statuses: [v], ruling: String(entry.id) };
    }
    const text = JSON.stringify(entry.ruling ?? entry.decision ?? entry);
    const found = [...new Set((text.match(/\b40[13]\b/g) ?? []).map(Number))];
    return { statuses: found.length ? found.sort() : fallback.statuses, ruling: String(entry.id) };
  } catch {
    return fallback;
  }
}

/**
 * A token scoped (ApiEndpoint) to another endpoint must be rejected: 401 or 403 per ruling R-scope.
 * Source: seed 003 §1 (tokens are scoped to one ApiEndpoint URL), vendor OpenAPI token operation
 * ("a token scoped to /v1.0/numbers/provision will be rejected by any other endpoint"); seed 003 §11
 * says 403 for a scope mismatch, the appendix says 401 — hence the ruling.
 */
export function scopeEnforced(response: StatusLike, opKey?: string): Finding[] {
  const s = statusOf(response);
  const { statuses, ruling } = scopeStatuses();
  if (statuses.includes(s)) return [];
  return [
    finding(
      'scopeEnforced',
      '',
      statuses.join(' or '),
      String(s),
      `${opKey ?? 'call'} with a token scoped to another endpoint answered ${s} (ruling ${ruling})`,
      opKey,
    ),
  ];
}

/**
 * Reading a resource after its delete/cancel answers 404.
 * Source: seed 003 §11 (404 = the resource does not exist). Pass `accepted` when a ruling says the
 * read-back answers otherwise (e.g. a cancelled resource still listed with a status).
 */
export function useAfterDelete(response: StatusLike, opKey?: string, accepted: number[] = [404]): Finding[] {
  const s = statusOf(response);
  if (accepted.includes(s)) return [];
  return [
    finding(
      'useAfterDelete',
      '',
      accepted.join(' or '),
      String(s),
      `${opKey ?? 'read'} after delete answered ${s}: the deleted resource is still served`,
      opKey,
    ),
  ];
}

/**
 * A created resource reads back with the values create returned, on the documented fields.
 * `fields` omitted → every top-level scalar field present in both bodies and documented in the
 * create operation's 200 schema (`createOp`), or present in both when no createOp is given.
 * Source: seed 001 (each item saves the returned ID and reads the resource back); seed 003 (GET
 * operations return the resource created by the matching POST).
 */
export function retrievableAfterCreate(created: unknown, readBack: unknown, fields?: string[], opts: { createOp?: string; readOp?: string } = {}): Finding[] {
  const c = (created ?? {}) as Obj;
  const r = readBack as Obj | undefined;
  if (r === undefined || r === null || typeof r !== 'object') {
    return [
      finding('retrievableAfterCreate', '', 'the created resource', renderActual(readBack), `${opts.readOp ?? 'read-back'} returned no resource`, opts.readOp),
    ];
  }
  let names = fields;
  if (!names) {
    const documented = documentedFields(opts.createOp);
    names = Object.keys(c).filter((k) => k in r && isScalar(c[k]) && (!documented || documented.has(k)));
  }
  const out: Finding[] = [];
  for (const f of names) {
    if (!looselyEqual(c[f], r[f])) {
      out.push(
        finding(
          'retrievableAfterCreate',
          `/${esc(f)}`,
          renderActual(c[f], f),
          f in r ? renderActual(r[f], f) : 'missing',
          `${opts.readOp ?? 'read-back'} ${f} differs from what create returned`,
          opts.readOp,
        ),
      );
    }
  }
  return out;
}

function documentedFields(createOp?: string): Set<string> | undefined {
  if (!createOp) return undefined;
  const op = getOperation(createOp);
  const s = op?.responses['200'] as Obj | undefined;
  const props = s && typeof s.properties === 'object' ? Object.keys(s.properties as Obj) : undefined;
  return props ? new Set(props) : undefined;
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Equality for echo/read-back: deep JSON equality, case-sensitive; numbers vs numeric strings are NOT equal. */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  try {
    return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
  } catch {
    return false;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as Obj)
        .sort()
        .map((k) => [k, sortKeys((v as Obj)[k])]),
    );
  return v;
}
