/**
 * Item 12 (ruling R-mms-media-url): a re-hosted MMS_Media_URL is fetched — 2xx passes, 404 / 410 fail once the read
 * settle window has passed (a copy served a moment after the post passes), 401 / 403 / 5xx / no answer warn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mediaContentFindings, rehostedMediaFindings } from '../../helpers/messaging';

test('a re-hosted media URL: 200 passes, 404 / 410 fail, 403 / 500 warn, a refused connection warns', async () => {
  let lateReads = 0;
  const server = http.createServer((req, res) => {
    // /late: 404 twice, then the media (a copy written just after the post)
    const status = req.url === '/late' ? (++lateReads <= 2 ? 404 : 200) : Number(req.url?.slice(1)) || 200;
    res.writeHead(status, { 'content-type': 'image/png' }).end('png');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await rehostedMediaFindings(`${base}/200`, 0), []);
    assert.deepEqual(await rehostedMediaFindings(`${base}/late`, 3_000), [], 'served within the settle window');
    assert.equal(lateReads, 3);
    for (const s of [404, 410]) {
      const f = await rehostedMediaFindings(`${base}/${s}`, 300);
      assert.equal(f[0].severity, 'error', `HTTP ${s}`);
      assert.equal(f[0].check, 'mms.media-url-reachable');
    }
    for (const s of [403, 500]) assert.equal((await rehostedMediaFindings(`${base}/${s}`, 300))[0].severity, 'warning', `HTTP ${s}`);
  } finally {
    await new Promise((r) => server.close(r));
  }
  assert.equal((await rehostedMediaFindings(`${base}/200`, 300, 2_000))[0].severity, 'warning', 'closed port');
});

test('a re-hosted copy answering 2xx must be the image sent: no byte or a document fails, an untyped body warns', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/empty') return res.writeHead(200, { 'content-type': 'image/png' }).end();
    if (req.url?.startsWith('/soft404')) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>Not Found</html>');
    if (req.url === '/json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    if (req.url === '/untyped') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('png');
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(200_000, 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await rehostedMediaFindings(`${base}/big`, 0), [], 'an image (another type than the one sent: transcoded) passes');
    for (const p of ['empty', 'soft404', 'json']) {
      const f = await rehostedMediaFindings(`${base}/${p}`, 0);
      assert.equal(f.length, 1, p);
      assert.equal(f[0].check, 'mms.media-url-content', p);
      assert.equal(f[0].severity, 'error', p);
    }
    assert.equal((await rehostedMediaFindings(`${base}/untyped`, 0))[0].severity, 'warning', 'application/octet-stream');
    // the partner's CERT_MMS_MEDIA_URL is itself an HTML page: the faithful copy warns, naming the setting
    const same = await rehostedMediaFindings(`${base}/soft404`, 0, 2_000, `${base}/soft404?sent`);
    assert.equal(same[0].severity, 'warning', 'the media sent is a document too');
    assert.match(same[0].message, /CERT_MMS_MEDIA_URL/);
    assert.equal((await rehostedMediaFindings(`${base}/soft404`, 0, 2_000, `${base}/big`))[0].severity, 'error', 'an image sent, a page relayed');
  } finally {
    await new Promise((r) => server.close(r));
  }
  assert.equal(mediaContentFindings('u', { type: '', empty: false })[0].severity, 'warning', 'no Content-Type');
  assert.deepEqual(mediaContentFindings('u', { type: 'image/png', empty: false }), []);
});

test('a re-hosted media link that redirects is followed (benign mms-media-redirect, drift mms-media-redirect-dead)', async () => {
  const server = http.createServer((req, res) => {
    // /to/<path>: 302 to /<path>; /loop: redirects forever
    if (req.url?.startsWith('/to/')) return void res.writeHead(302, { location: req.url.slice(3) }).end();
    if (req.url === '/loop') return void res.writeHead(307, { location: '/loop' }).end();
    res.writeHead(Number(req.url?.slice(1)) || 200, { 'content-type': 'image/png' }).end('png');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await rehostedMediaFindings(`${base}/to/200`, 0), [], 'a redirect to the media passes');
    assert.equal((await rehostedMediaFindings(`${base}/to/404`, 0))[0].severity, 'error', 'a redirect to a dead copy fails');
    assert.equal((await rehostedMediaFindings(`${base}/loop`, 0))[0].severity, 'warning', 'endless redirects: not followed past 5, a warning');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
