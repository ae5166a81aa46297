/** Types shared by protocol/contract, helpers/client, the sandbox and the specs. */

/** One conformance finding. `pointer` is a JSON pointer into the validated body ('' = the body itself). */
export type Finding = {
  check: string;
  severity: 'error' | 'warning';
  op?: string;
  pointer: string;
  expected: string;
  /** the offending value, redacted and truncated (or 'missing') */
  actual: string;
  message: string;
  /**
   * What the broken rule rests on: a ruling id (`R-…`), a documented source (`seed 003 §8.1`,
   * `OpenAPI request enum NumberType`, `vendor 200 example`, …), `inferred` (a guess: severity is
   * then always `warning`) or `R-response-extra-fields` for undocumented fields.
   */
  basis?: string;
};

/** A query parameter of an operation (all parameters of the Telegent API are `in: query`). */
export interface QueryParam {
  name: string;
  required: boolean;
  schema?: Record<string, unknown>;
  description?: string;
}

export interface OperationInfo {
  /** `"METHOD /path"`, path exactly as in the project document */
  key: string;
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  /** JSON schema of the application/json request body (OpenAPI form, `$ref`s unresolved) */
  requestSchema?: Record<string, unknown>;
  requestBodyRequired: boolean;
  queryParams: QueryParam[];
  /** status ('200', '4XX', 'default') → OpenAPI schema of the JSON body (undefined when the response has no JSON body) */
  responses: Record<string, Record<string, unknown> | undefined>;
  /** status → documented examples of that response (media-type `example` / `examples.*.value`) */
  responseExamples: Record<string, unknown[]>;
  /** operation `x-billable` (false when absent) */
  billable: boolean;
  /** operation `x-idempotent` when present; undefined when the document does not say */
  idempotent?: boolean;
  /** operation `x-cleanup` when present (how to delete what this operation creates) */
  cleanup?: unknown;
  /** operation `x-ruling` when present (ruling id(s) that apply) */
  ruling?: unknown;
  /** every `x-*` extension of the operation */
  extensions: Record<string, unknown>;
  /** false when the operation declares `security: []` (the token endpoint) */
  requiresAuth: boolean;
}

export type WebhookKind = 'inbound-sms' | 'inbound-mms' | 'inbound-older' | 'dlr' | 'voice-event';
export type CdrKind = 'sms' | 'voice' | 'data';
