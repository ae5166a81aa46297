/**
 * helpers/client/proxy.ts: HTTPS_PROXY / HTTP_PROXY make undici's EnvHttpProxyAgent the process's dispatcher; NO_PROXY=*
 * turns every proxy off (joined with the loopback exemptions it would match no host and proxy everything).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useProxyFromEnv } from '../../helpers/client/proxy';

test('NO_PROXY=* installs no proxy; no proxy variable, none either', () => {
  assert.equal(useProxyFromEnv({ HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '*' }), undefined);
  assert.equal(useProxyFromEnv({ https_proxy: 'http://127.0.0.1:9', no_proxy: ' * ' }), undefined);
  assert.equal(useProxyFromEnv({}), undefined);
});
