/**
 * Content codings (benign gzip-unasked): an answer coded gzip / deflate / br although the request named no
 * Accept-Encoding (RFC 9110 §12.5.3) is read as its JSON, by the transport and by decodeContent; an unknown coding is
 * left as it came (the answer then reads as unparsable text, never as something else).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeContent } from '../../helpers/client/content-coding';
import { sendOnce } from '../../helpers/client/transport';

const JSON_TEXT = JSON.stringify({ AccountId: 'AID-1', Name: 'Zoë' });

test('decodeContent: gzip, x-gzip, deflate (zlib and raw), br, stacked codings; unknown codings give undefined', () => {
  const raw = Buffer.from(JSON_TEXT);
  for (const [coding, bytes] of [
    ['gzip', gzipSync(raw)],
    ['x-gzip', gzipSync(raw)],
    ['deflate', deflateSync(raw)],
    ['deflate', deflateRawSync(raw)],
    ['br', brotliCompressSync(raw)],
    ['GZIP', gzipSync(raw)],
    ['deflate, gzip', gzipSync(deflateSync(raw))],
  ] as const)
    assert.equal(decodeContent(bytes, coding)?.toString('utf8'), JSON_TEXT, coding);
  assert.equal(decodeContent(raw, undefined)?.toString('utf8'), JSON_TEXT);
  assert.equal(decodeContent(raw, 'identity')?.toString('utf8'), JSON_TEXT);
  assert.equal(decodeContent(raw, 'compress'), undefined);
  assert.equal(decodeContent(raw, 'gzip'), undefined, 'bytes that are not gzip');
});

test('the transport reads a gzip-coded JSON answer the request did not ask for', async () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.from(JSON_TEXT)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/account`;
    const sent = await sendOnce({ method: 'GET', url, headers: { accept: 'application/json' }, body: undefined, limitMs: 5000 });
    assert.equal(sent.kind, 'response');
    assert.deepEqual(sent.kind === 'response' && sent.body, JSON.parse(JSON_TEXT));
  } finally {
    server.close();
  }
});
