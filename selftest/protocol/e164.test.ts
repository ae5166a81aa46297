import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E164_SCHEMA_PATTERN, isE164, normalizeE164 } from '../../protocol/e164';

test('isE164: the fictional 555 numbers the sandbox uses are E.164 (possible, not assigned)', () => {
  for (const n of ['+15551230001', '+18015550100', '+12015550123', '+13125550142', '+15005550001', '+442071838750']) {
    assert.equal(isE164(n), true, n);
    assert.match(n, new RegExp(E164_SCHEMA_PATTERN), `${n}: the schema pattern accepts it too`);
  }
});

test('isE164: national digits, separators, a leading 0, non-strings are refused', () => {
  for (const n of ['8015550100', '2015550100', '+1 801 555 0100', '+1-801-555-0100', '+0123', '+', '', 'not-e164', '+18015550100x12']) {
    assert.equal(isE164(n), false, n);
  }
  for (const v of [undefined, null, 18015550100, {}]) assert.equal(isE164(v), false);
});

test('normalizeE164: spellings of one number give one key; no number gives ""', () => {
  for (const n of ['+18015550100', '+1 (801) 555-0100', '18015550100', '0018015550100', '+1.801.555.0100']) {
    assert.equal(normalizeE164(n), '+18015550100', n);
  }
  assert.equal(normalizeE164(undefined), '');
  assert.equal(normalizeE164(null), '');
  assert.equal(normalizeE164(''), '');
  assert.equal(normalizeE164('+15551230001'), '+15551230001');
  assert.notEqual(normalizeE164('8015550100'), normalizeE164('+18015550100'), 'national digits are not guessed into +1');
});
