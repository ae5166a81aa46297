import * as fs from 'node:fs';
import { test, expect, itemDescribe } from '../helpers/fixtures';
import { defineItem, CHECKLIST_ORDER, inScope } from '../helpers/item';
import { itemScopes } from '../helpers/spec-registry';

export const meta = defineItem({
  id: '19',
  title: 'End-to-end happy path signed off by both teams.',
  owner: 'Joint',
  scope: ['core'],
  saves: [],
  dependsOn: ['1', '2', '3', '4', '5', '6', '7', '8', '8a', '8b', '8c', '8d', '8e', '8f', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18'],
  description:
    "Runs only when every in-scope item 1–18 passed (any other outcome blocks it); the happy path is then proven end to end and the report's sign-off block carries both teams' names from the attestation file (CERT_ATTESTATION), or empty signature lines to sign.",
});

itemDescribe(meta, () => {
  test('the happy path is complete; the attestation names both teams (when given)', async ({ ledger, config, evidence }) => {
    const items = ledger.reload().snapshot.items;
    const inScopeIds = CHECKLIST_ORDER.filter((id) => id !== '19' && inScope(itemScopes()[id], config.scope));
    evidence.note(`happy path: items ${inScopeIds.map((id) => `${id}=${items[id]?.status}`).join(', ')}`);
    const file = process.env.CERT_ATTESTATION;
    if (!file) {
      evidence.note('no CERT_ATTESTATION file: the sign-off block is left with empty signature lines for both teams to sign');
      return;
    }
    const att = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const side of ['partner', 'telegent']) {
      expect(att[side]?.name, `attestation ${side}.name`).toBeTruthy();
      expect(att[side]?.role, `attestation ${side}.role`).toBeTruthy();
      expect(att[side]?.date, `attestation ${side}.date`).toMatch(/^\d{4}-\d{2}-\d{2}/);
    }
  });
});
