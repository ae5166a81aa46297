/**
 * What a 2xx answer tells the model: the resource an operation created (owned by this run), the IDs a read
 * lists (known, not owned), the number a provisioning assigned, what a delete removed.
 */
import { kindOf } from './graph';
import type { OpNode } from './graph';
import type { Obj, SweepModel } from './model';

const ID_SHAPE = /^[A-Z]{1,8}-\S+$/;

/** every ID-kind field anywhere in the body (bounded walk) */
export function idsIn(body: unknown, opPath: string, depth = 0, out: Array<{ kind: string; id: string; field: string; obj: Obj }> = []): typeof out {
  if (!body || typeof body !== 'object' || depth > 5) return out;
  if (Array.isArray(body)) {
    for (const x of body.slice(0, 50)) idsIn(x, opPath, depth + 1, out);
    return out;
  }
  for (const [k, v] of Object.entries(body as Obj)) {
    const kind = kindOf(k, opPath);
    if (kind && typeof v === 'string' && ID_SHAPE.test(v)) out.push({ kind, id: v, field: k, obj: body as Obj });
    else if (v && typeof v === 'object') idsIn(v, opPath, depth + 1, out);
  }
  return out;
}

export function harvest(node: OpNode, model: SweepModel, request: Obj | undefined, body: unknown): void {
  const path = node.op.split(' ')[1];
  const top = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Obj;
  for (const { kind, id } of idsIn(body, path)) {
    const isNew = kind === node.creates && top[Object.keys(node.produces).find((f) => node.produces[f] === kind) ?? ''] === id;
    if (kind === 'accountKey' || kind === 'availabilityRequest') continue;
    model.add(isNew ? { kind, id, owned: true, created: { ...request, ...top }, createOp: node.op } : { kind, id, owned: false });
  }
  if (node.op === 'POST /v1.0/numbers/provision' && typeof top.PhoneNumberAssigned === 'string') {
    model.add({
      kind: 'phone',
      id: top.PhoneNumberAssigned,
      owned: true,
      extra: { TNID: top.PhoneNumberId, ICCID: request?.ICCID, NumberType: request?.NumberType, status: 'Active' },
    });
  }
}
