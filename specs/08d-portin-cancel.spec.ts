import { test, expect, expectConformant, itemDescribe, saveId, needed, skipCheck } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, refused } from '../helpers/steps';
import { portInRequest, submitPortIn, readOrder } from '../helpers/porting';
import { numberPresence, expectNotOnAccount, passCarrierCycle, CANCEL_FINAL_BASIS } from '../helpers/port-outcomes';

export const meta = defineItem({
  id: '8d',
  title: 'Port-in cancel tested via `POST /v1.0/numbers/portin/cancel` using the `OrderId`.',
  owner: 'Partner',
  section: 'Intelligent Port-In',
  scope: ['core', 'porting'],
  saves: ['PORTIN_CANCEL_ORDER'],
  dependsOn: ['8b'],
  description:
    "A second port-in is cancelled by OrderId; cancel is final — updating or cancelling it again is refused, and on a target whose clock can be moved (the sandbox) the number never lands on the account once the carrier's whole cycle has passed, the order still Cancelled — and a fresh submit is required to retry, which gets a new OrderId (seed 003 §8.2 step 4).",
});

itemDescribe(meta, () => {
  test('submits a second port-in and cancels it by OrderId', async ({ api, ledger, config, evidence, testData }) => {
    const number = needed(testData.portIn.cancelNumber, 'PORTIN_CANCEL_NUMBER', 'a second number to submit and cancel');
    const body = await submitPortIn(api, ledger, meta, portInRequest(config, number, config.portIn.accountNumber), 'cancel');
    saveId(ledger, meta, 'PORTIN_CANCEL_ORDER', body.OrderId);
    const res = await ok(api, 'POST /v1.0/numbers/portin/cancel', { body: { OrderId: body.OrderId } });
    expect(res.OrderId).toBe(body.OrderId);
    expect(res.Status).toBe('Cancelled');
    const o = await readOrder(api, ledger, body.OrderId, evidence);
    expect(o.OrderStatus, 'the order reads back Cancelled').toBe('Cancelled');
  });

  test('cancel is final: update refused, cancel again refused or an idempotent repeat', async ({ api, ledger, config, evidence }) => {
    const orderId = ledger.requireId('PORTIN_CANCEL_ORDER');
    await refused(
      api,
      'POST /v1.0/numbers/portin/update',
      [400, 404],
      { body: { OrderId: orderId, CurrentAccountNumber: config.portIn.accountNumber } },
      'on a cancelled order',
    );
    // cancelling again: refused, or answered as the idempotent repeat it is (200, Status Cancelled) — the docs say only that
    // cancel is final (seed 003 §8.2 step 4; ruling R-portin-cancel-repeat); either way the order stays Cancelled (below)
    const again = await api.call('POST /v1.0/numbers/portin/cancel', { body: { OrderId: orderId } });
    expectConformant(again.findings, 'POST /v1.0/numbers/portin/cancel on an order already cancelled');
    if (again.status === 200) {
      expect(String((again.body as any)?.Status), 'a repeated cancel answered 200 says Cancelled (R-portin-cancel-repeat)').toBe('Cancelled');
      evidence.note(`cancelling ${orderId} again was answered 200 Cancelled: an idempotent repeat (R-portin-cancel-repeat)`);
    } else
      expect(
        [400, 404],
        `POST /v1.0/numbers/portin/cancel on an order already cancelled: expected HTTP 400 or 404 (or 200 Cancelled), got ${again.status}`,
      ).toContain(again.status);
    const o = await readOrder(api, ledger, orderId, evidence);
    expect(o.OrderStatus, 'still Cancelled after the refused update').toBe('Cancelled');
  });

  test('cancel is final: the carrier never ports the cancelled number', async ({ api, ledger, target, evidence, testData, config }) => {
    // a real carrier takes days: without the sandbox's clock the earlier checks stand (item 8d does not wait days); a
    // standalone sandbox's clock may serve other runs — only the suite's own embedded sandbox's is moved (item 1's rule)
    const controls = config.embedded ? target.controls : undefined;
    if (!controls) return skipCheck("the carrier clock is moved only on the suite's embedded sandbox: the cancelled number is not watched for days");
    const orderId = ledger.requireId('PORTIN_CANCEL_ORDER');
    const number = testData.portIn.cancelNumber!;
    const ms = await passCarrierCycle(controls, ledger);
    evidence.note(`the sandbox clock moved ${Math.round(ms / 1000)} s on: past the carrier's whole cycle for the cancelled order ${orderId}`);
    expectNotOnAccount(await numberPresence(api, number), {
      check: 'porting.cancel-final',
      why: `its port-in ${orderId} was cancelled (the carrier's whole cycle has passed since)`,
      basis: CANCEL_FINAL_BASIS,
    });
    const o = await readOrder(api, ledger, orderId, evidence);
    expect(o.OrderStatus, `order ${orderId} still reads Cancelled after the carrier's cycle (${CANCEL_FINAL_BASIS})`).toBe('Cancelled');
  });

  test('a fresh submit is required to retry: it gets a new OrderId', async ({ api, ledger, config, testData }) => {
    const again = await submitPortIn(
      api,
      ledger,
      meta,
      portInRequest(config, testData.portIn.cancelNumber!, config.portIn.accountNumber),
      'cancel-retry',
      false,
    );
    expect(again.OrderId, 'the retry is a new order').not.toBe(ledger.requireId('PORTIN_CANCEL_ORDER'));
    await ok(api, 'POST /v1.0/numbers/portin/cancel', { body: { OrderId: again.OrderId } }); // not needed further: cancel it now
  });
});
