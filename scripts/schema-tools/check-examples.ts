/*
 * Validates every vendor 200 example (reference document) and every seed 003 payload against the project
 * document, and compares the failures with `exampleExceptions` in schemas/rulings.json.
 * Usage: npx tsx scripts/schema-tools/check-examples.ts [--verbose]
 */
import * as path from 'node:path';
import { operations, PROJECT_DOC, readJson, responseExamples, RULINGS, VENDOR_DOC } from './lib';
import { DocValidator } from './ajv-doc';

export interface ExampleResult { id: string; ok: boolean; errors: string[]; source: 'vendor' | 'seed003' }

export function checkExamples(projectDoc = readJson(PROJECT_DOC), vendorDoc = readJson(VENDOR_DOC)): ExampleResult[] {
  const v = new DocValidator(projectDoc);
  const out: ExampleResult[] = [];
  const projectKeys = new Set(operations(projectDoc).map((o) => o.key));
  const mapKey = (k: string) => (projectKeys.has(k) ? k : k.replace('/v1.0/OAuth2/tokens', '/v1.0/oauth2/tokens'));
  for (const o of operations(vendorDoc)) {
    const key = mapKey(o.key);
    const [method, p] = key.split(' ');
    for (const [name, value] of responseExamples(o.op)) {
      const fn = v.response(method, p);
      const ok = fn(value) as boolean;
      out.push({ id: `${key}#${name}`, ok, source: 'vendor', errors: ok ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'allowedValues' in e.params ? ' ' + JSON.stringify((e.params as any).allowedValues) : ''}`) });
    }
  }
  const seeds = readJson(path.join(__dirname, 'seed-examples.json')).examples as Record<string, unknown>;
  for (const [key, value] of Object.entries(seeds)) {
    const [method, p] = key.split(' ');
    const fn = v.response(method, p);
    const ok = fn(value) as boolean;
    out.push({ id: `${key}#seed003`, ok, source: 'seed003', errors: ok ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`) });
  }
  return out;
}

if (require.main === module) {
  const res = checkExamples();
  const rulings = readJson(RULINGS) as Array<{ id: string; exampleExceptions?: string[] }>;
  const exc = new Map<string, string>();
  for (const r of rulings) for (const e of r.exampleExceptions ?? []) exc.set(e, r.id);
  let bugs = 0;
  for (const r of res) {
    if (r.ok && exc.has(r.id)) console.log(`STALE EXCEPTION ${r.id} (${exc.get(r.id)}) now passes`);
    if (!r.ok) {
      const tag = exc.has(r.id) ? `exception ${exc.get(r.id)}` : (r.source === 'seed003' ? 'seed003 (informational)' : 'FAIL');
      if (tag === 'FAIL') bugs++;
      if (tag === 'FAIL' || process.argv.includes('--verbose')) console.log(`${tag}: ${r.id}\n   ${r.errors.join('\n   ')}`);
    }
  }
  const vendor = res.filter((r) => r.source === 'vendor');
  console.log(`vendor examples: ${vendor.length}, pass: ${vendor.filter((r) => r.ok).length}, exceptions: ${vendor.filter((r) => !r.ok && exc.has(r.id)).length}, unexplained failures: ${bugs}`);
  const seed = res.filter((r) => r.source === 'seed003');
  console.log(`seed 003 payloads: ${seed.length}, pass: ${seed.filter((r) => r.ok).length}`);
  process.exit(bugs ? 1 : 0);
}
