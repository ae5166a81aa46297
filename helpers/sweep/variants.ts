/**
 * Where one sample request is not enough: the number lifecycle. `numbers/status` is sent as park, activate or
 * cancel (seed 003 §8: StatusChange), each on a number in the state it applies to; `numbers/reactivate` on a
 * cancelled number; every other number operation on an active one. The model follows each number's state.
 */
import type { Obj } from './model';

const STATUS_OP = 'POST /v1.0/numbers/status';
const CHANGES = [
  { change: 'park', from: 'Active', to: 'Parked' },
  { change: 'activate', from: 'Parked', to: 'Active' },
  { change: 'cancel', from: 'Active', to: 'Cancelled' },
];

/** the state a number must be in for the operation (choice `n` picks the status change) */
export function numberStateWanted(op: string, n: number): string {
  if (op === STATUS_OP) return CHANGES[Math.abs(n) % CHANGES.length].from;
  if (op === 'POST /v1.0/numbers/reactivate') return 'Cancelled';
  return 'Active';
}

/** the request adjusted to the variant (the status change) */
export function applyVariant(op: string, body: Obj | undefined, n: number): Obj | undefined {
  // a package update names its package, not its items (packages/items/* manage those)
  if (op === 'POST /v1.0/packages/update' && body) return Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'PackageItems'));
  // an item's Type is its package's (the sample's "Type 3" is no package type; open question in docs/SWEEP.md)
  if (op === 'POST /v1.0/packages/items/add' && body) return Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'Type'));
  if (op !== STATUS_OP || !body) return body;
  const v = CHANGES[Math.abs(n) % CHANGES.length];
  const numbers = Array.isArray(body.PhoneNumbers) ? body.PhoneNumbers.map((p: Obj) => ({ Number: p.Number })) : body.PhoneNumbers;
  return { StatusChange: v.change, EffectiveDate: body.EffectiveDate, PhoneNumbers: numbers };
}

/** the number's state after a 2xx answer (undefined = unchanged) */
export function numberStateAfter(op: string, body: Obj | undefined): string | undefined {
  if (op === STATUS_OP) return CHANGES.find((c) => c.change === body?.StatusChange)?.to;
  if (op === 'POST /v1.0/numbers/reactivate') return 'Active';
  if (op === 'POST /v1.0/numbers/portout') return 'PortingOut';
  return undefined;
}

/** data-usage settings read back what `numbers/data-usage` set: a number whose thresholds were never set is not asked */
export function numberReady(op: string, extra: Obj): boolean {
  if (op === 'POST /v1.0/numbers/data-usage/settings') return extra.dataUsage === true;
  return true;
}

/** what a 2xx answer adds to the number's record in the model */
export function numberFactsAfter(op: string): Obj {
  return op === 'POST /v1.0/numbers/data-usage' ? { dataUsage: true } : {};
}
