/** A run ledger for the porting self-tests: a first run that ended PENDING on a slow carrier. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LedgerResource, LedgerState } from '../../helpers/ledger';

const UNDO: Record<string, (id: string) => LedgerResource['cleanup']> = {
  'portin-order:main': (id) => ({ op: 'POST /v1.0/numbers/portin/cancel', body: { OrderId: id } }),
  subscription: (id) => ({ op: 'POST /v1.0/subscriptions/delete', body: { SubscriptionId: id } }),
  number: () => ({
    op: 'POST /v1.0/numbers/status',
    body: { StatusChange: 'cancel', EffectiveDate: '01/01/2026', PhoneNumbers: [{ Number: '+13125550100' }] },
  }),
  product: (id) => ({ op: 'POST /v1.0/products/delete', body: { ProductId: id } }),
  'message-route': (id) => ({ op: 'POST /v1.0/message/routes/delete', body: { MessageRouteId: id } }),
};

const ended = '2026-01-01T00:00:00.000Z';

function res(key: string, kind: string, item: string, op: string, id: string, order: number): LedgerResource {
  return {
    key,
    kind,
    item,
    createOp: op,
    id,
    state: 'created',
    createdAt: ended,
    cleanupOrder: order,
    cleanup: UNDO[kind](id),
    ...(kind.startsWith('portin') ? { lookup: { PhoneNumber: '+13125550142' } } : {}),
  };
}

/** The ledger of a first run that ended PENDING on a slow carrier (8c, 8e, 18, 19 pending; the rest passed). */
export function pendingLedger(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-resume-protect-'))): string {
  const file = path.join(dir, 'run-state.json');
  const items: LedgerState['items'] = {};
  for (const id of ['1', '2', '3', '4', '5', '6', '7', '8', '8a', '8b', '8d', '8f', '9', '10', '11', '12', '13', '14', '15', '16'])
    items[id] = { status: 'passed', endedAt: ended, ids: {} };
  for (const id of ['8c', '8e', '18', '19']) items[id] = { status: 'pending', endedAt: ended, reason: 'waiting', ids: {} };
  const st: LedgerState = {
    version: 1,
    runId: 'run-resume-protect',
    startedAt: ended,
    updatedAt: ended,
    target: 'http://127.0.0.1:1',
    profile: 'mvno-full',
    ids: {},
    items,
    resources: [
      res('p1', 'portin-order:main', '8b', 'POST /v1.0/numbers/portin', 'JNOID-OPEN', 60),
      res('s1', 'subscription', '9', 'POST /v1.0/subscriptions', 'SUB-1', 90),
      res('n1', 'number', '7', 'POST /v1.0/numbers', 'TN-7', 50),
      res('r1', 'product', '2', 'POST /v1.0/products', 'PRID-1', 10),
      res('m1', 'message-route', '4', 'POST /v1.0/message/routes', 'MR-1', 20),
    ],
    data: {},
  };
  fs.writeFileSync(file, JSON.stringify(st));
  return file;
}
