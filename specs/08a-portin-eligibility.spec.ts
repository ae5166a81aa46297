import { test, expect, expectConformant, itemDescribe, needed, optionalData } from '../helpers/fixtures';
import { eligibilityReasonFindings, nationalNumberFindings } from '../helpers/porting';
import { defineItem } from '../helpers/item';
import { ok, refused, expectE164 } from '../helpers/steps';
import { portInNumberUsedUp } from '../helpers/porting';

export const meta = defineItem({
  id: '8a',
  title: 'Eligibility checked via `POST /v1.0/numbers/portin/eligibility` before collecting any subscriber details.',
  owner: 'Partner',
  section: 'Intelligent Port-In',
  scope: ['core', 'porting'],
  saves: [],
  dependsOn: [],
  description:
    'The number to port is confirmed portable to the target classification (Eligible: true, current carrier named) and a number known not to be portable answers Eligible: false with the reason in Message (vendor OpenAPI) — before any port-in detail is sent (seed 003 §8.2 step 1); a check without the required PhoneNumber is refused (400, seed 003 §11), never answered with a verdict.',
});

itemDescribe(meta, () => {
  test('the number to port is eligible for the mvno classification', async ({ api, testData, ledger }) => {
    const number = needed(testData.portIn.eligibleNumber, 'PORTIN_NUMBER (or PORTIN_ELIGIBLE_NUMBER)', 'a number the partner owns and may port in');
    const body = await ok(api, 'POST /v1.0/numbers/portin/eligibility', { body: { PhoneNumber: number, TargetClassification: 'mvno' } });
    expect(body.PhoneNumber).toBe(number);
    if (body.Eligible === false) await portInNumberUsedUp(api, number, body); // manual when an earlier run ported it
    expect(body.Eligible, `eligibility of ${number}: ${body.Message}`).toBe(true);
    expect(String(body.CurrentCarrier ?? ''), 'the current carrier is named').not.toBe('');
    expectE164(body.PhoneNumber, 'eligibility PhoneNumber');
    ledger.setData('eligibleCheckedAt', new Date().toISOString());
  });

  test('a number that cannot be ported answers Eligible: false', async ({ api, testData }) => {
    const number = optionalData(testData.portIn.ineligibleNumber, 'PORTIN_INELIGIBLE_NUMBER', 'a number known not to be portable');
    const body = await ok(api, 'POST /v1.0/numbers/portin/eligibility', { body: { PhoneNumber: number, TargetClassification: 'mvno' } });
    expect(body.Eligible, `eligibility of ${number}`).toBe(false);
    expectConformant(eligibilityReasonFindings(body), 'a number not eligible comes with the reason why');
  });

  test('refuses a check without the number: no verdict for a number never named', async ({ api }) => {
    // PhoneNumber is required (vendor request schema); seed 003 §11: a missing required field is 400 — an answer of
    // Eligible false would read as "this number cannot be ported" for a number the partner never sent
    const body = { TargetClassification: 'mvno' };
    await refused(api, 'POST /v1.0/numbers/portin/eligibility', [400], { body }, 'without the required PhoneNumber (check eligibility.number-required)');
  });

  test('refuses: a missing TargetClassification, a non-E.164 number', async ({ api, testData }) => {
    await refused(
      api,
      'POST /v1.0/numbers/portin/eligibility',
      [400],
      { body: { PhoneNumber: testData.portIn.eligibleNumber } },
      'without TargetClassification',
    );
    // refused, or read as the same number in E.164 (a warning): eligibility only reads (R-e164-request-form)
    const national = '3136398786';
    const res = await refused(
      api,
      'POST /v1.0/numbers/portin/eligibility',
      [400, 200],
      { body: { PhoneNumber: national, TargetClassification: 'mvno' } },
      'with a number not in E.164',
    );
    expectConformant(nationalNumberFindings(res, national), 'eligibility with national digits: refused, or answered for the same number');
  });
});
