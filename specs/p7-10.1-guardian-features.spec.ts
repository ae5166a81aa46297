import { test, itemDescribe, warnUnless } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, refused, expectEcho, authNegatives } from '../helpers/steps';
import { expectReadBack } from './p7-common';

export const meta = defineItem({
  id: 'P7-10.1',
  title: 'AI Guardian features turned on and off for a subscriber and read back (seed 003 §10.1).',
  owner: 'Partner',
  section: 'Phase 7 add-on',
  addon: true,
  scope: ['core', 'guardian'],
  saves: [],
  dependsOn: ['6'],
  description:
    'MVNO guide Phase 7 add-on (seed 003 §10.1; vendor OpenAPI POST/GET /v1.0/subscribers/guardian-features). On the subscriber of item 6, both AI Guardian flags (EnableIntelligentGuardianCalls, EnableIntelligentGuardianMessages) are turned on, then calls off, then both off; every answer echoes the flags and every GET reads them back. A request naming one flag leaves the other as it was (ruling R-guardian-partial-update: a warning). Selected by CERT_ADDONS=guardian; not-applicable otherwise.',
});

const OP = 'POST /v1.0/subscribers/guardian-features';
const READ = 'GET /v1.0/subscribers/guardian-features';

itemDescribe(meta, () => {
  async function setAndReadBack(api: any, sid: string, flags: Record<string, boolean>) {
    const req = { SubscriberId: sid, ...flags };
    const res = await ok(api, OP, { body: req });
    // seed 003 §10.1 response example: the subscriber and both flags as set
    expectEcho(req, res, ['SubscriberId', ...Object.keys(flags)], 'subscribers/guardian-features');
    const read = await ok(api, READ, { query: { SubscriberId: sid } });
    // seed 003 §10.1: "GET … returns the current flags so your UI can render checkbox state"
    expectReadBack(`SubscriberId:${sid}`, OP, flags, read, READ);
    return read;
  }

  test('turns both AI Guardian features on and reads them back (§10.1)', async ({ api, ledger }) => {
    await setAndReadBack(api, ledger.requireId('TSUID'), { EnableIntelligentGuardianCalls: true, EnableIntelligentGuardianMessages: true });
  });

  test('turns calls off with messages on, and the flag stays off when read back', async ({ api, ledger }) => {
    await setAndReadBack(api, ledger.requireId('TSUID'), { EnableIntelligentGuardianCalls: false, EnableIntelligentGuardianMessages: true });
  });

  test('a request naming one flag leaves the other as it was (ruling R-guardian-partial-update)', async ({ api, ledger }) => {
    const sid = ledger.requireId('TSUID');
    const read = await setAndReadBack(api, sid, { EnableIntelligentGuardianCalls: true });
    warnUnless(read.EnableIntelligentGuardianMessages === true, {
      check: 'guardian.partialUpdate',
      expected: 'EnableIntelligentGuardianMessages true (not named in the request)',
      actual: read.EnableIntelligentGuardianMessages,
      message: 'guardian-features with only EnableIntelligentGuardianCalls changed EnableIntelligentGuardianMessages',
      basis: 'ruling R-guardian-partial-update (vendor OpenAPI: both flags optional; the docs do not say what an omitted flag does)',
    });
  });

  test('turns both features off and reads them back off', async ({ api, ledger }) => {
    await setAndReadBack(api, ledger.requireId('TSUID'), { EnableIntelligentGuardianCalls: false, EnableIntelligentGuardianMessages: false });
  });

  test('refuses: no SubscriberId, an unknown subscriber; no token, a token scoped elsewhere', async ({ api, ledger }) => {
    // vendor OpenAPI: SubscriberId is required; seed 003 §11: 400 invalid request, 404 unknown resource
    await refused(api, OP, [400], { body: { EnableIntelligentGuardianCalls: true } }, 'without SubscriberId');
    await refused(api, READ, [400, 404], { query: { SubscriberId: 'TSUID-00000000-0000-4000-8000-00000000dead' } }, 'for a subscriber not on the account');
    await authNegatives(api, READ, { query: { SubscriberId: ledger.requireId('TSUID') } });
  });
});
