/**
 * helpers/client/proxy.ts: HTTPS_PROXY / HTTP_PROXY make undici's EnvHttpProxyAgent the process's dispatcher; NO_PROXY=*
 * turns every proxy off (joined with the loopback exemptions it would match no host and proxy everything).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerProxyCredentials, useProxyFromEnv } from '../../helpers/client/proxy';
import { redactString } from '../../protocol/redact';

test('NO_PROXY=* installs no proxy; no proxy variable, none either', () => {
  assert.equal(useProxyFromEnv({ HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '*' }), undefined);
  assert.equal(useProxyFromEnv({ https_proxy: 'http://127.0.0.1:9', no_proxy: ' * ' }), undefined);
  assert.equal(useProxyFromEnv({}), undefined);
});

test("a proxy URL's user and password are redacted wherever they are quoted (as written and percent-decoded)", () => {
  registerProxyCredentials({ HTTPS_PROXY: 'http://proxy-user-7:p%40ss-w0rd-93@127.0.0.1:3128' });
  const out = redactString('CONNECT refused by http://proxy-user-7:p%40ss-w0rd-93@127.0.0.1:3128 (password p@ss-w0rd-93)');
  assert.doesNotMatch(out, /p%40ss-w0rd-93|p@ss-w0rd-93|proxy-user-7/);
  assert.match(out, /127\.0\.0\.1:3128/);
});
