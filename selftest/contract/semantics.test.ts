/**
 * Issue 12: the semantic check families (protocol/contract/semantics) — each catches what it is for and never cries
 * wolf on the benign representation differences the vendor shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semantics } from '../../protocol/contract';

const { SemanticObserver, sameScalar, diffValues, readbackMismatch, lifecycleOrder, numberLifecycle, statusFailures, messageChannels, portCompletion } =
  semantics;

test('normalisation: benign representation differences are not differences', () => {
  for (const [w, r] of [
    ['0.00', 0],
    ['1.12', 1.12],
    [true, 'true'],
    ['+12015550100', '2015550100'],
    ['11/29/2026', '2026-11-29T00:00:00'],
    ['2026-11-29', '16:45:59 MST 2026-11-29'],
    ['Mvno', 'MVNO'],
    ['$0.0045', 0.0045],
  ] as const) {
    assert.ok(sameScalar(w, r), `${w} ~ ${r}`);
  }
  for (const [w, r] of [
    ['8901240302042852511', '890124030204285251'],
    [39.99, 40],
    [true, false],
    ['+12015550100', '+12015550101'],
    ['11/29/2026', '2026-11-30T00:00:00'],
    ['POST', 'GET'],
  ] as const) {
    assert.ok(!sameScalar(w, r), `${w} ≠ ${r}`);
  }
  assert.deepEqual(diffValues({ IpWhitelist: [{ IpAddress: '127.0.0.1' }] }, { IpWhiteList: [{ IpAddress: '127.0.0.1' }, { IpAddress: '10.0.0.1' }] }), []);
  assert.deepEqual(diffValues({ To: [{ Number: '+12015550100' }] }, { To: '+12015550100' }), []);
  assert.deepEqual(diffValues({ Password: 'x', PhoneNumbers: [] }, { Password: 'y', PhoneNumbers: ['+12015550100'] }), []);
});

test('read-back: the spellings a ruling names are one value; a tolerated legacy form is a warning, never silent', () => {
  const same: [string, string, string][] = [
    ['NumberType', 'mvno', 'Mobile'], // R-number-type: vendor GET /v1.0/numbers example
    ['NumberType', 'mvno', 'mobile'], // inventory example
    ['Classification', 'MVNO', 'mobile'],
    ['ThrottleSpeed', '1-mbps', 'thr1024kbps'], // R-throttle-speed: data-usage/settings example
    ['ThrottleSpeed', '5-mbps', 'thr5120kbps'],
    ['ThrottleSpeed', '1-mbps', 'thr1000kbps'],
    ['ThrottleSpeed', '64-kbps', 'thr64kbps'],
    ['ICCID', '8901240397190557414', '8901240397190557414F'], // R-iccid-format: the filler nibble
  ];
  for (const [k, w, r] of same) assert.deepEqual(diffValues({ [k]: w }, { [k]: r }), [], `${k} ${w} ~ ${r}`);
  const different: [string, string, string][] = [
    ['NumberType', 'mvno', 'iot'],
    ['NumberType', 'iot', 'mobile'],
    ['ThrottleSpeed', '1-mbps', 'thr5120kbps'],
    ['ThrottleSpeed', '64-kbps', 'thr128kbps'],
    ['ICCID', '8901240397190557414', '890124039719055741'], // a digit short (drift number-iccid-readback)
    ['Status', 'mvno', 'mobile'], // spellings are per field
  ];
  for (const [k, w, r] of different) assert.equal(diffValues({ [k]: w }, { [k]: r }).length, 1, `${k} ${w} ≠ ${r}`);

  const o = new SemanticObserver();
  o.observe({
    op: 'POST /v1.0/numbers/provision',
    status: 200,
    request: { body: { VoiceRouteId: 'CRID-1', NumberType: 'mvno' } },
    response: { body: { OrderId: 'JNUOID-1', OrderStatus: 'Complete', PhoneNumberAssigned: '+12015550100' } },
  });
  const read = (body: unknown) => o.observe({ op: 'GET /v1.0/numbers', status: 200, response: { body } });
  const legacy = read({ Number: '+12015550100', VoiceRouteId: 'T9992774', NumberType: 'Mobile' });
  assert.deepEqual(
    legacy.map((f) => [f.severity, f.pointer, /R-id-voice-route-legacy/.test(f.basis ?? '')]),
    [['warning', '/VoiceRouteId', true]],
  );
  const wrong = read({ Number: '+12015550100', VoiceRouteId: 'CRID-2', NumberType: 'Mobile' });
  assert.deepEqual(
    wrong.map((f) => [f.severity, f.pointer]),
    [['error', '/VoiceRouteId']],
  );

  // R-address-country: a Country written and answered null (the vendor's account/create example) is a warning; another
  // country, or another address field answered null, stays an error
  const sent = { BillingAddress: { City: 'Lehi', Country: 'USA' } };
  const country = (addr: object) => diffValues(sent, { BillingAddress: addr }).map((d) => [d.path, d.tolerated ?? 'error']);
  assert.deepEqual(country({ City: 'Lehi', Country: null }), [['/BillingAddress/Country', 'R-address-country']]);
  assert.deepEqual(country({ City: 'Lehi', Country: 'Canada' }), [['/BillingAddress/Country', 'error']]);
  assert.deepEqual(country({ City: null, Country: 'USA' }), [['/BillingAddress/City', 'error']]);

  // R-ip-whitelist-echo: IpWhiteList [] in a single-route voice answer is a warning; in the account list an error
  const wl = { op: 'POST /v1.0/voice/routes', fields: { IpWhitelist: [{ IpAddress: '198.51.100.7' }] }, identity: 'CallRouteId:CRID-1' };
  const sev = (where: string, read: Record<string, unknown>) => readbackMismatch(wl, read, where).map((f) => f.severity);
  assert.deepEqual(sev('GET /v1.0/voice/routes', { IpWhiteList: [] }), ['warning']);
  assert.deepEqual(sev('POST /v1.0/voice/routes', { IpWhiteList: [] }), ['warning']);
  assert.deepEqual(sev('GET /v1.0/voice/routes', { IpWhiteList: [{ IpAddress: '198.51.100.8' }] }), ['error']);
  assert.deepEqual(sev('GET /v1.0/account/voice/routes', { IpWhitelist: [] }), ['error']);
  assert.deepEqual(sev('GET /v1.0/account/voice/routes', { IpWhitelist: [{ IpAddress: '198.51.100.7' }] }), []);

  // R-message-route-enabled-echo: false where the vendor's create answer and account list show it; GET strict
  const mr = { op: 'POST /v1.0/message/routes', fields: { MessageRouteEnabled: true }, identity: 'MessageRouteId:MRID-1' };
  const en = (where: string) => readbackMismatch(mr, { MessageRouteEnabled: false }, where).map((f) => f.severity);
  assert.deepEqual(en('POST /v1.0/message/routes'), ['warning']);
  assert.deepEqual(en('GET /v1.0/account/message/routes'), ['warning']);
  assert.deepEqual(en('GET /v1.0/message/routes'), ['error']);

  // R-change-type-echo: numbers/status ChangeType null is a warning (optional, nullable); another change an error
  const sc = { op: 'POST /v1.0/numbers/status', fields: { StatusChange: 'park' }, identity: 'OrderId:JNUOID-1' };
  const ct = (read: unknown) => readbackMismatch(sc, { ChangeType: read }, 'POST /v1.0/numbers/status').map((f) => f.severity);
  assert.deepEqual(ct(null), ['warning']);
  assert.deepEqual(ct('PARK'), []);
  assert.deepEqual(ct('cancel'), ['error']);

  // R-billing-frequency: a digit code in the product lists is a warning; another word, or a code in GET /v1.0/products, an error
  const pr = { op: 'POST /v1.0/products', fields: { BillingFrequency: 'MRC' }, identity: 'ProductId:PRID-1' };
  const bf = (where: string, read: string) => readbackMismatch(pr, { BillingFrequency: read }, where).map((f) => f.severity);
  assert.deepEqual(bf('GET /v1.0/account/products', '1'), ['warning']);
  assert.deepEqual(bf('GET /v1.0/distributor/products', 'NRC'), ['error']);
  assert.deepEqual(bf('GET /v1.0/products', '1'), ['error']);
});

test('read-back: create echo, details read, list entry and nested link are compared with what was written', () => {
  const o = new SemanticObserver();
  const write = (op: string, body: unknown, res: unknown) => o.observe({ op, status: 200, request: { body }, response: { body: res } });
  const read = (op: string, res: unknown) => o.observe({ op, status: 200, response: { body: res } });
  assert.deepEqual(write('POST /v1.0/account/create', { AccountName: 'acme' }, { AccountId: 'AID-1', AccountName: 'acme' }), []);
  const echo = write(
    'POST /v1.0/subscribers/create',
    { Name: 'Jane Doe', AccountId: 'AID-1', Password: 'p' },
    { SubscriberId: 'TSUID-1', Name: 'Jane', Account: { AccountId: 'AID-1' } },
  );
  assert.equal(echo.length, 1);
  assert.match(echo[0].message, /^read-back: .*Name/);
  const nested = read('GET /v1.0/subscribers/get', { SubscriberId: 'TSUID-1', Name: 'Jane Doe', Account: { AccountId: 'AID-0', CompanyName: 'x' } });
  assert.equal(nested[0]?.check, 'readback.mismatch');
  assert.match(nested[0].pointer, /Account\/AccountId/);
  write(
    'POST /v1.0/numbers/provision',
    { MessageRouteId: 'MRID-1', VoiceRouteId: 'CRID-1' },
    { OrderId: 'JNUOID-1', OrderStatus: 'Complete', PhoneNumberAssigned: '+12015550100' },
  );
  assert.deepEqual(read('GET /v1.0/numbers', { Number: '+12015550100', MessageRouteId: 'MRID-1', VoiceRouteId: 'CRID-1' }), []);
  const list = read('GET /v1.0/numbers/inventory', { AccountId: 'AID-1', PhoneNumbers: [{ Number: '+12015550100', VoiceRouteId: null }] });
  assert.match(list[0]?.message ?? '', /VoiceRouteId/);
});

test('read-back: an object is known by its own ID whatever the order of its members (RFC 8259 §4; benign response-keys-reversed)', () => {
  const { ownIdentity } = semantics;
  const reversed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ CallRouteId: 'CRID-1', AccountId: 'AID-1', RouteName: 'trunk' }, 'CallRouteId:CRID-1'],
    [{ PackageItemId: 'PIID-1', PackageId: 'PID-1', ProductId: 'PRID-1' }, 'PackageItemId:PIID-1'],
    [{ SubscriptionId: 'SUB-1', PackageId: 'PID-1', SubscriberId: 'TSUID-1', TNID: 'NID-1' }, 'SubscriptionId:SUB-1'],
    [{ Number: '+12015550100', OrderId: 'TNOID-1', MessageRouteId: 'MRID-1' }, 'number:2015550100'],
    [{ OrderId: 'JNUOID-1', Status: 'Pending', PhoneNumber: '+12015550100' }, 'OrderId:JNUOID-1'],
    [{ AccountId: 'AID-1', PhoneNumber: '+12015550100', IMEI: '1' }, 'number:2015550100'],
  ];
  for (const [o, id] of cases) {
    assert.equal(ownIdentity(o), id, JSON.stringify(o));
    assert.equal(ownIdentity(reversed(o)), id, `reversed ${JSON.stringify(o)}`);
  }
  // the read-back follows: a voice route read with AccountId first is still compared with the route written
  const o = new SemanticObserver();
  o.observe({
    op: 'POST /v1.0/voice/routes',
    status: 200,
    request: { body: { RouteName: 'trunk' } },
    response: { body: { CallRouteId: 'CRID-1', AccountId: 'AID-1' } },
  });
  o.observe({
    op: 'POST /v1.0/message/routes',
    status: 200,
    request: { body: { RouteName: 'sms' } },
    response: { body: { MessageRouteId: 'MRID-1', AccountId: 'AID-1' } },
  });
  const read = o.observe({ op: 'GET /v1.0/voice/routes', status: 200, response: { body: { AccountId: 'AID-1', RouteName: 'trunk', CallRouteId: 'CRID-1' } } });
  assert.deepEqual(read, []);
});

test('read-back: a data-usage write without LimitValue sets the documented 20 MB default (R-data-limit-default)', () => {
  const o = new SemanticObserver();
  const n = { PhoneNumbers: [{ Number: '+12015550100' }] };
  const write = (body: object) =>
    o.observe({ op: 'POST /v1.0/numbers/data-usage', status: 200, request: { body: { ...n, ...body } }, response: { body: { Status: 'Complete' } } });
  const settings = (limit: unknown) =>
    o.observe({
      op: 'POST /v1.0/numbers/data-usage/settings',
      status: 200,
      response: { body: { PhoneNumbers: [{ Number: '+12015550100', LimitValue: limit }] } },
    });
  write({ ValueUnit: 'MB', LimitValue: 500 });
  assert.deepEqual(settings(500), []);
  write({ ValueUnit: 'MB', NotifyValue: 10 });
  assert.deepEqual(settings(20), []);
  assert.equal(settings(null)[0]?.check, 'readback.mismatch');
  assert.equal(settings(500)[0]?.check, 'readback.mismatch');
});

test('status: a failure under 200 fails unless expected; an unknown value is a warning', () => {
  assert.equal(statusFailures({ OrderStatus: 'Failed' }, 'op')[0].check, 'status.failure');
  assert.equal(statusFailures({ ErrorMessage: 'timed out' }, 'op')[0].severity, 'error');
  assert.equal(statusFailures({ Successful: false }, 'op').length, 1);
  assert.deepEqual(statusFailures({ OrderStatus: 'Rejected' }, 'op', [{ value: /^Rejected$/, why: 'on purpose' }]), []);
  assert.equal(statusFailures({ Status: 'Frobnicated' }, 'op')[0].severity, 'warning');
  assert.deepEqual(statusFailures({ Status: 'Complete', ErrorMessage: null, PhoneNumbers: [{ Status: 'Success' }] }, 'op'), []);
  // a zero error code reports no error (R-webhook-dlr); any other code does
  for (const code of [0, '0', '000', ' 00 ']) assert.deepEqual(statusFailures({ Status: 'Delivered', ErrorCode: code }, 'dlr'), [], `ErrorCode ${code}`);
  for (const code of [1, '30007', '0x1'])
    assert.equal(statusFailures({ Status: 'Delivered', ErrorCode: code }, 'dlr')[0]?.severity, 'error', `ErrorCode ${code}`);
  assert.deepEqual(statusFailures({ Status: 'Deleted' }, 'op'), [], 'Deleted: the vendor delete examples show it');
});

test('lifecycle: impossible orders are errors, skips between polls only warnings', () => {
  const at = 0;
  assert.equal(lifecycleOrder('portin', 'O', undefined, { status: 'Completed', at, atSubmission: true })[0].severity, 'error');
  assert.equal(lifecycleOrder('portin', 'O', { status: 'Cancelled', at }, { status: 'Pending Carrier Approval', at })[0].severity, 'error');
  assert.equal(lifecycleOrder('portin', 'O', { status: 'Scheduled', at }, { status: 'Pending Carrier Approval', at })[0].severity, 'error');
  assert.deepEqual(lifecycleOrder('portin', 'O', { status: 'Rejected', at }, { status: 'Pending Carrier Approval', at, updatedBefore: true }), []);
  assert.equal(lifecycleOrder('portin', 'O', { status: 'Rejected', at }, { status: 'Scheduled', at })[0].severity, 'error');
  assert.equal(lifecycleOrder('portin', 'O', { status: 'Submitted', at }, { status: 'Completed', at: 86_400_000 })[0].severity, 'warning');
  assert.equal(lifecycleOrder('order', 'O', { status: 'Complete', at }, { status: 'Pending', at })[0].severity, 'error');
  assert.equal(numberLifecycle('+1', 'Active', 'Parked', undefined)[0].severity, 'error');
  assert.deepEqual(numberLifecycle('+1', 'Active', 'Parked', { change: 'park', op: 'x' }), []);
  assert.equal(numberLifecycle('+1', 'Parked', 'Cancelled', { change: 'activate', op: 'x' }).length, 1);
  assert.equal(numberLifecycle('+1', 'Parked', 'Cancelled', { change: 'activate', op: 'x' })[0].severity, 'error');
  // the word of another state is an error; a word of the platform's own (undocumented vocabulary, R-status-verbs) a warning
  assert.equal(numberLifecycle('+1', 'Active', 'Suspended', { change: 'cancel', op: 'x' })[0].severity, 'error');
  assert.equal(numberLifecycle('+1', 'Active', 'Inactive', { change: 'cancel', op: 'x' })[0].severity, 'warning');
  assert.equal(numberLifecycle('+1', 'Cancelled', 'Parked', { change: 'reactivate', op: 'x' })[0].severity, 'error');
  // a change asked but not made yet (read unmoved) stays asked until the number moves (R-reactivate-status); a move
  // after a read that already showed the change is still an unasked move
  const obs = new SemanticObserver();
  const numberRead = (Status: string) => obs.observe({ op: 'GET /v1.0/numbers', status: 200, response: { body: { Number: '+12015550100', Status } } });
  const reactivate = () =>
    obs.observe({
      op: 'POST /v1.0/numbers/reactivate',
      status: 200,
      request: { body: { PhoneNumber: '+12015550100' } },
      response: { body: { Status: 'Pending' } },
    });
  numberRead('Cancelled');
  reactivate();
  assert.deepEqual(
    numberRead('Cancelled').filter((f) => f.check.startsWith('lifecycle')),
    [],
    'unmoved: the reactivation is under way',
  );
  assert.deepEqual(
    numberRead('Active').filter((f) => f.check.startsWith('lifecycle')),
    [],
    'the asked reactivation, made later',
  );
  assert.ok(
    numberRead('Parked').some((f) => f.check.startsWith('lifecycle') && f.severity === 'error'),
    'then a move nobody asked for',
  );
  // a port-out PIN issued: the line stays in service (seed 003 §8.3)
  const kept = semantics.serviceKeptForPortOut;
  assert.deepEqual(kept('+1', 'Active', 'active'), []);
  assert.equal(kept('+1', 'Active', 'Parked')[0].severity, 'error');
  assert.equal(kept('+1', 'Active', 'Suspended')[0].severity, 'error');
  assert.equal(kept('+1', 'Active', 'Cancelled')[0].severity, 'error');
  assert.equal(kept('+1', 'Active', 'Port Out Pending')[0].severity, 'warning', "a word of the platform's own");
});

test('lifecycle: an update counts until the order leaves Rejected (the carrier picks the correction up polls later)', () => {
  const o = new SemanticObserver();
  const read = (status: string) =>
    o
      .observe({ op: 'GET /v1.0/numbers/order', status: 200, response: { body: { OrderId: 'O1', OrderType: 'portin', OrderStatus: status } } })
      .filter((f) => f.check.startsWith('lifecycle.')); // a rejection under 200 is the status family's (expected there by 8c)
  assert.deepEqual(read('Rejected'), []);
  o.observe({
    op: 'POST /v1.0/numbers/portin/update',
    status: 200,
    request: { body: { OrderId: 'O1' } },
    response: { body: { OrderId: 'O1', Status: 'Updated' } },
  });
  assert.deepEqual(read('Rejected'), [], 'not picked up yet');
  assert.deepEqual(read('Rejected'), []);
  assert.deepEqual(read('Pending Carrier Approval'), [], 'picked up: the update made it resume');
  assert.deepEqual(read('Rejected'), [], 'rejected again is a documented move (8c judges it)');
  const again = read('Pending Carrier Approval');
  assert.equal(again.length, 1, 'without a second update it may not resume');
  assert.equal(again[0].severity, 'error');
});

test('cross-channel: the channels of one message, a port-in completion', () => {
  const sent = { MessageId: 'TMID-1', From: '+12015550100', To: [{ Number: '+12015550101' }], Body: 'hi', MessageType: 'sms' };
  assert.deepEqual(
    messageChannels({ id: 'TMID-1', sent, dlr: { Status: 'Delivered', To: '+12015550101', From: '+12015550100' }, details: { Status: 'Delivered' } }),
    [],
  );
  assert.match(messageChannels({ id: 'TMID-1', sent, dlr: { To: '+12015550100' } })[0].message, /^cross-channel: .*To/);
  assert.equal(messageChannels({ id: 'TMID-1', details: { Status: 'Undelivered' }, dlr: { Status: 'Delivered' } }).length, 1);
  assert.equal(
    messageChannels({ id: 'TMID-1', sent, inbound: { From: '+12015550101', To: '+12015550101', Owner: '+12015550101', Message_Body: 'hi' } }).length,
    1,
  );
  assert.deepEqual(portCompletion('O', '+18675550144', { status: 200, body: { Number: '+18675550144', Status: 'Active' } }, true), []);
  assert.equal(portCompletion('O', '+18675550144', { status: 404, body: {} }, undefined)[0].check, 'crosschannel.mismatch');
  // the classification ordered (TargetPortinClassification), in any documented spelling (R-number-type)
  const ported = (NumberType: string, Classification: string) => ({
    status: 200,
    body: { Number: '+18675550144', Status: 'Active', NumberType, Classification },
  });
  assert.deepEqual(portCompletion('O', '+18675550144', ported('Mobile', 'MVNO'), true, 'mvno'), []);
  assert.deepEqual(portCompletion('O', '+18675550144', ported('mobile', 'mvno'), true, 'mvno'), []);
  const wrong = portCompletion('O', '+18675550144', ported('iot', 'IoT'), true, 'mvno');
  assert.deepEqual(
    wrong.map((f) => f.pointer),
    ['/NumberType', '/Classification'],
  );
  assert.match(wrong[0].basis ?? '', /TargetPortinClassification/);
});
