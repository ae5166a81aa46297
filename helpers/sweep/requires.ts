/**
 * Operations on something that has no ID of its own (a service's items, a guardian relation, a number's
 * voicemail): they apply only after the operation that made it, on the same resource. The model keeps those
 * facts; the delete-like operation removes them.
 */
import type { SweepModel } from './model';

interface Requirement {
  after: string;
  kind: string;
  /** this operation removes the fact */
  ends?: boolean;
}

const REQUIRES: Record<string, Requirement> = {
  'POST /v1.0/services/items/update': { after: 'POST /v1.0/services/items/add', kind: 'service' },
  'POST /v1.0/services/items/delete': { after: 'POST /v1.0/services/items/add', kind: 'service', ends: true },
  'POST /v1.0/subscribers/guardians/relation/delete': { after: 'POST /v1.0/subscribers/guardians/relation', kind: 'subscriber', ends: true },
  'POST /v1.0/numbers/voicemail/update': { after: 'POST /v1.0/numbers/voicemail/activate', kind: 'phone' },
  'POST /v1.0/numbers/voicemail/delete': { after: 'POST /v1.0/numbers/voicemail/activate', kind: 'phone', ends: true },
};
const MAKERS = new Map(Object.values(REQUIRES).map((r) => [r.after, r.kind]));

const fact = (op: string, id: string) => `${op}|${id}`;

/** the operation's request may be sent: what it works on was made before (on the resource it names) */
export function satisfied(op: string, uses: Record<string, string>, model: SweepModel): boolean {
  const r = REQUIRES[op];
  return !r || (!!uses[r.kind] && model.facts.has(fact(r.after, uses[r.kind])));
}

/** after a 2xx answer: record what the operation made, forget what it removed */
export function remember(op: string, uses: Record<string, string>, model: SweepModel): void {
  const kind = MAKERS.get(op);
  if (kind && uses[kind]) model.facts.add(fact(op, uses[kind]));
  const r = REQUIRES[op];
  if (r?.ends && uses[r.kind]) model.facts.delete(fact(r.after, uses[r.kind]));
}
