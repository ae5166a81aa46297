import { test, itemDescribe, saveId, warnUnless } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, create, expectEcho, authNegatives, type Json } from '../helpers/steps';
import { expectReadBack, expectNotListed, filterById, readList } from './p7-common';

export const meta = defineItem({
  id: 'P7-10.3',
  title: 'Message filter with a filter level and incremental allowed / blocked contacts (seed 003 §10.3).',
  owner: 'Partner',
  section: 'Phase 7 add-on',
  addon: true,
  scope: ['core', 'guardian'],
  saves: ['MFID'],
  dependsOn: ['6', '7'],
  description:
    'MVNO guide Phase 7 add-on (seed 003 §10.3 "SMS — Allow / Block + Filter Levels"; vendor OpenAPI /v1.0/subscribers/message-filter*). With AI Guardian on for messages (the OpenAPI prerequisite), a message filter is created for number A of the item 6 subscriber with FilterMode ACTIVE, an SMS filter level and an allowed and a blocked contact; contacts are added to and removed from each list one call at a time and read back (the list GETs and the filter itself); the mode and the level are changed and read back. The level\'s field is not documented (ruling R-sms-filter-level): its read-back is a warning. Selected by CERT_ADDONS=guardian; not-applicable otherwise.',
});

const BASE = '/v1.0/subscribers/message-filter';
const CREATE = `POST ${BASE}`;
const BASIS = 'seed 003 §10.3 (add responses list the previous contacts plus the new ones) + vendor OpenAPI message-filter contact operations';
const LEVEL_BASIS = 'ruling R-sms-filter-level (seed 003 §10.3 names the levels CHILD | ADOLESCENT | TEENAGER; no documented field carries them)';
const ALLOW = ['+18015550121', '+18015550122', '+18015550123'];
const BLOCK = ['+18015550181', '+18015550182'];

function levelReadsBack(read: Json, level: string, where: string): void {
  warnUnless(String(read?.FilterLevel ?? '').toUpperCase() === level, {
    check: 'guardian.smsFilterLevel',
    expected: `FilterLevel ${level}`,
    actual: read?.FilterLevel ?? 'missing',
    message: `${where} does not read back the SMS filter level ${level}`,
    basis: LEVEL_BASIS,
  });
}

