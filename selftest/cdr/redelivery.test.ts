/**
 * At-least-once delivery and a shared account: a CDR file delivered twice is absorbed (redelivered, info);
 * the same record in two DIFFERENT files, or twice in one file, is a duplicate (error); records of other
 * runs / other users are ignored (info), never "unexpected".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCdrFiles, reconcile, type CdrFile, type CdrRecord, type ExpectedTraffic } from '../../helpers/cdr';
import { ACCOUNT } from './_traffic';

const A = '+12025550100';
const B = '+12025550101';
const H = 'RecordId,RecordType,MessageId,Direction,From,To,Timestamp,Segments,AccountId\n';
const row = (id: string, mid: string, sec: number, from = A, to = B, day = '23') =>
  `${id},sms,${mid},outbound,${from},${to},2026-11-${day}T18:00:${String(sec).padStart(2, '0')}.000Z,1,${ACCOUNT}\n`;
const at = (sec: number) => `2026-11-23T18:00:${String(sec).padStart(2, '0')}.000Z`;

const expected: ExpectedTraffic = {
  sms: [
    { messageId: 'TMID-1', direction: 'outbound', from: A, to: B, at: at(1) },
    { messageId: 'TMID-2', direction: 'outbound', from: A, to: B, at: at(2) },
  ],
  voice: [],
};
const file = (name: string, content: string): CdrFile => ({ name, content, contentType: 'text/csv', via: 'webhook' });
const errors = (r: { findings: Array<{ severity: string; check: string; message: string }> }) =>
  r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.check}: ${f.message}`);

test('the same file delivered twice (same name, same content) → no finding but info; counted as redelivered', async () => {
  const content = H + row('CDR-1', 'TMID-1', 1) + row('CDR-2', 'TMID-2', 2);
  const parsed = await parseCdrFiles([file('cdr-sms-0001.csv', content), file('cdr-sms-0001.csv', content)]);
  assert.deepEqual(errors(parsed), []);
  assert.equal(parsed.redelivered?.length, 1);
  assert.ok(parsed.findings.some((f) => f.check === 'cdr.redelivered' && f.severity === 'info'));
  const r = reconcile(expected, parsed.records, { toleranceMs: 2000 });
  assert.deepEqual(errors(r), []);
  assert.equal(r.ok, true);
  assert.deepEqual(r.sms, { expected: 2, matched: 2, missing: 0, duplicate: 0, unexpected: 0, mismatched: 0, redelivered: 2, ignored: 0 });
  assert.ok(r.findings.some((f) => f.check === 'cdr.reconcile.redelivered' && f.severity === 'info'));
});

test('the same content under another name (webhook retry without a file name) is a redelivery too', async () => {
  const content = H + row('CDR-1', 'TMID-1', 1) + row('CDR-2', 'TMID-2', 2);
  const parsed = await parseCdrFiles([file('webhook-1.csv', content), file('webhook-5.csv', content)]);
  const r = reconcile(expected, parsed.records, { toleranceMs: 2000 });
  assert.deepEqual(errors(r), []);
  assert.equal(r.sms.redelivered, 2);
  assert.equal(r.files.find((f) => f.file === 'webhook-5.csv')?.redeliveryOf, 'webhook-1.csv');
});

test('the same record in two DIFFERENT files is a duplicate (error)', async () => {
  const parsed = await parseCdrFiles([
    file('cdr-sms-0001.csv', H + row('CDR-1', 'TMID-1', 1) + row('CDR-2', 'TMID-2', 2)),
    file('cdr-sms-0002.csv', H + row('CDR-2', 'TMID-2', 2)),
  ]);
  assert.deepEqual(errors(parsed), []);
  const r = reconcile(expected, parsed.records, { toleranceMs: 2000 });
  assert.equal(r.ok, false);
  assert.equal(r.sms.duplicate, 1);
  assert.equal(r.sms.redelivered, 0);
  const d = r.findings.find((f) => f.check === 'cdr.reconcile.duplicate');
  assert.match(d?.message ?? '', /TMID-2 outbound delivered 2 times: cdr-sms-0001\.csv:3, cdr-sms-0002\.csv:2/);
});

test('the same record twice inside one file is a duplicate (error), also when that file is redelivered', async () => {
  const content = H + row('CDR-1', 'TMID-1', 1) + row('CDR-2', 'TMID-2', 2) + row('CDR-2b', 'TMID-2', 2);
  const parsed = await parseCdrFiles([file('cdr-sms-0001.csv', content), file('cdr-sms-0001.csv', content)]);
  const r = reconcile(expected, parsed.records, { toleranceMs: 2000 });
  assert.equal(r.sms.duplicate, 1, 'the in-file duplicate, counted once (its redelivered copies are absorbed)');
  assert.equal(r.sms.redelivered, 3);
});

test("records of other runs / other users are ignored (info), this run's unknown records stay unexpected", async () => {
  const content =
    H +
    row('CDR-1', 'TMID-1', 1) +
    row('CDR-2', 'TMID-2', 2) +
    row('CDR-3', 'TMID-other-user', 3, '+13035550177', '+13035550178') + // another user's numbers, same time
    row('CDR-4', 'TMID-old-run', 3, A, B, '21'); // this run's number, two days earlier (an earlier run)
  const parsed = await parseCdrFiles([file('cdr-sms-0001.csv', content)]);
  const r = reconcile(expected, parsed.records, { toleranceMs: 60_000 });
  assert.deepEqual(errors(r), []);
  assert.equal(r.sms.ignored, 2);
  assert.equal(r.sms.unexpected, 0);
  const info = r.findings.find((f) => f.check === 'cdr.reconcile.other-runs');
  assert.equal(info?.severity, 'info');
  assert.match(info?.message ?? '', /^2 sms record\(s\) of other runs\/users ignored/);

  const ours = await parseCdrFiles([file('cdr-sms-0002.csv', H + row('CDR-1', 'TMID-1', 1) + row('CDR-2', 'TMID-2', 2) + row('CDR-5', 'TMID-never-sent', 4))]);
  const u = reconcile(expected, ours.records, { toleranceMs: 60_000 });
  assert.equal(u.sms.unexpected, 1, "an unknown record on this run's number inside its window is still a defect");
  assert.equal(u.ok, false);
  const strict = reconcile(expected, parsed.records, { toleranceMs: 60_000, foreign: 'unexpected' });
  assert.equal(strict.sms.unexpected, 2);
});

test('records built without delivery tags: an identical record at the same file and line is a redelivered copy', () => {
  const rec = (line: number): CdrRecord =>
    ({
      kind: 'sms',
      valid: true,
      source: { file: 'x.csv', line },
      fields: {
        recordId: `CDR-${line}`,
        type: 'sms',
        messageId: 'TMID-1',
        direction: 'outbound',
        from: A,
        to: B,
        timestamp: at(1),
        segments: 1,
        accountId: ACCOUNT,
      },
    }) as CdrRecord;
  const two = { ...expected, sms: [expected.sms[0]] };
  assert.equal(reconcile(two, [rec(2), rec(2)], { toleranceMs: 2000 }).sms.redelivered, 1);
  assert.equal(reconcile(two, [rec(2), rec(3)], { toleranceMs: 2000 }).sms.duplicate, 1);
});
