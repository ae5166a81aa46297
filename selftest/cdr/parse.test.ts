/**
 * Bad-file self-test for the streaming CDR parser: every malformed input must yield findings (with line
 * numbers), never an exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseCdr, parseCdrStream, loadCdrMapping, validateCdrRecord, type CdrParseResult, type CdrFinding } from '../../helpers/cdr';
import { ACCOUNT } from './_traffic';

const SMS_H = 'RecordId,RecordType,MessageId,Direction,From,To,Timestamp,Segments,AccountId\n';
const sms = (n: number, extra: Partial<Record<string, string>> = {}) => {
  const f = {
    id: `CDR-${n}`,
    t: 'sms',
    mid: `TMID-${n}`,
    dir: 'outbound',
    from: '+12025550100',
    to: '+12025550101',
    ts: `2026-11-23T18:00:${String(n % 60).padStart(2, '0')}.000Z`,
    seg: '1',
    acc: ACCOUNT,
    ...extra,
  };
  return `${f.id},${f.t},${f.mid},${f.dir},${f.from},${f.to},${f.ts},${f.seg},${f.acc}\n`;
};
const VOICE_H = 'RecordId,RecordType,CallId,Leg,Direction,From,To,StartTime,AnswerTime,EndTime,DurationSeconds,Disposition,AccountId\n';

const find = (r: CdrParseResult, check: string): CdrFinding => {
  const f = r.findings.find((x) => x.check === check);
  assert.ok(
    f,
    `expected a '${check}' finding, got: ${JSON.stringify(
      r.findings.map((x) => `${x.check}@${x.line}: ${x.message}`),
      null,
      1,
    )}`,
  );
  return f!;
};
const noErrors = (r: CdrParseResult) =>
  assert.deepEqual(
    r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    [],
  );

test('schemas compile and the canonical samples validate (incl. a data CDR with every field populated)', () => {
  const L = loadCdrMapping();
  for (const k of ['sms', 'voice', 'data'] as const) assert.equal(L.kinds[k].schema['x-provisional'], true);
  assert.deepEqual(
    validateCdrRecord('data', {
      recordId: 'CDR-1',
      type: 'data',
      sessionId: 'DS-1',
      number: '+12025550100',
      iccid: '8901260882291234567',
      apn: 'iot.joonto',
      bytesUp: 1,
      bytesDown: 2,
      startTime: '2026-11-23T18:00:00Z',
      endTime: '2026-11-23T18:01:00Z',
      accountId: ACCOUNT,
    }),
    [],
  );
  const bad = validateCdrRecord('sms', {
    recordId: 'x',
    type: 'sms',
    messageId: 'SMS-1',
    direction: 'up',
    from: '12025550100',
    to: '+1',
    timestamp: 'yesterday',
    segments: 0,
    accountId: 'a',
  });
  assert.ok(bad.length >= 5, JSON.stringify(bad));
});

test('valid CSV: records, kinds and line numbers', async () => {
  const r = await parseCdr(SMS_H + sms(1) + sms(2), { format: 'csv', fileName: 'sms.csv' });
  noErrors(r);
  assert.equal(r.records.length, 2);
  assert.equal(r.records[1].source.line, 3);
  assert.equal(r.records[0].kind, 'sms');
  assert.equal((r.records[0].fields as any).segments, 1);
  assert.deepEqual(r.files[0].kinds, { sms: 2 });
});

test('R-cdr-spellings: enum words in any case, ISO times without an offset read in the mapping zone (UTC)', async () => {
  const r = await parseCdr(
    SMS_H + sms(1, { t: 'SMS', dir: 'OUTBOUND', ts: '2025-12-08T00:12:08.89' }) + sms(2, { dir: 'Inbound', ts: '2025-05-14T18:00:00.0000000' }),
    {
      format: 'csv',
      fileName: 'sms.csv',
    },
  );
  noErrors(r);
  assert.deepEqual(
    r.records.map((x) => [(x.fields as any).type, (x.fields as any).direction, (x.fields as any).timestamp]),
    [
      ['sms', 'outbound', '2025-12-08T00:12:08.890Z'],
      ['sms', 'inbound', '2025-05-14T18:00:00.000Z'],
    ],
  );
  // another word, or a time that is no date, is still a schema error
  const bad = await parseCdr(SMS_H + sms(3, { dir: 'sideways' }) + sms(4, { ts: '2025-12-08T25:12:08' }), { format: 'csv', fileName: 'sms.csv' });
  assert.deepEqual(
    bad.findings.filter((f) => f.check === 'cdr.schema').map((f) => f.pointer),
    ['/direction', '/timestamp'],
  );
});

test('empty inputs: 0 bytes, whitespace only, header only', async () => {
  for (const [input, sev] of [
    ['', 'error'],
    ['  \r\n\n', 'error'],
    [SMS_H, 'warning'],
  ] as const) {
    const r = await parseCdr(input, { format: 'csv', fileName: 'empty.csv' });
    const f = find(r, 'cdr.empty-file');
    assert.equal(f.severity, sev);
    assert.equal(f.line, 1);
    assert.equal(r.records.length, 0);
  }
  const j = await parseCdr('{"type":"sms","records":[]}', { format: 'json', fileName: 'empty.json' });
  find(j, 'cdr.empty-file');
});

test('truncated: last line cut, unterminated quote, truncated JSON', async () => {
  const cut = await parseCdr(SMS_H + sms(1) + 'CDR-2,sms,TMID-2,outbound,+1202555', { format: 'csv', fileName: 'cut.csv' });
  const f = find(cut, 'cdr.truncated');
  assert.equal(f.severity, 'error');
  assert.equal(f.line, 3);
  find(cut, 'cdr.row.column-count');
  assert.equal(cut.records.filter((r) => r.valid).length, 1);

  const q = await parseCdr(SMS_H + sms(1) + 'CDR-2,sms,"TMID-2,outbound,+12025550100', { format: 'csv', fileName: 'quote.csv' });
  assert.equal(find(q, 'cdr.truncated').line, 3);
  assert.equal(q.records.length, 1);

  const j = await parseCdr('{"type":"sms","records":[{"RecordId":"CDR-1","MessageId":"TMID-1"', { format: 'json', fileName: 'cut.json' });
  find(j, 'cdr.truncated');

  const nl = await parseCdr((SMS_H + sms(1)).trimEnd(), { format: 'csv', fileName: 'nolf.csv' });
  assert.equal(find(nl, 'cdr.truncated').severity, 'warning');
});

test('wrong delimiter (semicolon, tab) is detected and the file still parsed', async () => {
  for (const d of [';', '\t']) {
    const r = await parseCdr((SMS_H + sms(1) + sms(2)).replace(/,/g, d), { format: 'csv', fileName: 'delim.csv' });
    const f = find(r, 'cdr.delimiter');
    assert.equal(f.actual, JSON.stringify(d));
    assert.equal(r.records.filter((x) => x.valid).length, 2);
  }
});

test('UTF-8 BOM is reported and stripped', async () => {
  const r = await parseCdr(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SMS_H + sms(1))]), { format: 'csv', fileName: 'bom.csv' });
  assert.equal(find(r, 'cdr.bom').severity, 'warning');
  assert.equal(r.records[0].valid, true);
  assert.equal((r.records[0].fields as any).recordId, 'CDR-1');
});

test('quoted delimiters, quoted line breaks and escaped quotes', async () => {
  const text =
    SMS_H +
    `"CDR-1","sms","TMID-1","outbound","+12025550100","+12025550101","2026-11-23T18:00:01.000Z","1","${ACCOUNT}"\n` +
    `CDR-2,sms,TMID-2,outbound,+12025550100,+12025550101,2026-11-23T18:00:02.000Z,1,"acc, with ""comma""\nand a line break"\n` +
    sms(3);
  const r = await parseCdr(text, { format: 'csv', fileName: 'quoted.csv' });
  noErrors(r);
  assert.equal(r.records.length, 3);
  assert.equal((r.records[1].fields as any).accountId, 'acc, with "comma"\nand a line break');
  assert.equal(r.records[1].source.line, 3);
  assert.equal(r.records[2].source.line, 5);
});

test('unknown, missing and duplicated columns', async () => {
  const r = await parseCdr(
    'RecordId,MessageId,Direction,From,To,Timestamp,Colour,Direction\nCDR-1,TMID-1,outbound,+12025550100,+12025550101,2026-11-23T18:00:00Z,red,outbound\n',
    { format: 'csv', fileName: 'cols.csv' },
  );
  assert.equal(find(r, 'cdr.header.unknown-column').pointer, '/Colour');
  const missing = r.findings
    .filter((f) => f.check === 'cdr.header.missing-column')
    .map((f) => f.expected)
    .sort();
  assert.deepEqual(missing, ['AccountId', 'RecordType', 'Segments']);
  find(r, 'cdr.header.duplicate-column');
  // the per-record 'required' errors are not repeated for columns already reported missing
  assert.equal(r.findings.filter((f) => f.check === 'cdr.schema').length, 0);
  assert.equal(r.records[0].valid, false);

  const none = await parseCdr(sms(1) + sms(2), { format: 'csv', fileName: 'noheader.csv' });
  find(none, 'cdr.header.missing');
});

test('rows with too many / too few fields, bad values, stray quotes', async () => {
  const r = await parseCdr(
    SMS_H +
      sms(1).replace('\n', ',extra\n') +
      sms(2, { seg: 'two', dir: 'sideways' }) +
      'CDR-3,sms,TMID-3,out"bound,+12025550100,+12025550101,2026-11-23T18:00:00Z,1,a\n',
    { format: 'csv', fileName: 'rows.csv' },
  );
  assert.equal(find(r, 'cdr.row.column-count').line, 2);
  const schema = r.findings.filter((f) => f.check === 'cdr.schema');
  assert.ok(
    schema.some((f) => f.line === 3 && f.pointer === '/segments'),
    JSON.stringify(schema),
  );
  assert.ok(schema.some((f) => f.line === 3 && f.pointer === '/direction'));
  assert.ok(schema.some((f) => f.line === 4 && f.pointer === '/direction'));
});

test('duplicate records are reported with both line numbers', async () => {
  const r = await parseCdr(SMS_H + sms(1) + sms(2) + sms(1), { format: 'csv', fileName: 'dup.csv' });
  const f = find(r, 'cdr.duplicate');
  assert.equal(f.line, 4);
  assert.match(f.message, /first seen at line 2/);
});

test('wrong encoding: invalid UTF-8, UTF-16LE/BE with BOM, UTF-16LE without BOM', async () => {
  const bad = Buffer.concat([
    Buffer.from(SMS_H + sms(1) + 'CDR-2,sms,TMID-2,outbound,+12025550100,+12025550101,2026-11-23T18:00:00Z,1,caf'),
    Buffer.from([0xe9]),
    Buffer.from('\n'),
  ]);
  const r = await parseCdr(bad, { format: 'csv', fileName: 'latin1.csv' });
  const f = find(r, 'cdr.encoding');
  assert.equal(f.line, 3);
  assert.equal(f.pointer, '/accountId');

  const text = SMS_H + sms(1);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  for (const [name, buf, enc] of [
    ['le.csv', le, 'utf-16le'],
    ['be.csv', be, 'utf-16be'],
    ['le-nobom.csv', Buffer.from(text, 'utf16le'), 'utf-16le'],
  ] as const) {
    const x = await parseCdr(buf, { format: 'csv', fileName: name });
    assert.equal(find(x, 'cdr.encoding').actual, enc, name);
    assert.equal(x.records.filter((y) => y.valid).length, 1, name);
  }
});

test('voice and SMS merged in one file (union header or RecordType per row)', async () => {
  const union =
    'RecordId,RecordType,MessageId,CallId,Leg,Direction,From,To,Timestamp,Segments,StartTime,AnswerTime,EndTime,DurationSeconds,Disposition,AccountId\n' +
    `CDR-1,sms,TMID-1,,,outbound,+12025550100,+12025550101,2026-11-23T18:00:00Z,1,,,,,,${ACCOUNT}\n` +
    `CDR-2,voice,,call-1,A,outbound,+12025550100,+12025550101,,,2026-11-23T18:00:00Z,,2026-11-23T18:00:05Z,0,NO_ANSWER,${ACCOUNT}\n`;
  const r = await parseCdr(union, { format: 'csv', fileName: 'usage.csv' });
  find(r, 'cdr.mixed-file');
  assert.deepEqual(r.files[0].kinds, { sms: 1, voice: 1 });
  assert.equal(r.records.filter((x) => x.valid).length, 2, JSON.stringify(r.findings));

  // an SMS file with a voice row typed by RecordType
  const rows = await parseCdr(SMS_H + sms(1) + `CDR-9,voice,TMID-9,outbound,+12025550100,+12025550101,2026-11-23T18:00:00Z,1,${ACCOUNT}\n`, {
    format: 'csv',
    fileName: 'sms.csv',
    kind: 'sms',
  });
  assert.equal(find(rows, 'cdr.mixed-file').line, 3);
});

test('JSON batch, NDJSON, unknown fields, wrong shapes', async () => {
  const rec = {
    RecordId: 'CDR-1',
    RecordType: 'sms',
    MessageId: 'TMID-1',
    Direction: 'inbound',
    From: '+12025550101',
    To: '+12025550100',
    Timestamp: '2026-11-23T18:00:00Z',
    Segments: 1,
    AccountId: ACCOUNT,
  };
  const ok = await parseCdr(JSON.stringify({ type: 'sms', records: [rec, { ...rec, MessageId: 'TMID-2', Colour: 'red' }] }), {
    format: 'json',
    fileName: 'b.json',
  });
  assert.equal(ok.records.filter((r) => r.valid).length, 2);
  assert.equal(find(ok, 'cdr.header.unknown-column').pointer, '/records/1/Colour');
  const nd = await parseCdr(`${JSON.stringify(rec)}\n${JSON.stringify({ ...rec, MessageId: 'TMID-2' })}\n`, { format: 'json', fileName: 'b.ndjson' });
  assert.equal(nd.records.length, 2);
  assert.equal(nd.records[1].source.line, 2);
  find(await parseCdr('{"type":"sms","records":[1, 2]}', { format: 'json', fileName: 's.json' }), 'cdr.json-shape');
  find(await parseCdr('{"type":"sms" "records":[]}', { format: 'json', fileName: 'x.json' }), 'cdr.json-syntax');
  find(await parseCdr(SMS_H + sms(1), { format: 'json', fileName: 'not.json' }), 'cdr.format');
});

test('byte-by-byte streaming (multi-byte characters split across chunks) gives the same result', async () => {
  const text = SMS_H + sms(1) + `CDR-2,sms,TMID-2,outbound,+12025550100,+12025550101,2026-11-23T18:00:02.000Z,1,"Zoë, ☎ ""x"""\n` + VOICE_H.slice(0, 0);
  const whole = await parseCdr(text, { format: 'csv', fileName: 'a.csv' });
  const bytes = Buffer.from(text);
  const oneByOne = Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    })(),
  );
  const split = await parseCdr(oneByOne, { format: 'csv', fileName: 'a.csv' });
  assert.deepEqual(
    split.records.map((r) => r.fields),
    whole.records.map((r) => r.fields),
  );
  assert.equal((split.records[1].fields as any).accountId, 'Zoë, ☎ "x"');
  noErrors(split);
});

test('a failing input stream and garbage never throw', async () => {
  const failing = new Readable({ read() {} });
  failing.push(SMS_H + sms(1));
  setImmediate(() => failing.destroy(new Error('socket hang up')));
  const r = await parseCdr(failing, { format: 'csv', fileName: 'fail.csv' });
  find(r, 'cdr.read-error');
  const garbage = Buffer.alloc(5000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
  const g = await parseCdr(garbage, { format: 'auto', fileName: 'garbage.bin' });
  assert.ok(g.findings.some((f) => f.severity === 'error'));
  // stopping early releases the stream
  for await (const it of parseCdrStream(SMS_H + sms(1) + sms(2), { format: 'csv' })) if (it.type === 'record') break;
});

test('mapping drives the layout: another header, delimiter and date format', async () => {
  const L = loadCdrMapping();
  const m = structuredClone(L.mapping);
  m.csv.delimiter = '|';
  m.dateFormat = 'MM/dd/yyyy hh:mm:ss a';
  m.kinds.sms.columns = {
    REC_ID: 'recordId',
    REC_TYPE: 'type',
    TMID: 'messageId',
    DIR: 'direction',
    ANI: 'from',
    DNIS: 'to',
    EVENT_TIME: 'timestamp',
    SEGS: 'segments',
    ACCT: 'accountId',
  };
  m.typeColumn = 'REC_TYPE';
  const custom = loadCdrMapping(m);
  const r = await parseCdr(
    'REC_ID|REC_TYPE|TMID|DIR|ANI|DNIS|EVENT_TIME|SEGS|ACCT\nCDR-1|sms|TMID-1|outbound|+12025550100|+12025550101|11/23/2026 06:36:13 PM|1|' + ACCOUNT + '\n',
    { format: 'csv', fileName: 'partner.csv', mapping: custom },
  );
  noErrors(r);
  assert.equal((r.records[0].fields as any).timestamp, '2026-11-23T18:36:13.000Z');
  // the same wall-clock time in New York (EST, UTC-5 in November)
  const ny = loadCdrMapping({ ...m, timeZone: 'America/New_York' });
  assert.equal(ny.parseDate('11/23/2026 06:36:13 PM'), '2026-11-23T23:36:13.000Z');
  assert.equal(ny.parseDate('07/01/2026 12:00:00 AM'), '2026-07-01T04:00:00.000Z');
  assert.equal(ny.parseDate('not a date'), undefined);
});

test('blank lines and CRLF line endings keep line numbers right', async () => {
  const text = ('\n' + SMS_H + sms(1) + '\n\n' + sms(2) + sms(2)).replace(/\n/g, '\r\n');
  const r = await parseCdr(text, { format: 'csv', fileName: 'crlf.csv' });
  assert.deepEqual(
    r.records.map((x) => x.source.line),
    [3, 6, 7],
  );
  assert.equal(find(r, 'cdr.duplicate').line, 7);
  assert.equal(r.records[0].valid, true);
});

test('breaking out early on a stream that never ends does not hang', { timeout: 5000 }, async () => {
  const endless = new Readable({ read() {} });
  endless.push(SMS_H + sms(1) + sms(2));
  let n = 0;
  for await (const it of parseCdrStream(endless, { format: 'csv', fileName: 'endless.csv' })) {
    if (it.type === 'record' && ++n === 1) break;
  }
  assert.equal(n, 1);
  endless.destroy();
});

test('KeySet64: 200,000 distinct keys, no false duplicates; repeats found with their first line', async () => {
  const { KeySet64 } = require('../../protocol/cdr/keyset') as typeof import('../../protocol/cdr/keyset');
  const ks = new KeySet64(16);
  for (let i = 0; i < 200_000; i++) assert.equal(ks.addOrGetParts(['sms', `TMID-${i}`, i % 2 ? 'inbound' : 'outbound'], i + 2), -1);
  assert.equal(ks.size, 200_000);
  assert.equal(ks.addOrGetParts(['sms', 'TMID-77', 'inbound'], 9), 79);
  // part boundaries matter: ('ab','c') is not ('a','bc')
  assert.equal(ks.addOrGetParts(['x', 'ab', 'c'], 1), -1);
  assert.equal(ks.addOrGetParts(['x', 'a', 'bc'], 2), -1);
});

test('a large single Buffer is fed in slices: counts and line numbers stay right across slice borders', async () => {
  let text = SMS_H;
  for (let i = 0; i < 3000; i++)
    text += i === 1500 ? `CDR-x,sms,TMID-x,outbound,+12025550100,+12025550101,2026-11-23T18:00:00.000Z,1,"multi\nline, quoted"\n` : sms(i + 10);
  assert.ok(Buffer.byteLength(text) > 3 * 64 * 1024);
  const r = await parseCdr(Buffer.from(text), { format: 'csv', fileName: 'big.csv', detectDuplicates: false });
  noErrors(r);
  assert.equal(r.records.length, 3000);
  assert.equal(r.records[1500].source.line, 1502);
  assert.equal(r.records[1501].source.line, 1504);
  assert.equal(r.records[2999].source.line, 3002);
});
