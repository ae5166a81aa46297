/** Errors thrown by the API client. Messages never contain secrets (bodies are redacted first). */
import type { Finding } from '../../protocol/contract';

/** The request body/query does not match the operation's request schema. Nothing was sent. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  constructor(
    readonly op: string,
    readonly findings: Finding[],
  ) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`${op}: request rejected before sending — ${errors.map((f) => `${f.pointer || '(body)'}: expected ${f.expected}, got ${f.actual}`).join('; ')}`);
  }
  /** the offending field names (last pointer segment) */
  get fields(): string[] {
    return this.findings.filter((f) => f.severity === 'error').map((f) => f.pointer.split('/').pop() || '(body)');
  }
}

/**
 * A non-idempotent / billable operation failed in a way that leaves its outcome unknown (timeout,
 * connection lost after sending, 500, 503, 504) and no `reconcile` probe was given: the client will
 * not resend blind. The caller must check whether the first attempt took effect.
 */
export class AmbiguousOutcomeError extends Error {
  override readonly name = 'AmbiguousOutcomeError';
  constructor(
    readonly op: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(`${op}: outcome unknown after ${reason} (attempt ${attempts}); not resent blind — pass reconcile() to check whether it took effect`);
  }
}

/** The token endpoint did not give a token. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly status: number,
    readonly scope: string | null,
    detail: string,
  ) {
    super(`token request${scope ? ` for ${scope}` : ''} failed: ${status ? `HTTP ${status}` : 'no response'} ${detail}`.trim());
  }
}

/** No response within the time limit (idempotent operation, attempts exhausted) or a network failure. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly op: string,
    readonly reason: 'timeout' | 'network',
    readonly attempts: number,
    detail: string,
  ) {
    super(`${op}: ${reason === 'timeout' ? 'no response before the timeout' : 'network failure'} after ${attempts} attempt(s)${detail ? ` (${detail})` : ''}`);
  }
}

/** The operation key is not in the project document. */
export class UnknownOperationError extends Error {
  override readonly name = 'UnknownOperationError';
  constructor(readonly op: string) {
    super(`unknown operation ${JSON.stringify(op)} (not in schemas/telegent.openapi.json)`);
  }
}