itemDescribe(meta, () => {
  let mfid = '';
  const ids = (ledger: { requireId(n: string): string }) => ({ sid: ledger.requireId('TSUID'), a: ledger.requireId('NUMBER_A') });

  test('turns AI Guardian on for messages (the message filter prerequisite)', async ({ api, ledger }) => {
    const req = { SubscriberId: ids(ledger).sid, EnableIntelligentGuardianMessages: true };
    const res = await ok(api, 'POST /v1.0/subscribers/guardian-features', { body: req });
    // vendor OpenAPI message-filter create prerequisites: "AI Guardian enabled for messages"
    expectEcho(req, res, ['SubscriberId', 'EnableIntelligentGuardianMessages'], 'subscribers/guardian-features');
  });

  test('creates an ACTIVE message filter with a filter level and an allowed and a blocked contact', async ({ api, ledger }) => {
    const { sid, a } = ids(ledger);
    const req = {
      SubscriberId: sid,
      Phone: a,
      FilterMode: 'ACTIVE',
      FilterLevel: 'TEENAGER',
      AllowedContacts: [ALLOW[0]],
      BlockedContacts: [BLOCK[0]],
      ApplyToInbound: true,
      ApplyToOutbound: true,
      BlockLinks: true,
      BlockMedia: true,
    };
    const res = await create(api, ledger, meta, {
      kind: 'message-filter',
      op: CREATE,
      body: req,
      idField: 'FilterId',
      idKind: 'messageFilter',
      cleanup: (id) => ({ op: `POST ${BASE}/delete`, body: { MessageFilterId: id } }),
      cleanupOrder: 45,
    });
    // seed 003 §10.3 response example: FilterId (MFID-), the subscriber, phone, mode, both lists and the switches as sent
    expectEcho(
      req,
      res,
      ['SubscriberId', 'Phone', 'FilterMode', 'AllowedContacts', 'BlockedContacts', 'ApplyToInbound', 'ApplyToOutbound', 'BlockLinks', 'BlockMedia'],
      'subscribers/message-filter',
    );
    levelReadsBack(res, 'TEENAGER', CREATE);
    mfid = res.FilterId;
    saveId(ledger, meta, 'MFID', mfid);
    const listed = filterById(await ok(api, `GET ${BASE}`, { query: { SubscriberId: sid } }), mfid, `GET ${BASE}`);
    expectReadBack(
      `MessageFilterId:${mfid}`,
      CREATE,
      { Phone: a, FilterMode: 'ACTIVE', AllowedContacts: [ALLOW[0]], BlockedContacts: [BLOCK[0]], BlockLinks: true, BlockMedia: true },
      listed,
      `GET ${BASE}`,
    );
    levelReadsBack(listed, 'TEENAGER', `GET ${BASE}`);
  });

  test('adds contacts to each list one call at a time and reads every list back', async ({ api, ledger }) => {
    const { sid } = ids(ledger);
    mfid ||= ledger.requireId('MFID');
    const q = { SubscriberId: sid, MessageFilterId: mfid };
    const allowAdd = await ok(api, `POST ${BASE}/allowed-contacts/add`, { body: { ...q, Contacts: [ALLOW[1]] } });
    expectReadBack(`MessageFilterId:${mfid}`, 'allowed-contacts/add', { AllowedContacts: ALLOW.slice(0, 2) }, allowAdd, `POST ${BASE}/allowed-contacts/add`);
    const allowAdd2 = await ok(api, `POST ${BASE}/allowed-contacts/add`, { body: { ...q, Contacts: [ALLOW[2]] } });
    expectReadBack(`MessageFilterId:${mfid}`, 'allowed-contacts/add', { AllowedContacts: ALLOW }, allowAdd2, `POST ${BASE}/allowed-contacts/add`);
    const blockAdd = await ok(api, `POST ${BASE}/blocked-contacts/add`, { body: { ...q, Contacts: [BLOCK[1]] } });
    expectReadBack(`MessageFilterId:${mfid}`, 'blocked-contacts/add', { BlockedContacts: BLOCK }, blockAdd, `POST ${BASE}/blocked-contacts/add`);

    expectReadBack(
      `MessageFilterId:${mfid}`,
      'allowed-contacts/add',
      { AllowedContacts: ALLOW },
      { AllowedContacts: await readList(api, `GET ${BASE}/allowed-contacts`, q) },
      `GET ${BASE}/allowed-contacts`,
    );
    expectReadBack(
      `MessageFilterId:${mfid}`,
      'blocked-contacts/add',
      { BlockedContacts: BLOCK },
      { BlockedContacts: await readList(api, `GET ${BASE}/blocked-contacts`, q) },
      `GET ${BASE}/blocked-contacts`,
    );
    const listed = filterById(await ok(api, `GET ${BASE}`, { query: { SubscriberId: sid } }), mfid, `GET ${BASE}`);
    expectReadBack(`MessageFilterId:${mfid}`, 'allowed/blocked-contacts/add', { AllowedContacts: ALLOW, BlockedContacts: BLOCK }, listed, `GET ${BASE}`);
  });

  test('removes one contact from each list and reads the lists back without it', async ({ api, ledger }) => {
    const { sid } = ids(ledger);
    mfid ||= ledger.requireId('MFID');
    const q = { SubscriberId: sid, MessageFilterId: mfid };
    const allowRm = await ok(api, `POST ${BASE}/allowed-contacts/remove`, { body: { ...q, Contacts: [ALLOW[1]] } });
    const blockRm = await ok(api, `POST ${BASE}/blocked-contacts/remove`, { body: { ...q, Contacts: [BLOCK[1]] } });
    const allowed = await readList(api, `GET ${BASE}/allowed-contacts`, q);
    const blocked = await readList(api, `GET ${BASE}/blocked-contacts`, q);
    for (const [where, list] of [
      [`POST ${BASE}/allowed-contacts/remove`, allowRm.AllowedContacts],
      [`GET ${BASE}/allowed-contacts`, allowed],
    ] as const) {
      if (Array.isArray(list)) expectNotListed(list, [ALLOW[1]], where, BASIS);
    }
    for (const [where, list] of [
      [`POST ${BASE}/blocked-contacts/remove`, blockRm.BlockedContacts],
      [`GET ${BASE}/blocked-contacts`, blocked],
    ] as const) {
      if (Array.isArray(list)) expectNotListed(list, [BLOCK[1]], where, BASIS);
    }
    expectReadBack(
      `MessageFilterId:${mfid}`,
      'allowed-contacts/remove',
      { AllowedContacts: [ALLOW[0], ALLOW[2]] },
      { AllowedContacts: allowed },
      `GET ${BASE}/allowed-contacts`,
    );
    expectReadBack(
      `MessageFilterId:${mfid}`,
      'blocked-contacts/remove',
      { BlockedContacts: [BLOCK[0]] },
      { BlockedContacts: blocked },
      `GET ${BASE}/blocked-contacts`,
    );
  });

  test('changes the filter level and the mode (MONITOR_ONLY) and reads both back', async ({ api, ledger }) => {
    const { sid, a } = ids(ledger);
    mfid ||= ledger.requireId('MFID');
    // vendor OpenAPI message-filter/update: FilterId required, Phone "required even when SubscriberId is provided"
    const req = { FilterId: mfid, SubscriberId: sid, Phone: a, FilterMode: 'MONITOR_ONLY', FilterLevel: 'CHILD' };
    const res = await ok(api, `POST ${BASE}/update`, { body: req });
    expectEcho(req, res, ['FilterId', 'FilterMode'], 'subscribers/message-filter/update');
    levelReadsBack(res, 'CHILD', `POST ${BASE}/update`);
    const listed = filterById(await ok(api, `GET ${BASE}`, { query: { SubscriberId: sid } }), mfid, `GET ${BASE}`);
    expectReadBack(
      `MessageFilterId:${mfid}`,
      `POST ${BASE}/update`,
      { FilterMode: 'MONITOR_ONLY', AllowedContacts: [ALLOW[0], ALLOW[2]], BlockedContacts: [BLOCK[0]] },
      listed,
      `GET ${BASE}`,
    );
    levelReadsBack(listed, 'CHILD', `GET ${BASE}`);
  });

  test('refuses: no token, a token scoped elsewhere', async ({ api, ledger }) => {
    await authNegatives(api, `GET ${BASE}`, { query: { SubscriberId: ledger.requireId('TSUID') } });
  });
});
