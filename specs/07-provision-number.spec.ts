import { test, expect, itemDescribe, saveId, optionalData } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, refused, authNegatives, scopeNegative, expectEcho } from '../helpers/steps';
import { unknownIdLike } from '../helpers/ids';
import { provisionNumber, numberDetails, expectVoiceRoute, settleOrder, expectListedUnderSubscriber } from '../helpers/numbers';

export const meta = defineItem({
  id: '7',
  title: 'Partner provisions a test number via `POST /v1.0/numbers/provision`.',
  owner: 'Partner',
  section: 'Intelligent Mobile Numbers',
  scope: ['core'],
  saves: ['TNID', 'NUMBER_A', 'ICCID_A', 'TNID_B', 'NUMBER_B'],
  dependsOn: ['4', '5', '6'],
  waits: ['order'],
  description:
    'Availability first, then two numbers (A: the primary test number, B: its messaging/calling peer) provisioned on the Message Route (and Voice Route), assigned to the Subscriber: E.164 number, NID-, order readable; provisioning without a Message Route is refused with "MessageRouteId required" and iot numbers are p2p only (seed 003 §8.1).',
});

itemDescribe(meta, () => {
  test('provisions the primary test number A and saves its TNID', async ({ api, ledger, config, testData }) => {
    // a SIM in hand is paired at provision (seed 003 §5); without one (a real target with no CERT_TEST_ICCID) it is skipped
    const iccid = testData.iccids[0];
    const a = await provisionNumber(api, ledger, meta, config, { label: 'A', voice: config.scope.has('voice'), iccid });
    // the same SIM, also padded with the filler nibble F as the vendor's examples show ICCIDs (R-iccid-format)
    if (iccid) expectEcho({ ICCID: iccid }, a.body, ['ICCID'], 'numbers/provision (the SIM paired at provision)');
    saveId(ledger, meta, 'TNID', a.nid);
    saveId(ledger, meta, 'NUMBER_A', a.number);
    saveId(ledger, meta, 'ORDER_PROVISION_A', a.orderId);
    if (iccid) saveId(ledger, meta, 'ICCID_A', iccid);
    await settleOrder(api, config, a.orderId, a.body.OrderStatus, 'provisioning number A'); // after its IDs are saved
  });

  test('provisions the peer number B', async ({ api, ledger, config, testData }) => {
    // B starts without voice: item 13 assigns it to the Voice Route through numbers/update
    const b = await provisionNumber(api, ledger, meta, config, { label: 'B', voice: false, iccid: testData.iccids[1] });
    saveId(ledger, meta, 'TNID_B', b.nid);
    saveId(ledger, meta, 'NUMBER_B', b.number);
    await settleOrder(api, config, b.orderId, b.body.OrderStatus, 'provisioning number B');
  });

  test('reads number A back: routes, subscriber, active', async ({ api, ledger, config }) => {
    const d = await numberDetails(api, ledger.requireId('NUMBER_A'));
    expect(d.Number).toBe(ledger.requireId('NUMBER_A'));
    expect(d.MessageRouteId).toBe(ledger.requireId('MRID'));
    if (config.scope.has('voice')) expectVoiceRoute(d.VoiceRouteId, ledger.requireId('CRID'), 'number A reads back on the Voice Route');
    expect(d.AssignedSubscriberId).toBe(ledger.requireId('TSUID'));
    expect(String(d.Status).toLowerCase()).toBe('active');
  });

  test('the Subscriber lists number A among its phone numbers', async ({ api, ledger }) => {
    await expectListedUnderSubscriber(api, ledger.requireId('TSUID'), ledger.requireId('NUMBER_A'));
  });

  test('the provisioning order is readable by its OrderId', async ({ api, ledger }) => {
    const id = ledger.requireId('ORDER_PROVISION_A');
    const o = await ok(api, 'GET /v1.0/numbers/order', { query: { OrderId: id } });
    expect(o.OrderId).toBe(id);
    expect((o.PhoneNumbersOrdered ?? []).map((n: any) => n.Number)).toContain(ledger.requireId('NUMBER_A'));
  });

  test('refuses: no token, a token scoped elsewhere, no Message Route, iot as a2p, a bad ProductType', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/numbers', { query: { Number: ledger.requireId('NUMBER_A') } });
    // scope is the whole endpoint path (R-token-scope): a token for number details does not serve the paths beneath it
    await scopeNegative(
      api,
      'GET /v1.0/numbers/order',
      { query: { OrderId: ledger.requireId('ORDER_PROVISION_A') } },
      '/v1.0/numbers',
      'GET /v1.0/numbers, a path above it',
    );
    const base = {
      NumberType: 'mvno',
      MessageType: 'p2p',
      MessageEnabled: true,
      VoiceEnabled: false,
      ProductType: 'Sms+Data',
      AreaCode: '201',
      AssignedSubscriberId: ledger.requireId('TSUID'),
    };
    // no error text is asserted: the vendor documents the status code and the {StatusCode, Message} shape, not the words
    await refused(api, 'POST /v1.0/numbers/provision', [400], { body: base }, 'without a Message Route');
    await refused(
      api,
      'POST /v1.0/numbers/provision',
      [400],
      { body: { ...base, MessageRouteId: ledger.requireId('MRID'), NumberType: 'iot', MessageType: 'a2p' } },
      'for an iot number as a2p (iot is p2p only)',
    );
    await refused(
      api,
      'POST /v1.0/numbers/provision',
      [400],
      { body: { ...base, MessageRouteId: ledger.requireId('MRID'), ProductType: 'Everything' } },
      'with a ProductType outside the enum',
    );
    await refused(
      api,
      'GET /v1.0/numbers/order',
      [404],
      { query: { OrderId: unknownIdLike(ledger.requireId('ORDER_PROVISION_A')) } },
      'for an unknown OrderId',
    );
  });

  test("another distributor's number is not visible (404)", async ({ api, testData }) => {
    const foreign = optionalData(testData.foreign.number, 'CERT_FOREIGN_NUMBER', 'a number of another distributor');
    await refused(api, 'GET /v1.0/numbers', [404], { query: { Number: foreign } }, "for another distributor's number");
  });
});
