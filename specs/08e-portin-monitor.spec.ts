import { test, expect, itemDescribe, markPending } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { watchOrder, observed, PORT_STATUSES } from '../helpers/porting';

export const meta = defineItem({
  id: '8e',
  title: 'Order status monitored via `GET /v1.0/numbers/order?OrderId=…` and partner can read all statuses (`Submitted`, `Pending Carrier Approval`, `Scheduled`, `Completed`, `Rejected`, `Cancelled`).',
  owner: 'Partner',
  scope: ['core', 'porting'],
  saves: [],
  dependsOn: ['8b', '8c', '8d'],
  description:
    'The corrected port-in is monitored to Completed (a real port can take days: the item is then pending and `npm run certify -- --resume` finishes it); across the orders every one of the six statuses has been read at least once, each listed with the time it was seen (seed 001 item 8e).',
});

itemDescribe(meta, () => {
  test('the corrected port-in completes', async ({ api, ledger, config, evidence }) => {
    const orderId = ledger.requireId('PORTIN_ORDER');
    const o = await watchOrder(api, ledger, config, orderId, (s) => s === 'Completed' || s === 'Cancelled' || s === 'Rejected', 'the port-in to complete', evidence);
    if (!o) markPending(`port-in ${orderId} still open after ${Math.round(config.portInWaitMs / 1000)} s: resume later with npm run certify -- --resume`);
    expect(o!.OrderStatus, `port-in ${orderId} final status`).toBe('Completed');
  });

  test('every one of the six statuses was read, each with its time', async ({ ledger, evidence }) => {
    const seen = observed(ledger);
    for (const s of seen) evidence.portStatus(s.orderId, s.status, s.message);
    const missing = PORT_STATUSES.filter((s) => !seen.some((x) => x.status === s));
    expect(missing, `statuses never observed through GET /v1.0/numbers/order: ${missing.join(', ')}`).toEqual([]);
    const unknown = seen.filter((x) => !(PORT_STATUSES as readonly string[]).includes(x.status));
    for (const u of unknown) evidence.note(`order ${u.orderId} reported status "${u.status}" (not one of the six checklist statuses)`, 'R-order-status');
  });
});
