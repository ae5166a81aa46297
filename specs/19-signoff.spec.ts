import { test, expect, itemDescribe } from '../helpers/fixtures';
import { defineItem, CHECKLIST_ORDER, inScope } from '../helpers/item';
import { itemScopes } from '../helpers/spec-registry';

export const meta = defineItem({
  id: '19',
  title: 'End-to-end happy path signed off by both teams.',
  owner: 'Joint',
  section: 'Sign-off',
  scope: ['core'],
  saves: [],
  dependsOn: ['1', '2', '3', '4', '5', '6', '7', '8', '8a', '8b', '8c', '8d', '8e', '8f', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18'],
  description:
    "Runs only when every in-scope item 1–18 passed (any other outcome blocks it): the happy path is then proven end to end. The suite never signs for the teams: the item stays pending until both attest this run's evidence (`npm run attest -- --team partner|telegent`), then passes (R-signoff-attestation).",
});

itemDescribe(meta, () => {
  test('the happy path is complete: every in-scope item 1–18 passed', async ({ ledger, config, evidence }) => {
    const items = ledger.reload().snapshot.items;
    const inScopeIds = CHECKLIST_ORDER.filter((id) => id !== '19' && inScope(itemScopes()[id], config.scope));
    evidence.note(`happy path: items ${inScopeIds.map((id) => `${id}=${items[id]?.status}`).join(', ')}`);
    const notPassed = inScopeIds.filter((id) => items[id]?.status !== 'passed');
    expect(notPassed, 'every in-scope item 1–18 passed (seed 001 item 19: end-to-end happy path)').toEqual([]);
    evidence.note(
      'the sign-off awaits both teams: npm run attest -- --team partner …, then --team telegent … (R-signoff-attestation)',
      'R-signoff-attestation',
    );
  });
});
