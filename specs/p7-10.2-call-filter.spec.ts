import { test, expect, expectConformant, itemDescribe, saveId, warnUnless } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, create, expectEcho, authNegatives } from '../helpers/steps';
import { expectReadBack, expectNotListed, filterById, readList } from './p7-common';

export const meta = defineItem({
  id: 'P7-10.2',
  title: 'Call filter with allow / block lists managed incrementally; voice filter levels refused or ignored as documented (seed 003 §10.2).',
  owner: 'Partner',
  section: 'Phase 7 add-on',
  addon: true,
  scope: ['core', 'guardian'],
  saves: ['CFID'],
  dependsOn: ['6', '7'],
  description:
    'MVNO guide Phase 7 add-on (seed 003 §10.2 "Voice — Allow / Block only"; vendor OpenAPI /v1.0/subscribers/call-filter*). With AI Guardian on for calls (the OpenAPI prerequisite), a call filter is created for number A of the item 6 subscriber with an allow and a block list; numbers are added to and removed from each list one call at a time and every list is read back (the list GETs and the filter itself). Voice filter levels (CHILD / ADOLESCENT / TEENAGER) are a future release for SIP: a create with one is accepted without effect or refused, an update with one is refused (OpenAPI update enum WHITELIST | BLACKLIST) — ruling R-voice-filter-level. Selected by CERT_ADDONS=guardian; not-applicable otherwise.',
});

const BASE = '/v1.0/subscribers/call-filter';
const CREATE = `POST ${BASE}`;
const BASIS = 'seed 003 §10.2 (add responses list the previous entries plus the new ones) + vendor OpenAPI call-filter list operations';
// documentation-range numbers (NANP 555-01xx), never a subscriber's
const ALLOW = ['+18015550101', '+18015550102', '+18015550103'];
const BLOCK = ['+18015550191', '+18015550192'];

