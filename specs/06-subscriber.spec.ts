import { test, expect, itemDescribe, saveId } from '../helpers/fixtures';
import { registerSecret } from '../protocol/redact';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, runLabel } from '../helpers/steps';
import { unknownIdLike } from '../helpers/ids';

export const meta = defineItem({
  id: '6',
  title: 'Partner creates a Subscriber via `POST /v1.0/subscribers`.',
  owner: 'Partner',
  section: 'Intelligent Subscribers',
  scope: ['core'],
  saves: ['TSUID'],
  dependsOn: ['1'],
  description:
    'A Subscriber under the Account gets a TSUID-, echoes Name/Email/Role, reads back, and a second Subscriber with the same Email is refused (Email unique platform-wide, seed 003 §3). Path per ruling R-subscriber-create-path: the checklist says /v1.0/subscribers, the API is /v1.0/subscribers/create.',
});

itemDescribe(meta, () => {
  let sent: Record<string, any>;

  test('creates a Subscriber and saves its TSUID', async ({ api, ledger }) => {
    sent = {
      Name: 'Jane Certification',
      Email: `${runLabel(ledger, 'subscriber')}@partner.example`,
      PhoneNumbers: [],
      Role: 'Subscriber',
      Password: `Tmp-${ledger.runId.slice(0, 12)}!`,
      AccountId: ledger.id('AID') ?? '',
    };
    if (!sent.AccountId) delete sent.AccountId;
    registerSecret(sent.Password);
    const body = await create(api, ledger, meta, {
      kind: 'subscriber',
      op: 'POST /v1.0/subscribers/create',
      body: sent,
      idField: 'SubscriberId',
      idKind: 'subscriber',
    });
    expectEcho(sent, body, ['Name', 'Email', 'Role'], 'subscribers/create');
    expect(JSON.stringify(body).includes(sent.Password), 'the response never echoes the password').toBe(false);
    saveId(ledger, meta, 'TSUID', body.SubscriberId);
  });

  test('reads the Subscriber back', async ({ api, ledger }) => {
    const id = ledger.requireId('TSUID');
    const body = await ok(api, 'GET /v1.0/subscribers/get', { query: { SubscriberId: id } });
    expect(body.SubscriberId).toBe(id);
    expect(body.Email).toBe(sent.Email);
    // a secret written once is never served back: no subscriber answer of the vendor's shows a Password (seed 003 §3)
    expect(JSON.stringify(body).includes(sent.Password), 'the read never answers the password').toBe(false);
  });

  test('refuses a second Subscriber with the same Email (unique platform-wide)', async ({ api }) => {
    await refused(api, 'POST /v1.0/subscribers/create', [400], { body: { ...sent, Name: 'Duplicate' } }, 'with an Email already used');
  });

  test('refuses: no token, a token scoped elsewhere, a missing Email, a bad Role, an unknown TSUID', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/subscribers/get', { query: { SubscriberId: ledger.requireId('TSUID') } });
    const { Email: _e, ...noEmail } = sent;
    await refused(api, 'POST /v1.0/subscribers/create', [400], { body: noEmail }, 'without the required Email');
    await refused(
      api,
      'POST /v1.0/subscribers/create',
      [400],
      { body: { ...sent, Email: `x${sent.Email}`, Role: 'Superuser' } },
      'with a Role outside the enum',
    );
    await refused(api, 'GET /v1.0/subscribers/get', [404], { query: { SubscriberId: unknownIdLike(ledger.requireId('TSUID')) } }, 'for an unknown TSUID');
  });
});
