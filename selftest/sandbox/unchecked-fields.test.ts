/**
 * The hunt-5 drift modes that leave one request field unchecked (sandbox/unchecked-fields.ts): a mode skips only its
 * own field's value (enum, format) or presence (required) finding, on its own operation, and only when selected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRequest } from '../../sandbox/contract';
import { fieldUnchecked, findingUnchecked } from '../../sandbox/unchecked-fields';

const on =
  (...names: string[]) =>
  (n: string) =>
    names.includes(n);
const ROUTES = 'POST /v1.0/voice/routes';

test('a value mode skips its field value finding only, on its own operation', () => {
  const findings = validateRequest(ROUTES, { RouteName: 'x', RouteType: 'SIP', TrunkTransport1: 'SCTP' }, {});
  const kept = findings.filter((f) => !findingUnchecked(on('voice-route-type-unchecked'), ROUTES, f));
  assert.deepEqual(
    kept.map((f) => f.pointer),
    ['/TrunkTransport1'],
  );
  assert.equal(findings.filter((f) => findingUnchecked(on('voice-route-type-unchecked'), 'POST /v1.0/message/routes', f)).length, 0);
  // a missing RouteType is a presence finding: a value mode never lets it through
  const missing = validateRequest(ROUTES, { RouteName: 'x' }, {});
  assert.ok(missing.length > 0);
  assert.equal(missing.filter((f) => findingUnchecked(on('voice-route-type-unchecked'), ROUTES, f)).length, 0);
});

test('a presence mode skips the required finding of its field only', () => {
  const op = 'POST /v1.0/products';
  const findings = validateRequest(op, { SKU: 'a', Description: 'd', Type: 'esim', BillingFrequency: 'MRC' }, {});
  assert.equal(findings.length, 1);
  assert.ok(findingUnchecked(on('product-cost-optional'), op, findings[0]));
  assert.ok(!findingUnchecked(on(), op, findings[0]), 'nothing skipped when no mode is selected');
  const wrongType = validateRequest(op, { SKU: 'a', Description: 'd', Type: 'esim', BillingFrequency: 'MRC', Cost: 'twelve' }, {});
  assert.ok(wrongType.length > 0);
  assert.equal(wrongType.filter((f) => findingUnchecked(on('product-cost-optional'), op, f)).length, 0, 'a Cost of the wrong type is still refused');
});

test('fieldUnchecked names the handler checks a mode skips', () => {
  assert.ok(fieldUnchecked(on('message-route-url-unchecked'), 'POST /v1.0/message/routes', 'MessageUrl'));
  assert.ok(!fieldUnchecked(on('message-route-url-unchecked'), 'POST /v1.0/message/routes', 'CallbackMessageUrl'));
  assert.ok(!fieldUnchecked(on(), 'POST /v1.0/message/routes', 'MessageUrl'));
});
