import { test, expect, itemDescribe, saveId, expectConformant, warnUnless } from '../helpers/fixtures';
import { registerSecret } from '../protocol/redact';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, expectOk, runLabel, refusedCreate } from '../helpers/steps';
import { unknownIdLike } from '../helpers/ids';
import type { ApiClient } from '../helpers/client';
import type { Ledger } from '../helpers/ledger';

export const meta = defineItem({
  id: '6',
  title: 'Partner creates a Subscriber via `POST /v1.0/subscribers`.',
  owner: 'Partner',
  section: 'Intelligent Subscribers',
  scope: ['core'],
  saves: ['TSUID'],
  dependsOn: ['1'],
  description:
    'A Subscriber under the Account gets a TSUID-, echoes Name/Email/Role, reads back, and a second Subscriber with the same Email is refused (Email unique platform-wide, seed 003 §3). A Subscriber without the Password required at create, an Email that is no address (vendor format email), PhoneNumbers not in E.164 (R-e164-request-form) and an AccountId that names no Account (404, seed 003 §11) are refused. Path per ruling R-subscriber-create-path: the checklist says /v1.0/subscribers, the API is /v1.0/subscribers/create.',
});

const CREATE = 'POST /v1.0/subscribers/create';

/** The same address with its domain in upper case: one mailbox (RFC 5321 §2.4, domains are not case-sensitive). */
function domainUpperCased(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : `${email.slice(0, at)}@${email.slice(at + 1).toUpperCase()}`;
}

/**
 * A second Subscriber with the first one's Email, its domain in upper case (the same mailbox): refused, as the same
 * Email is. Whether the platform compares Email case-insensitively is not documented (R-email-unique-case): a second
 * Subscriber is a warning, recorded in the ledger (no subscriber delete operation: kept, listed by the cleanup).
 */
async function expectEmailUniqueAcrossCase(api: ApiClient, ledger: Ledger, sent: Record<string, any>): Promise<void> {
  const email = domainUpperCased(sent.Email);
  const key = ledger.intend({ kind: 'subscriber:email-case', createOp: CREATE, item: meta.id });
  const res = await api.call(CREATE, { body: { ...sent, Email: email, Name: 'Duplicate (letter case)' } });
  const answered = res.status === 200 ? (res.body as any)?.SubscriberId : undefined;
  // the same SubscriberId again is no second Subscriber (an idempotent answer)
  const id = typeof answered === 'string' && answered && answered !== ledger.id('TSUID') ? answered : undefined;
  if (id) ledger.update(key, { state: 'created', id, note: `a second Subscriber for ${email}: no delete operation in the API` });
  else ledger.update(key, { state: 'failed', note: `not created: HTTP ${res.status}` });
  if (res.status >= 400 && res.status < 500)
    return expectConformant(res.findings, `${CREATE} (the same Email in other letter case) error body does not conform`);
  expectOk(CREATE, res);
  warnUnless(!id, {
    check: 'subscriber.email-unique-case',
    expected: `a refusal (4xx): ${email} is the mailbox of the first Subscriber (${sent.Email})`,
    actual: `HTTP ${res.status}${id ? `, SubscriberId ${id}` : ''}`,
    message: `a second Subscriber was created for ${email}, the Email of the first one with its domain in upper case: the platform compares Email case-sensitively`,
    basis: 'R-email-unique-case (seed 003 §3: Email unique across the platform; RFC 5321 §2.4: domains are not case-sensitive)',
  });
}

/** a Subscriber a refused create made anyway is listed as kept (no subscriber delete operation in the API) */
const SUBSCRIBER_BOOK = { kind: 'subscriber', idField: 'SubscriberId' };

itemDescribe(meta, () => {
  let sent: Record<string, any>;

  test('creates a Subscriber and saves its TSUID', async ({ api, ledger }) => {
    sent = {
      // free text (seed 003 §3 Name: "Free-text display name"), an apostrophe and an ampersand as real names carry them: kept as sent
      Name: "Jane O'Brien & Co Certification",
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

  test('refuses the same Email with its domain in upper case (the same mailbox; R-email-unique-case: a warning)', async ({ api, ledger }) => {
    await expectEmailUniqueAcrossCase(api, ledger, sent);
  });

  test('refuses: no token, a token scoped elsewhere, a missing Email or Password, a bad Role, an unknown TSUID', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/subscribers/get', { query: { SubscriberId: ledger.requireId('TSUID') } });
    const { Email: _e, ...noEmail } = sent;
    await refused(api, 'POST /v1.0/subscribers/create', [400], { body: noEmail }, 'without the required Email');
    // seed 003 §3 Password "Required at create" (vendor request schema required): a login is never made without one
    const { Password: _pw, ...noPassword }: Record<string, any> = { ...sent, Email: `${runLabel(ledger, 'no-password')}@partner.example` };
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIBER_BOOK, op: 'POST /v1.0/subscribers/create' },
      [400],
      noPassword,
      'without the required Password (check subscriber.password-required)',
    );
    await refused(
      api,
      'POST /v1.0/subscribers/create',
      [400],
      { body: { ...sent, Email: `x${sent.Email}`, Role: 'Superuser' } },
      'with a Role outside the enum',
    );
    await refused(api, 'GET /v1.0/subscribers/get', [404], { query: { SubscriberId: unknownIdLike(ledger.requireId('TSUID')) } }, 'for an unknown TSUID');
  });

  test('refuses an Email that is no address, PhoneNumbers not in E.164, and an AccountId that names no Account', async ({ api, ledger }) => {
    // vendor request schema: Email format email (the login and the platform-wide uniqueness key, seed 003 §3)
    const other = (tag: string) => ({ ...sent, Name: `Refused (${tag})`, Email: `${runLabel(ledger, tag)}@partner.example` });
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIBER_BOOK, op: CREATE },
      [400],
      { ...other('bad-email'), Email: runLabel(ledger, 'no-at-sign') },
      'with an Email that is no address (check subscriber.email-format)',
    );
    // seed 003 §3 PhoneNumbers "E.164 format"; R-e164-request-form: a call that creates keeps requiring the refusal
    const national = { ...other('national-phone'), PhoneNumbers: ['8015551234'] };
    await refusedCreate(
      { api, ledger, meta, book: SUBSCRIBER_BOOK, op: CREATE },
      [400],
      national,
      'with PhoneNumbers not in E.164 (check subscriber.phones-e164)',
    );
    // seed 003 §3 AccountId "The AID this subscriber belongs to"; §11: an ID that does not exist → 404 (never filed elsewhere)
    const aid = ledger.id('AID');
    if (aid)
      await refusedCreate(
        { api, ledger, meta, book: SUBSCRIBER_BOOK, op: CREATE },
        [404, 400],
        { ...other('bad-account'), AccountId: unknownIdLike(aid) },
        'with an unknown AccountId (check subscriber.account-exists)',
      );
  });
});
