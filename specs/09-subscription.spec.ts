import { test, expect, itemDescribe, saveId, expectConformant } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { unknownIdLike } from '../helpers/ids';
import { expectListed } from '../helpers/list-settle';
import { create, ok, refused, refusedCreate, authNegatives, expectEcho, expectOk, type Json } from '../helpers/steps';
import { numberTypeOf } from '../helpers/numbers';
import { itemsOf, type ApiClient, type CallResult } from '../helpers/client';
import type { SuiteConfig } from '../helpers/config';
import type { Ledger } from '../helpers/ledger';
import type { Evidence } from '../helpers/evidence';
import { semantics } from '../protocol/contract';

export const meta = defineItem({
  id: '9',
  title: 'Partner creates a Subscription via `POST /v1.0/subscriptions` referencing `SubscriberId`, `TNID`, `ICCID`, and `PackageId`.',
  owner: 'Partner',
  section: 'Intelligent Subscriptions',
  scope: ['core'],
  saves: ['SUB'],
  dependsOn: ['3', '6', '7'],
  description:
    'The Subscription ties the Subscriber, number A (TNID), an ICCID and the Package: SUB-, echoes every reference, Active, reads back and is listed under the Package (seed 003 §7); a Subscription on an unknown PackageId or TNID (400/404, seed 003 §11), without its required Type, or of a Type other than that of its number (400) is refused.',
});

/** The subscription Type matches the number it bills (seed 003 §7): Iot for the IoT profile's numbers, Mvno otherwise. */
function subscriptionTypeOf(cfg: SuiteConfig): string {
  return numberTypeOf(cfg) === 'iot' ? 'Iot' : 'Mvno';
}

const SUBSCRIBE = 'POST /v1.0/subscriptions';
const ONE_PER_NUMBER_BASIS = 'seed 003 §7 ("One Subscription per number"); ruling R-subscription-tnid-optional';

/**
 * The reconciliation probe of the second create (a lost answer is never resent blind): a Subscription on the same
 * number other than the first one, found in the distributor's list — the effect the second create must not have.
 */
function otherSubscription(api: ApiClient, sent: Json, first: string): () => Promise<Json | undefined> {
  return async () => {
    const r = await api.call('GET /v1.0/distributor/subscriptions');
    if (r.status !== 200)
      throw new Error(`reconciliation lookup answered HTTP ${r.status}: cannot tell whether the second ${SUBSCRIBE} took effect (not resent)`);
    return itemsOf(r.body).find(
      (x) => semantics.sameScalar(sent.TNID, x.TNID ?? x.Tnid) && typeof x.SubscriptionId === 'string' && !semantics.sameScalar(first, x.SubscriptionId),
    );
  };
}

/**
 * The same create sent again for a number that already has a Subscription (seed 003 §7: one Subscription per number):
 * refused (4xx), or answered with the same SubscriptionId (an idempotent platform). A second SubscriptionId is a second
 * billing relationship on the number: it is written to the ledger for cleanup, then the item fails.
 */
async function expectNoSecondSubscription(api: ApiClient, ledger: Ledger, evidence: Evidence, sent: Json): Promise<void> {
  const first = ledger.requireId('SUB');
  const key = ledger.intend({ kind: 'subscription:duplicate', createOp: SUBSCRIBE, item: meta.id, cleanupOrder: 40 });
  let res: CallResult;
  try {
    res = await api.call(SUBSCRIBE, { body: sent, reconcile: otherSubscription(api, sent, first), reconcileIdField: 'SubscriptionId' });
  } catch (e) {
    // the outcome is unknown (an answer lost and not reconciled): never booked "not created" — listed by cleanup as kept
    const note = `outcome unknown: look for a second Subscription on ${sent.TNID} and delete it (${String((e as Error).message).slice(0, 160)})`;
    ledger.update(key, { state: 'created', note });
    throw e;
  }
  const id = res.status === 200 ? (res.body as Json)?.SubscriptionId : undefined;
  const second = typeof id === 'string' && id && !semantics.sameScalar(first, id) ? id : undefined;
  if (second) ledger.update(key, { state: 'created', id: second, cleanup: { op: 'POST /v1.0/subscriptions/delete', body: { SubscriptionId: second } } });
  else ledger.update(key, { state: 'failed', note: `not created: HTTP ${res.status}${id ? `, the same SubscriptionId ${id}` : ''}` });
  if (res.status >= 400 && res.status < 500) {
    expectConformant(res.findings, `${SUBSCRIBE} (a second Subscription for the number) error body does not conform`);
    evidence.note(`a second Subscription for ${sent.TNID} was refused (HTTP ${res.status})`);
    return;
  }
  expectOk(SUBSCRIBE, res);
  if (!second) evidence.note(`the same create sent again answered the same SubscriptionId ${first} (idempotent)`);
  const finding = {
    check: 'subscription.one-per-number',
    severity: 'error' as const,
    op: SUBSCRIBE,
    pointer: '/SubscriptionId',
    expected: `a refusal (4xx) or the same SubscriptionId ${first}`,
    actual: String(second),
    message: `a second Subscription ${second} was created for number ${sent.TNID}, which already has ${first} (the number is billed twice)`,
    basis: ONE_PER_NUMBER_BASIS,
  };
  expectConformant(second ? [finding] : [], 'one Subscription per number');
}

