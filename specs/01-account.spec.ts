import { test, expect, itemDescribe, saveId } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, runLabel } from '../helpers/steps';

export const meta = defineItem({
  id: '1',
  title: 'Partner creates a child Account under their Distributor via the API.',
  owner: 'Partner',
  scope: ['core', 'child-accounts'],
  saves: ['AID'],
  dependsOn: [],
  description: 'POST /v1.0/account/create returns an AID- AccountId that echoes the name and reads back through GET /v1.0/account (seed 003 §2).',
});

itemDescribe(meta, () => {
  let request: Record<string, any>;

  test('creates a child Account and saves its AID', async ({ api, ledger }) => {
    request = {
      AccountName: runLabel(ledger, 'account'),
      AccountAdmin: `ops+${ledger.runId.slice(0, 8)}@partner.example`,
      BillingAddress: { Street1: '100 Main St', Street2: 'Suite 200', City: 'Lehi', State: 'Utah', Zip: '84043', Country: 'USA' },
    };
    // No delete operation exists for accounts (143 operations, none deletes an Account): the ledger keeps it as created.
    const body = await create(api, ledger, meta, { kind: 'account', op: 'POST /v1.0/account/create', body: request, idField: 'AccountId', idKind: 'account' });
    expectEcho(request, body, ['AccountName'], 'account/create');
    expect(body.TotalSubscribers, 'a new Account has no subscribers').toBe(0);
    saveId(ledger, meta, 'AID', body.AccountId);
  });

  test('reads the Account back with the same name', async ({ api, ledger }) => {
    const aid = ledger.requireId('AID');
    const body = await ok(api, 'GET /v1.0/account', { query: { AccountId: aid } });
    expect(body.AccountId).toBe(aid);
    expect(body.AccountName).toBe(request.AccountName);
  });

  test('refuses: no token, a token scoped elsewhere, a missing AccountName, an unknown AID', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/account', { query: { AccountId: ledger.requireId('AID') } });
    await refused(api, 'POST /v1.0/account/create', [400], { body: { AccountAdmin: 'x@partner.example' } }, 'without the required AccountName');
    await refused(api, 'GET /v1.0/account', [404], { query: { AccountId: 'AID-00000000-0000-4000-8000-00000000dead' } }, 'for an unknown AID');
  });
});
