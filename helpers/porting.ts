/**
 * Port-in helpers for items 8a–8e: submit, watch an order's status through GET /v1.0/numbers/order,
 * keep every status observed (with its time) in the ledger so a resumed run continues the history.
 */
import { expect } from './fixtures';
import type { ApiClient } from './client';
import type { Ledger } from './ledger';
import type { ItemMeta } from './item';
import type { SuiteConfig } from './config';
import type { Evidence } from './evidence';
import { create, ok, type Json } from './steps';
import { pollUntil } from './progress';
import { registerSecret } from './redact';

/** The six statuses the checklist (item 8e) says a partner must be able to read. */
export const PORT_STATUSES = ['Submitted', 'Pending Carrier Approval', 'Scheduled', 'Completed', 'Rejected', 'Cancelled'] as const;

export interface ObservedStatus {
  orderId: string;
  status: string;
  message?: string;
  at: string;
}

export function observed(ledger: Ledger): ObservedStatus[] {
  return ledger.getData<ObservedStatus[]>('portStatuses') ?? [];
}

function remember(ledger: Ledger, ev: Evidence | undefined, o: ObservedStatus): void {
  const all = observed(ledger);
  const last = [...all].reverse().find((x) => x.orderId === o.orderId);
  if (last?.status === o.status) return;
  all.push(o);
  ledger.setData('portStatuses', all);
  ev?.portStatus(o.orderId, o.status, o.message);
}

export async function readOrder(api: ApiClient, ledger: Ledger, orderId: string, ev?: Evidence): Promise<Json> {
  const o = await ok(api, 'GET /v1.0/numbers/order', { query: { OrderId: orderId } });
  expect(o.OrderId).toBe(orderId);
  remember(ledger, ev, { orderId, status: String(o.OrderStatus), message: o.OrderStatusMessage ?? undefined, at: new Date().toISOString() });
  return o;
}

/** Polls the order (the vendor's monitoring method: "poll the order") until `done(status)` or the wait runs out. */
export async function watchOrder(
  api: ApiClient,
  ledger: Ledger,
  cfg: SuiteConfig,
  orderId: string,
  done: (status: string) => boolean,
  label: string,
  ev?: Evidence,
): Promise<Json | undefined> {
  let last = '';
  return pollUntil(
    async () => {
      const o = await readOrder(api, ledger, orderId, ev);
      last = String(o.OrderStatus);
      return done(last) ? o : undefined;
    },
    { timeoutMs: cfg.portInWaitMs, intervalMs: cfg.pollMs, label, detail: () => `last status: ${last || '—'}` },
  );
}

export function portInRequest(cfg: SuiteConfig, number: string, accountNumber: string): Json {
  registerSecret(cfg.portIn.accountPassword);
  return {
    PortInNumber: number,
    CurrentCarrierName: cfg.portIn.carrierName,
    CurrentAccountNumber: accountNumber,
    CurrentAccountPassword: cfg.portIn.accountPassword,
    TargetPortinClassification: 'mvno',
    SubscriberName: 'Jane Certification',
    CurrentBillingAddress: { Street1: '2701 N Thanksgiving Way', Street2: 'Suite 202', City: 'Lehi', State: 'UT', Zip: '84043' },
  };
}

export async function submitPortIn(api: ApiClient, ledger: Ledger, meta: ItemMeta, req: Json, label: string): Promise<Json> {
  return create(api, ledger, meta, {
    kind: `portin-order:${label}`,
    op: 'POST /v1.0/numbers/portin',
    body: req,
    idField: 'OrderId',
    idKind: 'order',
    lookup: { PhoneNumber: req.PortInNumber },
    cleanup: (id) => ({ op: 'POST /v1.0/numbers/portin/cancel', body: { OrderId: id } }),
    cleanupOrder: 60,
  });
}