itemDescribe(meta, () => {
  let cfid = '';
  const ids = (ledger: { requireId(n: string): string }) => ({ sid: ledger.requireId('TSUID'), a: ledger.requireId('NUMBER_A') });

  test('turns AI Guardian on for calls (the call filter prerequisite)', async ({ api, ledger }) => {
    const req = { SubscriberId: ids(ledger).sid, EnableIntelligentGuardianCalls: true };
    const res = await ok(api, 'POST /v1.0/subscribers/guardian-features', { body: req });
    // vendor OpenAPI call-filter create prerequisites: "AI Guardian enabled for calls"
    expectEcho(req, res, ['SubscriberId', 'EnableIntelligentGuardianCalls'], 'subscribers/guardian-features');
  });

  test('creates a call filter with an allow and a block list and saves its ID', async ({ api, ledger }) => {
    const { sid, a } = ids(ledger);
    const req = {
      SubscriberId: sid,
      Phone: a,
      FilterMode: 'BLACKLIST',
      AllowedNumbers: [ALLOW[0]],
      BlockedNumbers: [BLOCK[0]],
      ApplyToInbound: true,
      ApplyToOutbound: true,
    };
    const res = await create(api, ledger, meta, {
      kind: 'call-filter',
      op: CREATE,
      body: req,
      idField: 'FilterId',
      idKind: 'callFilter',
      cleanup: (id) => ({ op: `POST ${BASE}/delete`, body: { CallFilterId: id } }),
      cleanupOrder: 45,
    });
    // seed 003 §10.2 response example: FilterId (CFID-), the subscriber, the phone and both lists as sent
    expectEcho(
      req,
      res,
      ['SubscriberId', 'Phone', 'FilterMode', 'AllowedNumbers', 'BlockedNumbers', 'ApplyToInbound', 'ApplyToOutbound'],
      'subscribers/call-filter',
    );
    cfid = res.FilterId;
    saveId(ledger, meta, 'CFID', cfid);
    const listed = filterById(await ok(api, `GET ${BASE}`, { query: { SubscriberId: sid } }), cfid, `GET ${BASE}`);
    expectReadBack(
      `CallFilterId:${cfid}`,
      CREATE,
      { Phone: a, FilterMode: 'BLACKLIST', AllowedNumbers: [ALLOW[0]], BlockedNumbers: [BLOCK[0]] },
      listed,
      `GET ${BASE}`,
    );
  });

  test('adds to the allow and block lists one call at a time and reads every list back', async ({ api, ledger }) => {
    const { sid } = ids(ledger);
    cfid ||= ledger.requireId('CFID');
    const allowAdd = await ok(api, `POST ${BASE}/allowed-numbers/add`, { body: { SubscriberId: sid, CallFilterId: cfid, Numbers: [ALLOW[1], ALLOW[2]] } });
    expectReadBack(`CallFilterId:${cfid}`, 'allowed-numbers/add', { AllowedNumbers: ALLOW }, allowAdd, `POST ${BASE}/allowed-numbers/add`);
    const blockAdd = await ok(api, `POST ${BASE}/blocked-numbers/add`, { body: { SubscriberId: sid, CallFilterId: cfid, Numbers: [BLOCK[1]] } });
    expectReadBack(`CallFilterId:${cfid}`, 'blocked-numbers/add', { BlockedNumbers: BLOCK }, blockAdd, `POST ${BASE}/blocked-numbers/add`);

    const q = { SubscriberId: sid, CallFilterId: cfid };
    expectReadBack(
      `CallFilterId:${cfid}`,
      'allowed-numbers/add',
      { AllowedNumbers: ALLOW },
      { AllowedNumbers: await readList(api, `GET ${BASE}/allowed-numbers`, q) },
      `GET ${BASE}/allowed-numbers`,
    );
    expectReadBack(
      `CallFilterId:${cfid}`,
      'blocked-numbers/add',
      { BlockedNumbers: BLOCK },
      { BlockedNumbers: await readList(api, `GET ${BASE}/blocked-numbers`, q) },
      `GET ${BASE}/blocked-numbers`,
    );
    const listed = filterById(await ok(api, `GET ${BASE}`, { query: { SubscriberId: sid } }), cfid, `GET ${BASE}`);
    expectReadBack(`CallFilterId:${cfid}`, 'allowed/blocked-numbers/add', { AllowedNumbers: ALLOW, BlockedNumbers: BLOCK }, listed, `GET ${BASE}`);
  });

  test('removes one entry from each list and reads the lists back without it', async ({ api, ledger }) => {
    const { sid } = ids(ledger);
    cfid ||= ledger.requireId('CFID');
    const q = { SubscriberId: sid, CallFilterId: cfid };
    const allowRm = await ok(api, `POST ${BASE}/allowed-numbers/remove`, { body: { ...q, Numbers: [ALLOW[1]] } });
    const blockRm = await ok(api, `POST ${BASE}/blocked-numbers/remove`, { body: { ...q, Numbers: [BLOCK[1]] } });
    const allowed = await readList(api, `GET ${BASE}/allowed-numbers`, q);
    const blocked = await readList(api, `GET ${BASE}/blocked-numbers`, q);
    for (const [where, list] of [
      [`POST ${BASE}/allowed-numbers/remove`, allowRm.AllowedNumbers],
      [`GET ${BASE}/allowed-numbers`, allowed],
    ] as const) {
      if (Array.isArray(list)) expectNotListed(list, [ALLOW[1]], where, BASIS);
    }
    for (const [where, list] of [
      [`POST ${BASE}/blocked-numbers/remove`, blockRm.BlockedNumbers],
      [`GET ${BASE}/blocked-numbers`, blocked],
    ] as const) {
      if (Array.isArray(list)) expectNotListed(list, [BLOCK[1]], where, BASIS);
    }
    // what was not removed is still there
    expectReadBack(
      `CallFilterId:${cfid}`,
      'allowed-numbers/remove',
      { AllowedNumbers: [ALLOW[0], ALLOW[2]] },
      { AllowedNumbers: allowed },
      `GET ${BASE}/allowed-numbers`,
    );
    expectReadBack(
      `CallFilterId:${cfid}`,
      'blocked-numbers/remove',
      { BlockedNumbers: [BLOCK[0]] },
      { BlockedNumbers: blocked },
      `GET ${BASE}/blocked-numbers`,
    );
  });

  test('voice filter levels: an update to CHILD is refused, a create with one is accepted without effect or refused (ruling R-voice-filter-level)', async ({
    api,
    ledger,
    evidence,
  }) => {
    const { sid, a } = ids(ledger);
    cfid ||= ledger.requireId('CFID');
    await updateToLevel(api, { sid, a, cfid });
    await createWithLevel(api, ledger, evidence, { sid, a });
  });

  test('refuses: no token, a token scoped elsewhere', async ({ api, ledger }) => {
    await authNegatives(api, `GET ${BASE}`, { query: { SubscriberId: ledger.requireId('TSUID') } });
  });
});

