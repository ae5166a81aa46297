/** Build a request body that satisfies an operation's request schema (required fields only), from the document. */
import { getOperation, loadDocument, resolvePointer, validateRequest } from '../../protocol/contract';

function resolve(s: any): any {
  let cur = s;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 10; i++) cur = resolvePointer(loadDocument(), cur.$ref);
  if (cur && Array.isArray(cur.allOf)) {
    const merged: any = { type: 'object', properties: {}, required: [] };
    for (const b of cur.allOf.map(resolve)) {
      Object.assign(merged.properties, b?.properties ?? {});
      merged.required.push(...(b?.required ?? []));
    }
    return merged;
  }
  return cur;
}

function sampleFor(raw: any, name: string): unknown {
  const s = resolve(raw) ?? {};
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((v: unknown) => v !== null) ?? s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  if (type === 'boolean') return true;
  if (type === 'integer' || type === 'number') return s.minimum ?? 1;
  if (type === 'array') return [sampleFor(s.items ?? {}, name)];
  if (type === 'object' || s.properties) return sampleObject(s);
  if (s.format === 'e164' || /phone|number$/i.test(name)) return '+18015550100';
  if (typeof s.pattern === 'string') {
    const m = /^\^\(?([A-Z]+)(?:\|[A-Z]+)*\)?-/.exec(s.pattern);
    if (m) return `${m[1]}-8bdf915a-ef65-46c9-8c66-96c98d42d9ca`;
  }
  if (s.format === 'uri' || s.format === 'url') return 'https://example.test/hook';
  return 'sample';
}

function sampleObject(s: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of s.required ?? []) out[name] = sampleFor(s.properties?.[name] ?? {}, name);
  return out;
}

/** Minimal valid body for the operation, plus `extra` fields; throws when the result does not validate. */
export function sampleBody(opKey: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const op = getOperation(opKey);
  if (!op?.requestSchema) throw new Error(`${opKey} has no request schema`);
  const body = { ...sampleObject(resolve(op.requestSchema)), ...extra };
  const errors = validateRequest(op.key, body).filter((f) => f.severity === 'error');
  if (errors.length) throw new Error(`sampleBody(${opKey}) does not validate: ${errors.map((e) => e.message).join('; ')}`);
  return body;
}
