/**
 * The hand-tuned CSV reader (helpers/cdr/csv.ts) against csv-parse, the library it replaced: same fields on
 * generated files (quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, stray quotes,
 * text after a closing quote, UTF-8), whatever the chunk borders; line numbers count physical lines; a quote
 * never closed is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { CsvReader } from '../../protocol/cdr/csv';
import { parseCdr } from '../../helpers/cdr';

type Out = Array<[number, ...string[]] | ['skip', string, number]>;

function read(text: string, chunk = 0): Out {
  const out: Out = [];
  const r = new CsvReader(',', '"', '"', {
    row: (f, n, line) => void out.push([line, ...f.slice(0, n)]),
    skip: (code, _m, line) => void out.push(['skip', code, line]),
  });
  if (chunk <= 0) r.write(text);
  else for (let i = 0; i < text.length; i += chunk) r.write(text.slice(i, i + chunk));
  r.end();
  return out;
}

/** a small deterministic generator (no Math.random: the same files every run) */
function* files(count: number): Generator<string> {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const quotedAtoms = ['a', 'bc', '', ' ', '"', ',', '\n', '\r\n', 'é', '☎'];
  const plainAtoms = ['a', 'b1', 'x"y', ' ', 'é'];
  for (let k = 0; k < count; k++) {
    const eol = rnd(2) ? '\r\n' : '\n';
    let s = '';
    for (let r = 0, rows = 1 + rnd(5); r < rows; r++) {
      const fields: string[] = [];
      for (let i = 0, nf = 1 + rnd(4); i < nf; i++) {
        let v = '';
        if (rnd(3) === 0) {
          for (let j = rnd(4); j > 0; j--) v += quotedAtoms[rnd(quotedAtoms.length)];
          fields.push(`"${v.replace(/"/g, '""')}"${rnd(6) === 0 ? plainAtoms[rnd(plainAtoms.length)] : ''}`);
        } else {
          for (let j = rnd(3); j > 0; j--) v += plainAtoms[rnd(plainAtoms.length)];
          fields.push(v);
        }
      }
      s += fields.join(',') + eol;
    }
    yield rnd(4) === 0 ? s.replace(/\r?\n$/, '') : s;
  }
}

test('same fields as csv-parse (relax_quotes) on 3,000 generated files, whatever the chunk size; physical line numbers', () => {
  let n = 0;
  for (const text of files(3000)) {
    const ref = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    const whole = read(text);
    assert.deepEqual(
      whole.map((r) => r.slice(1)),
      ref,
      JSON.stringify(text),
    );
    assert.deepEqual(read(text, 1 + (n++ % 7)), whole, `chunked: ${JSON.stringify(text)}`);
    let expected = 1;
    for (const r of whole) {
      assert.equal(r[0], expected, JSON.stringify(text));
      expected = (r[0] as number) + 1 + (r.slice(1).join('').match(/\n/g) ?? []).length;
    }
  }
});

test('a quote never closed, characters after a closing quote (kept, as csv-parse relax_quotes); CR-only line ends', () => {
  assert.deepEqual(read('a,b\n"x,y\nz\n'), [
    [1, 'a', 'b'],
    ['skip', 'CSV_QUOTE_NOT_CLOSED', 2],
  ]);
  assert.deepEqual(read('a,b\n"x"y,z\nc,d\n'), [
    [1, 'a', 'b'],
    [2, '"x"y', 'z'],
    [3, 'c', 'd'],
  ]);
  assert.deepEqual(read('a,"x\ny"z"q,w\nb\n'), [
    [1, 'a', '"x\ny"z"q', 'w'],
    [3, 'b'],
  ]);
  assert.deepEqual(read('a,b\r"c",d\re,f'), [
    [1, 'a', 'b'],
    [2, 'c', 'd'],
    [3, 'e', 'f'],
  ]);
});

test('text after a closing quote: the record is kept and its value reported by the schema, line numbers intact', async () => {
  const h = 'RecordId,RecordType,MessageId,Direction,From,To,Timestamp,Segments,AccountId\n';
  const ok = (n: number) => `CDR-${n},sms,TMID-${n},outbound,+12025550100,+12025550101,2026-11-23T18:00:0${n}.000Z,1,DID-7f3a9c\n`;
  const r = await parseCdr(h + ok(1) + `CDR-2,sms,"TMID-2"x,outbound,+12025550100,+12025550101,2026-11-23T18:00:02.000Z,1,DID-7f3a9c\n` + ok(3), {
    format: 'csv',
    fileName: 'q.csv',
  });
  const f = r.findings.find((x) => x.check === 'cdr.schema' && x.pointer === '/messageId');
  assert.equal(f?.line, 3);
  assert.deepEqual(
    r.records.map((x) => x.source.line),
    [2, 3, 4],
  );
  assert.equal((r.records[1].fields as any).messageId, '"TMID-2"x');
});
