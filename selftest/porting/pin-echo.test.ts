/**
 * Item 8f's "the PIN never comes back" (R-portout-pin, helpers/port-outcomes.ts pinEchoes): an echo is a value equal
 * to the PIN, a PIN-named field holding it, or a sentence naming it — not the PIN's digits inside a number or an ID
 * (a partner's PORTOUT_PIN=1234 and a number ending 1234 is no leak).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinEchoes } from '../../helpers/port-outcomes';

test('an echoed PIN is found: equal value, PIN-named field, a sentence (drift portout-pin-echoed)', () => {
  assert.deepEqual(pinEchoes({ OrderId: 'ORD-1', PortOutPIN: '482913' }, '482913'), ['/PortOutPIN']);
  assert.deepEqual(pinEchoes({ Order: { Pin: 482913 } }, '482913'), ['/Order/Pin']);
  assert.deepEqual(pinEchoes({ Notes: ['PIN 482913 set for the gaining carrier'] }, '482913'), ['/Notes/0']);
  assert.deepEqual(pinEchoes({ pin_code: 'PIN-482913' }, '482913'), ['/pin_code']);
});

test("the PIN's digits inside a number, an ID or another field are no echo", () => {
  const body = {
    OrderId: 'ORD-00000000-0000-4000-8000-000000001234',
    PhoneNumber: '+12015551234',
    ShippingRef: '1234',
    Message: 'Port-out order ORD-1234x accepted',
  };
  assert.deepEqual(pinEchoes({ ...body, ShippingRef: 'A1' }, '1234'), []);
  assert.deepEqual(pinEchoes(body, '1234'), ['/ShippingRef'], 'a value equal to the PIN is an echo whatever its field');
  assert.deepEqual(pinEchoes({ PortOutPIN: '****' }, '1234'), [], 'a masked PIN is no echo');
});
