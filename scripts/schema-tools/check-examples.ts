/*
 * Validates every vendor 200 example (reference document), every vendor request example (assembled from the
 * request schemas' property examples) and every seed 003 payload with the suite's validator (protocol/contract),
 * exactly as a response / a request of the client is validated. Expected: 0 errors (warnings allowed).
 * Usage: npx tsx scripts/schema-tools/check-examples.ts [--verbose]
 */
import * as path from 'node:path';
import { operations, readJson, responseExamples, VENDOR_DOC, type Json } from './lib';
import { getOperation, validateRequest, validateResponse, type Finding } from '../../protocol/contract';

export interface ExampleResult {
  id: string;
  ok: boolean;
  errors: string[];
  warnings: number;
  findings: Finding[];
  source: 'vendor' | 'vendor-request' | 'seed003';
}

const TOKEN_VENDOR = '/v1.0/OAuth2/tokens';
const mapKey = (k: string) => k.replace(TOKEN_VENDOR, '/v1.0/oauth2/tokens');

function result(id: string, source: ExampleResult['source'], findings: Finding[]): ExampleResult {
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    id,
    source,
    findings,
    ok: errors.length === 0,
    warnings: findings.length - errors.length,
    errors: errors.map((f) => `${f.pointer || '/'} expected ${f.expected}, actual ${f.actual} [basis: ${f.basis ?? '?'}]`),
  };
}

/** A request body assembled from the property-level `example`s of a vendor request schema (undefined: none). */
export function requestExample(vendor: Json, schema: Json, depth = 0): unknown {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = vendor.components.schemas[s.$ref.split('/').pop()];
  if (!s || depth > 8) return undefined;
  if (s.example !== undefined) return s.example;
  if (s.type === 'array' || s.items) {
    const item = requestExample(vendor, s.items, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (!s.properties) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<Json>(s.properties)) {
    const ex = requestExample(vendor, v, depth + 1);
    if (ex !== undefined) out[k] = ex;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Every vendor request example: media-type examples, else one assembled from the property examples. */
export function vendorRequestExamples(vendor: Json = readJson(VENDOR_DOC)): Array<{ op: string; name: string; body: unknown }> {
  const out: Array<{ op: string; name: string; body: unknown }> = [];
  for (const o of operations(vendor)) {
    const media = o.op.requestBody?.content?.['application/json'];
    if (!media) continue;
    const key = mapKey(o.key);
    if (media.example !== undefined) out.push({ op: key, name: 'example', body: media.example });
    for (const [n, ex] of Object.entries<Json>(media.examples ?? {})) if (ex?.value !== undefined) out.push({ op: key, name: n, body: ex.value });
    if (media.example === undefined && !media.examples) {
      const body = requestExample(vendor, media.schema);
      if (body !== undefined) out.push({ op: key, name: 'property-examples', body });
    }
  }
  return out;
}

export function checkExamples(vendorDoc: Json = readJson(VENDOR_DOC)): ExampleResult[] {
  const out: ExampleResult[] = [];
  for (const o of operations(vendorDoc)) {
    const key = mapKey(o.key);
    for (const [name, value] of responseExamples(o.op)) out.push(result(`${key}#${name}`, 'vendor', validateResponse(key, 200, value)));
  }
  for (const r of vendorRequestExamples(vendorDoc)) {
    const op = getOperation(r.op);
    out.push(
      result(
        `${r.op}#request:${r.name}`,
        'vendor-request',
        op
          ? validateRequest(op.key, r.body)
          : [{ check: 'requestSchema', severity: 'error', pointer: '', expected: 'known operation', actual: r.op, message: 'unknown operation' }],
      ),
    );
  }
  const seeds = readJson(path.join(__dirname, 'seed-examples.json')).examples as Record<string, unknown>;
  for (const [key, value] of Object.entries(seeds)) out.push(result(`${key}#seed003`, 'seed003', validateResponse(key, 200, value)));
  return out;
}

if (require.main === module) {
  const res = checkExamples();
  const verbose = process.argv.includes('--verbose');
  let bugs = 0;
  for (const r of res) {
    if (!r.ok && r.source !== 'seed003') bugs++;
    if (!r.ok || (verbose && r.warnings)) {
      const tag = r.ok ? 'warnings' : r.source === 'seed003' ? 'seed003 (informational)' : 'FAIL';
      console.log(`${tag}: ${r.id}${r.errors.length ? `\n   ${r.errors.join('\n   ')}` : ''}`);
      if (verbose)
        for (const f of r.findings.filter((x) => x.severity === 'warning')) console.log(`   warning ${f.pointer} expected ${f.expected} [basis: ${f.basis}]`);
    }
  }
  for (const src of ['vendor', 'vendor-request', 'seed003'] as const) {
    const rs = res.filter((r) => r.source === src);
    const w = rs.reduce((a, r) => a + r.warnings, 0);
    console.log(`${src}: ${rs.length} examples, ${rs.filter((r) => r.ok).length} with no error, ${rs.filter((r) => !r.ok).length} with errors, ${w} warnings`);
  }
  process.exit(bugs ? 1 : 0);
}
