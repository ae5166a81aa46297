/**
 * Item 11's long text: 200 characters outside GSM-7, so a concatenated UCS-2 SMS of 3 segments; the sandbox
 * counts and splits it as a carrier does (its drift modes relay it mangled or one post per segment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longUnicodeText } from '../../helpers/messaging';
import { gsm7Lossy, segmentParts, segments } from '../../sandbox/util';

test('the long text: 200 characters, UCS-2, unique per run, 3 segments', () => {
  const t = longUnicodeText('0123456789abcdef');
  assert.equal([...t].length <= 200 && [...t].length > 190, true, `${[...t].length} characters`);
  assert.match(t, /^cert 01234567 long \d+ /);
  assert.notEqual(gsm7Lossy(t), t, 'characters outside GSM-7');
  assert.equal(segments(t), 3);
  assert.equal(segmentParts(t).join(''), t);
  assert.equal(segmentParts(t).length, 3);
});