/** a Subscription a refused create made anyway (a billing relationship) is deleted by the cleanup */
const SUBSCRIPTION_BOOK = {
  kind: 'subscription',
  idField: 'SubscriptionId',
  cleanup: (id: string) => ({ op: 'POST /v1.0/subscriptions/delete', body: { SubscriptionId: id } }),
  cleanupOrder: 40,
};

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
    // the number's ID in either of the vendor's spellings (TNID: subscriptions, GET /v1.0/numbers; Tnid: inventory, numbers/update)
    expect(semantics.getCi(body, 'TNID')?.value, 'the Subscription reads back on number A').toBe(sent.TNID);
    // the activation the create answered (Active true) is the Subscription's state, not only its answer (vendor OpenAPI
    // GET /v1.0/subscriptions: "… and active status"; seed 003 §7: the Subscription is what kicks off recurring charges)
    expect(body.Active, 'the Subscription reads back Active, as its create answered').not.toBe(false);
    // read again within the read settle window: a list may trail the write (R-read-after-write)
    const op = 'GET /v1.0/packages/subscriptions';
    await expectListed(api, {
      op,
      read: async () => ((await ok(api, op, { query: { PackageId: ledger.requireId('PKID') } })).Subscriptions ?? []) as any[],
      has: (x) => x?.SubscriptionId === id,
      id,
      after: SUBSCRIBE,
      what: 'the Package lists the Subscription',
    });
  });

  test('the same create again yields no second Subscription on number A (one Subscription per number)', async ({ api, ledger, evidence }) => {
    await expectNoSecondSubscription(api, ledger, evidence, sent);
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

  test("refuses a Subscription on an unknown PackageId or TNID, without its Type, or of a Type not the number's", async ({ api, ledger, config }) => {
    // sent without the number (TNID optional, R-subscription-tnid-optional): "one Subscription per number" cannot
    // answer for the check. PackageId names the price plan (seed 003 §7 "PKID from Section 6.2"; §11: unknown ID → 404)
    const { TNID: _t, ICCID: _i, ...noNumber } = sent;
    const unknownPackage = { ...noNumber, PackageId: unknownIdLike(ledger.requireId('PKID')) };
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIPTION_BOOK, op: SUBSCRIBE },
      [400, 404],
      unknownPackage,
      'for an unknown PackageId (check subscription.package-exists)',
    );
    // Type is required (vendor request schema; seed 003 §7 "must match the kind of number the Subscription is on")
    const { Type: _type, ...noType } = noNumber;
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIPTION_BOOK, op: SUBSCRIBE },
      [400],
      noType,
      'without the required Type (check subscription.type-required)',
    );
    // a TNID that names no number (seed 003 §7 TNID "issued by /numbers/provision or /numbers/portin"; §11: 404)
    const unknownNumber = { ...noNumber, TNID: unknownIdLike(ledger.requireId('TNID')) };
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIPTION_BOOK, op: SUBSCRIBE },
      [400, 404],
      unknownNumber,
      'for an unknown TNID (check subscription.number-exists)',
    );
    // on number B (no Subscription yet), the Type of the other kind of number (seed 003 §7; §11: 400 for an invalid value)
    const other = subscriptionTypeOf(config) === 'Iot' ? 'Mvno' : 'Iot';
    const mismatch = { ...noNumber, TNID: ledger.requireId('TNID_B'), Type: other };
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIPTION_BOOK, op: SUBSCRIBE },
      [400],
      mismatch,
      `with Type ${other} on a ${subscriptionTypeOf(config)} number (check subscription.type-matches-number)`,
    );
  });
});
