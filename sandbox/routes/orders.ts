import type { Sandbox } from '../core';
import type { Rec } from '../state';
import { issuedPrefix, newId } from '../util';

export function createOrder(
  sb: Sandbox,
  dist: string,
  acct: string,
  type: string,
  numbers: string[],
  status: string,
  extra: Record<string, unknown> = {},
): Rec {
  const kind = type === 'portin' || type === 'portout' ? 'portOrder' : 'order';
  const id = sb.drift.isDrift('order-id-prefix') && type === 'portin' ? newId('ORD-') : newId(issuedPrefix(sb.drift, kind));
  const now = sb.now();
  const o = sb.store.insert(
    'orders',
    id,
    dist,
    {
      OrderId: id,
      OrderType: type,
      OrderStatus: status,
      OrderStatusMessage: null,
      PhoneNumbersOrdered: numbers.map((n) => ({ Number: n })),
      history: [{ status, at: now }],
      ...extra,
    },
    acct,
  );
  o._created = now;
  return o;
}

export function setStatus(sb: Sandbox, o: Rec, status: string, message: string | null = null, at = sb.now()) {
  o.OrderStatus = status;
  o.OrderStatusMessage = message;
  o.history.push({ status, at });
}

/** "2025-12-08T00:12:08.89" (the vendor's order date format: UTC, no offset) */
export function orderDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 22);
}
