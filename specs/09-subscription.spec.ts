import { test, expect, itemDescribe, saveId } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho } from '../helpers/steps';
import { numberTypeOf } from '../helpers/numbers';
import type { SuiteConfig } from '../helpers/config';

export const meta = defineItem({
  id: '9',
  title: 'Partner creates a Subscription via `POST /v1.0/subscriptions` referencing `SubscriberId`, `TNID`, `ICCID`, and `PackageId`.',
  owner: 'Partner',
  section: 'Intelligent Subscriptions',
  scope: ['core'],
  saves: ['SUB'],
  dependsOn: ['3', '6', '7'],
  description:
    'The Subscription ties the Subscriber, number A (TNID), an ICCID and the Package: SUB-, echoes every reference, Active, reads back and is listed under the Package (seed 003 §7).',
});

/** The subscription Type matches the number it bills (seed 003 §7): Iot for the IoT profile's numbers, Mvno otherwise. */
function subscriptionTypeOf(cfg: SuiteConfig): string {
  return numberTypeOf(cfg) === 'iot' ? 'Iot' : 'Mvno';
}

itemDescribe(meta, () => {
  let sent: Record<string, any>;

  test('creates the Subscription and saves its SUB', async ({ api, ledger, config }) => {
    const iccid = ledger.id('ICCID_A'); // the SIM paired with number A, when there is one (seed 003 §7: ICCID optional)
    sent = {
      SubscriberId: ledger.requireId('TSUID'),
      TNID: ledger.requireId('TNID'),
      ...(iccid ? { ICCID: iccid } : {}),
      PackageId: ledger.requireId('PKID'),
      Type: subscriptionTypeOf(config),
    };
    const body = await create(api, ledger, meta, {
      kind: 'subscription',
      op: 'POST /v1.0/subscriptions',
      body: sent,
      idField: 'SubscriptionId',
      idKind: 'subscription',
      cleanup: (id) => ({ op: 'POST /v1.0/subscriptions/delete', body: { SubscriptionId: id } }),
      cleanupOrder: 40,
    });
    expectEcho(sent, body, ['SubscriberId', 'TNID', ...(sent.ICCID ? ['ICCID'] : []), 'PackageId'], 'subscriptions');
    expect(body.Active).toBe(true);
    saveId(ledger, meta, 'SUB', body.SubscriptionId);
  });

  test('reads the Subscription back and finds it under the Package', async ({ api, ledger }) => {
    const id = ledger.requireId('SUB');
    const body = await ok(api, 'GET /v1.0/subscriptions', { query: { SubscriptionId: id } });
    expect(body.SubscriptionId).toBe(id);
    expect(body.TNID).toBe(sent.TNID);
    const byPackage = await ok(api, 'GET /v1.0/packages/subscriptions', { query: { PackageId: ledger.requireId('PKID') } });
    const list: any[] = byPackage.Subscriptions ?? [];
    expect(
      list.map((x) => x.SubscriptionId),
      'the Package lists the Subscription',
    ).toContain(id);
  });

  test('refuses: no token, a token scoped elsewhere, a missing PackageId, an unknown SubscriberId', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/subscriptions', { query: { SubscriptionId: ledger.requireId('SUB') } });
    const { PackageId: _p, ...noPackage } = sent;
    await refused(api, 'POST /v1.0/subscriptions', [400], { body: noPackage }, 'without PackageId');
    await refused(
      api,
      'POST /v1.0/subscriptions',
      [400, 404],
      { body: { ...sent, SubscriberId: 'TSUID-00000000-0000-4000-8000-00000000dead' } },
      'for an unknown SubscriberId',
    );
  });
});
