/*
 * helpers/ids.ts unknownIdLike: the made-up ID of a negative test keeps the form of an ID the platform issued
 * (prefix, length, character classes) and differs from it, so a platform checking the form answers 404, not 400.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownIdLike } from '../../helpers/ids';

test('unknownIdLike keeps the prefix and the shape of the issued ID and names another one', () => {
  for (const issued of [
    'PID-315604ea-c2a0-4f00-b450-76ca4696bf24',
    'PRID-4384E69B-3194-9943-F839-20E477C8E399',
    'TNID-9772956561858',
    'TMID-00348008102307aK01',
    'AID-ab12345-2725-45a1-bd5e-526ed19799xx',
    'JNUOID-00000000-0000-4000-8000-00000000dead',
  ]) {
    const made = unknownIdLike(issued);
    assert.notEqual(made, issued, issued);
    assert.equal(made.length, issued.length, issued);
    assert.equal(made.slice(0, issued.indexOf('-') + 1), issued.slice(0, issued.indexOf('-') + 1), `${issued}: same prefix`);
    const shape = (s: string) => s.replace(/[0-9]/g, '9').replace(/[a-f]/g, 'a').replace(/[A-F]/g, 'A').replace(/[g-z]/g, 'g').replace(/[G-Z]/g, 'G');
    assert.equal(shape(made), shape(issued), `${issued}: same character classes`);
  }
});
