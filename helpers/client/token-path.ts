/**
 * Which spelling of the token path the target serves (ruling R-token-path). Every vendor description and seed 003 §1
 * write `/v1.0/oauth2/tokens`; the vendor OpenAPI's paths key is `/v1.0/OAuth2/tokens`. A platform routing paths
 * case-sensitively serves one of them only: the first token request goes to the described spelling and, answered
 * "no such endpoint" (404 / 405), once to the other; the spelling that answered is kept for the client's life.
 */
import type { Finding } from '../../protocol/contract';
import type { Engine } from './execute';
import type { CallRecord, CallResult } from './types';

/** The token path the client calls first (ruling R-token-path: lower-case, as every vendor description spells it). */
export const TOKEN_PATH = '/v1.0/oauth2/tokens';
/** The token path as the vendor OpenAPI's paths key spells it. */
export const VENDOR_TOKEN_PATH = '/v1.0/OAuth2/tokens';

const NOT_SERVED = new Set([404, 405]);

/** the other documented spelling of the token path */
function otherSpelling(path: string): string {
  return path === VENDOR_TOKEN_PATH ? TOKEN_PATH : VENDOR_TOKEN_PATH;
}

/** the answer "no such endpoint" at `path`: kept as evidence, its findings not judged (the path is not the platform's) */
function notServedRecord(rec: CallRecord, path: string, other: string): CallRecord {
  const note = `token path ${path} not served (HTTP ${rec.status}): ${other} tried (R-token-path); ${rec.findings.length} finding(s) of this answer not judged`;
  return { ...rec, findings: [], note: rec.note ? `${rec.note}; ${note}` : note };
}

/** the call at the other spelling, with a warning naming the spelling the platform serves */
function servedElsewhereRecord(rec: CallRecord, path: string): CallRecord {
  const warning: Finding = {
    check: 'token.path',
    severity: 'warning',
    op: rec.op,
    pointer: '',
    expected: `POST ${TOKEN_PATH} (every vendor description, seed 003 §1) or ${VENDOR_TOKEN_PATH} (the vendor OpenAPI paths key)`,
    actual: `served at ${path} only`,
    message: `the token endpoint answers at ${path} only (case-sensitive routing): the suite calls it there`,
    basis: 'R-token-path',
  };
  return { ...rec, findings: [...rec.findings, warning] };
}

export type TokenPathSend = (engine: Engine, path: string) => Promise<CallResult>;

/** A per-client resolver: `via(engine, send)` sends a token-endpoint call at the spelling the target serves. */
export function tokenPathResolver(configured?: string): (engine: Engine, send: TokenPathSend) => Promise<CallResult> {
  let path = configured ?? TOKEN_PATH;
  let settled = configured !== undefined;
  return async (engine, send) => {
    if (settled) return send(engine, path);
    const held: CallRecord[] = [];
    let first: CallResult;
    try {
      first = await send({ ...engine, emit: (r) => held.push(r) }, path);
    } catch (e) {
      held.forEach((r) => engine.emit(r));
      throw e;
    }
    if (!NOT_SERVED.has(first.status)) {
      settled = true;
      held.forEach((r) => engine.emit(r));
      return first;
    }
    const other = otherSpelling(path);
    held.forEach((r) => engine.emit(notServedRecord(r, path, other)));
    const heldOther: CallRecord[] = [];
    try {
      const second = await send({ ...engine, emit: (r) => heldOther.push(r) }, other);
      if (NOT_SERVED.has(second.status)) return second;
      [path, settled] = [other, true];
      heldOther.splice(0, heldOther.length, ...heldOther.map((r) => servedElsewhereRecord(r, other)));
      return second;
    } finally {
      heldOther.forEach((r) => engine.emit(r));
    }
  };
}
