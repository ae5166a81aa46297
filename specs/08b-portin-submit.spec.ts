import { test, expect, itemDescribe, saveId, needed, expectOutcome } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { refused, expectE164 } from '../helpers/steps';
import { portInRequest, submitPortIn, readOrder } from '../helpers/porting';

export const meta = defineItem({
  id: '8b',
  title: 'Port-in submitted via `POST /v1.0/numbers/portin` after LOA signed and current-carrier details confirmed.',
  owner: 'Partner',
  section: 'Intelligent Port-In',
  scope: ['core', 'porting'],
  saves: ['PORTIN_ORDER'],
  dependsOn: ['8a', '4', '6'],
  description:
    'The port-in is submitted with the current-carrier details (here with the account number the losing carrier will reject, so item 8c can correct it); the OrderId (JNUOID-…) is saved and the order reads back through GET /v1.0/numbers/order (seed 003 §8.2 step 2).',
});

itemDescribe(meta, () => {
  test('submits the port-in and saves its OrderId', async ({ api, ledger, config, testData }) => {
    const number = needed(testData.portIn.number, 'PORTIN_NUMBER', 'a number the partner owns and may port in');
    const req = portInRequest(config, number, config.portIn.rejectAccountNumber);
    const body = await submitPortIn(api, ledger, meta, req, 'main');
    expect(body.PhoneNumber).toBe(number);
    expectE164(body.PhoneNumber, 'portin PhoneNumber');
    expect(JSON.stringify(body).includes(config.portIn.accountPassword) && config.portIn.accountPassword.length > 3, 'the account password is not echoed').toBe(
      false,
    );
    saveId(ledger, meta, 'PORTIN_ORDER', body.OrderId);
  });

  test('the order is readable by its OrderId with type portin', async ({ api, ledger, evidence }) => {
    expectOutcome(/^Rejected$/, 'the port-in carries the account number the losing carrier rejects (item 8c): a fast carrier may have answered already');
    const o = await readOrder(api, ledger, ledger.requireId('PORTIN_ORDER'), evidence);
    expect(String(o.OrderType).toLowerCase()).toBe('portin');
    expect(o.PhoneNumbersOrdered?.[0]?.Number).toBeTruthy();
  });

  test('refuses: a missing CurrentAccountNumber, a non-E.164 PortInNumber', async ({ api, config, testData }) => {
    const number = testData.portIn.number!;
    const { CurrentAccountNumber: _n, ...missing } = portInRequest(config, number, 'x');
    await refused(api, 'POST /v1.0/numbers/portin', [400], { body: missing }, 'without CurrentAccountNumber');
    await refused(
      api,
      'POST /v1.0/numbers/portin',
      [400],
      { body: { ...portInRequest(config, number, 'x'), PortInNumber: '5555551234' } },
      'with a PortInNumber not in E.164',
    );
  });
});
