/** protocol/contract against the real project document (structure only: the content is still being authored). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAll, findOperation, getOperation, listOperations, loadDocument, validateRequest } from '../../protocol/contract';

test('the project document loads and every operation is listed with a unique key', () => {
  const doc = loadDocument();
  assert.match(doc.openapi, /^3\.0\./);
  const ops = listOperations();
  assert.ok(ops.length >= 143, `${ops.length} operations`);
  assert.equal(new Set(ops.map((o) => o.key)).size, ops.length);
});

test('the token path matches in either spelling (ruling R-token-path)', () => {
  const a = findOperation('POST', '/v1.0/oauth2/tokens');
  const b = findOperation('post', '/v1.0/OAuth2/tokens');
  assert.ok(a);
  assert.equal(a, b);
  assert.equal(a!.requiresAuth, false);
  assert.equal(getOperation('POST /v1.0/oauth2/tokens'), a);
});

test('request validation on the real document names the offending field', () => {
  const f = validateRequest('POST /v1.0/numbers/provision', { NumberType: 42 });
  const errors = f.filter((x) => x.severity === 'error');
  assert.ok(
    errors.some((x) => x.pointer === '/NumberType' && /type|one of/.test(x.expected)),
    JSON.stringify(errors),
  );
  assert.ok(errors.some((x) => x.pointer === '/MessageType' && x.actual === 'missing'));
});

test('every operation compiles: request, query and each documented response', () => {
  assert.deepEqual(compileAll(), []);
});