type Api = Parameters<typeof ok>[0];
type Ids = { sid: string; a: string; cfid: string };

/** An update to a voice filter level: refused (400), or ignored (200) with the stored mode unchanged (a warning otherwise). */
async function updateToLevel(api: Api, { sid, a, cfid }: Ids): Promise<void> {
  // vendor OpenAPI call-filter/update: FilterMode enum WHITELIST | BLACKLIST (no level); seed 003 §11: 400 invalid request
  const upd = await api.call(`POST ${BASE}/update`, { body: { FilterId: cfid, SubscriberId: sid, Phone: a, FilterMode: 'CHILD' }, validate: false });
  expectConformant(upd.findings, `POST ${BASE}/update with FilterMode CHILD`);
  if (upd.status !== 400) {
    expect(upd.status, `POST ${BASE}/update with FilterMode CHILD: refused (400) or ignored (200)`).toBe(200);
    const listed = filterById(await ok(api, `GET ${BASE}`, { query: { SubscriberId: sid } }), cfid, `GET ${BASE}`);
    warnUnless(String(listed.FilterMode).toUpperCase() !== 'CHILD', {
      check: 'guardian.voiceFilterLevel',
      expected: 'FilterMode WHITELIST or BLACKLIST (a voice level is not enabled for MVNOs)',
      actual: listed.FilterMode,
      message: 'call-filter/update stored a voice filter level, which seed 003 §10.2 says is not enabled for MVNOs today',
      basis: 'ruling R-voice-filter-level (seed 003 §10.2 warning; vendor OpenAPI call-filter/update FilterMode enum)',
    });
  }
}

/** A create with a voice filter level: accepted without effect (then deleted again) or refused. */
async function createWithLevel(api: Api, ledger: any, evidence: any, { sid, a }: Omit<Ids, 'cfid'>): Promise<void> {
  // seed 003 §10.2 warning: the create "can accept CHILD / ADOLESCENT / TEENAGER as FilterMode values, but voice-level
  // filtering for these modes is not enabled for MVNOs today" — a 200 (accepted, no effect) or a 400 (refused) both conform
  const key = ledger.intend({ kind: 'call-filter', createOp: CREATE, item: meta.id, cleanupOrder: 45 });
  const res = await api.call(CREATE, { body: { SubscriberId: sid, Phone: a, FilterMode: 'CHILD' } });
  expectConformant(res.findings, `${CREATE} with FilterMode CHILD`);
  expect([200, 400], `${CREATE} with FilterMode CHILD: accepted without effect (200) or refused (400), got ${res.status}`).toContain(res.status);
  const levelId = res.status === 200 ? (res.body as any)?.FilterId : undefined;
  ledger.update(
    key,
    levelId
      ? { state: 'created', id: levelId, cleanup: { op: `POST ${BASE}/delete`, body: { CallFilterId: levelId } } }
      : { state: 'failed', note: `refused ${res.status} (R-voice-filter-level)` },
  );
  evidence.note(
    res.status === 200
      ? `a voice filter level was accepted (${levelId}); per seed 003 §10.2 it has no effect for an MVNO — deleted again`
      : 'a voice filter level was refused (400)',
  );
  if (levelId) {
    await ok(api, `POST ${BASE}/delete`, { body: { CallFilterId: levelId } });
    ledger.update(key, { state: 'deleted' });
  }
}
