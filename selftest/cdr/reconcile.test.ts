/** Reconciliation: missing / duplicate / unexpected / mismatched records and the voice/SMS split. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile, formatReconcile, type CdrRecord } from '../../helpers/cdr';
import { toCanonical } from '../../sandbox/cdr';
import { scenario, ACCOUNT } from './_traffic';
import { reconcileEitherClock, shiftTraffic, targetClockOffsetMs } from '../../helpers/cdr/steps';
import { offsetAt } from '../../helpers/clock-moves';

/** The scenario's events turned into delivered records, SMS / voice / data in their own files. */
function delivered(): CdrRecord[] {
  const { events } = scenario();
  return events.map((e, i) => {
    const fields = toCanonical(e, ACCOUNT) as any;
    const kind = fields.type === 'mms' ? 'sms' : fields.type;
    return { kind, fields, valid: true, source: { file: `cdr-${kind}.csv`, line: i + 2 } } as CdrRecord;
  });
}

test('the clean run reconciles exactly', () => {
  const { expected } = scenario();
  const r = reconcile(expected, delivered(), { toleranceMs: 2000 });
  assert.deepEqual(r.findings, []);
  assert.equal(r.ok, true);
  assert.deepEqual(r.sms, { expected: 3, matched: 3, missing: 0, duplicate: 0, unexpected: 0, mismatched: 0, redelivered: 0, ignored: 0 });
  assert.deepEqual(r.voice, { expected: 3, matched: 3, missing: 0, duplicate: 0, unexpected: 0, mismatched: 0, redelivered: 0, ignored: 0 });
  assert.deepEqual(r.data, { expected: 1, matched: 1, missing: 0, duplicate: 0, unexpected: 0, mismatched: 0, redelivered: 0, ignored: 0 });
  assert.match(formatReconcile(r), /sms: expected 3, matched 3, missing 0/);
});

test('missing, duplicate, unexpected and mismatched are each found and counted', () => {
  const { expected } = scenario();
  let recs = delivered();
  // missing: drop TMID-0002
  recs = recs.filter((r) => !(r.kind === 'sms' && r.fields.messageId === 'TMID-0002'));
  // duplicate: first call leg twice
  const v = recs.find((r) => r.kind === 'voice')!;
  recs.push({ ...v, source: { file: v.source.file, line: 99 } });
  // unexpected: an SMS nobody sent
  const s = recs.find((r) => r.kind === 'sms')!;
  recs.push({ ...s, fields: { ...(s.fields as any), messageId: 'TMID-9999' }, source: { file: s.source.file, line: 100 } } as CdrRecord);
  // mismatched: wrong number and a timestamp 10 s off on TMID-0003; voice duration off by 5 s
  recs = recs.map((r) =>
    r.kind === 'sms' && r.fields.messageId === 'TMID-0003'
      ? ({ ...r, fields: { ...r.fields, to: '+12025550000', timestamp: '2026-11-23T18:00:13.000Z' } } as CdrRecord)
      : r,
  );
  recs = recs.map((r) =>
    r.kind === 'voice' && r.fields.callId === 'sip-call-3@10.0.0.1' ? ({ ...r, fields: { ...r.fields, durationSeconds: 15 } } as CdrRecord) : r,
  );

  const r = reconcile(expected, recs, { toleranceMs: 2000 });
  assert.equal(r.ok, false);
  assert.deepEqual(r.sms, { expected: 3, matched: 1, missing: 1, duplicate: 0, unexpected: 1, mismatched: 1, redelivered: 0, ignored: 0 });
  // the duplicated leg itself agrees (matched); its extra copy is counted under duplicate
  assert.deepEqual(r.voice, { expected: 3, matched: 2, missing: 0, duplicate: 1, unexpected: 0, mismatched: 1, redelivered: 0, ignored: 0 });
  const by = (c: string) => r.findings.filter((f) => f.check === c);
  assert.match(by('cdr.reconcile.missing')[0].message, /TMID-0002/);
  assert.match(by('cdr.reconcile.duplicate')[0].message, /sip-call-1@10\.0\.0\.1 leg A delivered 2 times/);
  assert.equal(by('cdr.reconcile.unexpected')[0].line, 100);
  const mm = by('cdr.reconcile.mismatch')
    .map((f) => f.pointer)
    .sort();
  assert.deepEqual(mm, ['/durationSeconds', '/timestamp', '/to']);
});

test('a record under the right id but the wrong direction is a mismatch, not missing + unexpected', () => {
  const { expected } = scenario();
  const recs = delivered().map((r) =>
    r.kind === 'sms' && r.fields.messageId === 'TMID-0001' ? ({ ...r, fields: { ...r.fields, direction: 'inbound' } } as CdrRecord) : r,
  );
  const r = reconcile(expected, recs, { toleranceMs: 2000 });
  assert.deepEqual(r.sms, { expected: 3, matched: 2, missing: 0, duplicate: 0, unexpected: 0, mismatched: 1, redelivered: 0, ignored: 0 });
  assert.equal(r.findings[0].pointer, '/direction');
});

test('voice and SMS in one file is a finding; unexpected severity can be relaxed', () => {
  const { expected } = scenario();
  const recs = delivered().map((r) => (r.kind === 'data' ? r : ({ ...r, source: { ...r.source, file: 'cdr-usage.csv' } } as CdrRecord)));
  const r = reconcile(expected, recs, { toleranceMs: 2000 });
  const f = r.findings.find((x) => x.check === 'cdr.mixed-file');
  assert.ok(f);
  assert.equal(f!.file, 'cdr-usage.csv');
  assert.deepEqual(r.files.find((x) => x.file === 'cdr-usage.csv')!.kinds, { sms: 3, voice: 3 });

  const extra = [...delivered(), { ...delivered()[0], fields: { ...(delivered()[0].fields as any), messageId: 'TMID-X' } } as CdrRecord];
  const w = reconcile(expected, extra, { toleranceMs: 2000, unexpectedSeverity: 'warning' });
  assert.equal(w.ok, true);
  assert.equal(w.sms.unexpected, 1);
});

test('account id and unanswered legs are checked', () => {
  const { expected } = scenario();
  const recs = delivered().map((r) =>
    r.kind === 'voice' && r.fields.callId === 'sip-call-2@telegent'
      ? ({ ...r, fields: { ...r.fields, answerTime: '2026-11-23T18:00:51.000Z', accountId: 'DID-other' } } as CdrRecord)
      : r,
  );
  const r = reconcile(expected, recs, { toleranceMs: 2000 });
  assert.equal(r.voice.mismatched, 1);
  assert.deepEqual(r.findings.map((f) => f.pointer).sort(), ['/accountId', '/answerTime']);
});

test('a leg the SIP agent saw answered: NO_ANSWER / no answerTime fail, a zero duration is only a warning (R-cdr-duration)', () => {
  // what the ledger records of a call: numbers, start, answered (expectedTraffic keeps nothing else of it)
  const leg = {
    callId: 'sip-call-3@10.0.0.1',
    direction: 'outbound' as const,
    from: '+12025550100',
    to: '+12025550195',
    startedAt: '2026-11-23T18:01:00.000Z',
  };
  const recs = delivered().filter((r) => r.kind === 'voice' && r.fields.callId === leg.callId);
  const expected = { sms: [], voice: [{ ...leg, answered: true }] };
  assert.deepEqual(reconcile(expected, recs, { toleranceMs: 2000 }).findings, []);
  const zero = recs.map((r) => ({ ...r, fields: { ...r.fields, durationSeconds: 0 } }) as CdrRecord);
  const w = reconcile(expected, zero, { toleranceMs: 2000 });
  assert.equal(w.ok, true);
  assert.equal(w.voice.matched, 1);
  assert.deepEqual(
    w.findings.map((f) => [f.severity, f.check, f.basis]),
    [['warning', 'cdr.reconcile.answered-zero-duration', 'R-cdr-duration']],
  );
  const unanswered = recs.map((r) => ({ ...r, fields: { ...r.fields, disposition: 'NO_ANSWER', answerTime: null, durationSeconds: 0 } }) as CdrRecord);
  const r = reconcile(expected, unanswered, { toleranceMs: 2000 });
  assert.equal(r.voice.mismatched, 1);
  assert.deepEqual(
    r.findings.filter((f) => f.severity === 'error').map((f) => f.pointer),
    ['/disposition', '/answerTime'],
  );
  // answered: false (or not recorded) is not judged: the platform may have seen an answer the suite gave up on
  assert.equal(reconcile({ sms: [], voice: [{ ...leg, answered: false }] }, unanswered, { toleranceMs: 2000 }).ok, true);
});

test('a target whose clock runs ahead (moved through its controls): the expected times shifted by its offset reconcile; unshifted they do not', async () => {
  const { expected } = scenario();
  const ahead = 60 * 86_400_000; // two carrier-patience moves of a long-lived standalone sandbox
  const late = delivered().map((r) => {
    const f: any = { ...r.fields };
    for (const k of ['timestamp', 'startTime', 'answerTime', 'endTime']) if (f[k]) f[k] = new Date(Date.parse(f[k]) + ahead).toISOString();
    return { ...r, fields: f };
  });
  assert.equal(reconcile(expected, late, { toleranceMs: 2000 }).ok, false, 'unshifted: every time is off by 60 days');
  const notes: string[] = [];
  const target = { controls: { health: async () => ({ clockOffsetMs: ahead }) } } as any;
  const offset = await targetClockOffsetMs({ target, evidence: { note: (s: string) => notes.push(s) } as any });
  assert.equal(offset, ahead);
  assert.match(notes[0], /runs 5184000000 ms ahead/);
  const r = reconcile(shiftTraffic(expected, offset), late, { toleranceMs: 2000 });
  assert.deepEqual(r.findings, []);
  assert.equal(await targetClockOffsetMs({ target: {} as any, evidence: { note: () => undefined } as any }), 0, 'no controls: no offset');
});

test('a clock moved during the run: traffic before the move is in the earlier offset, after it in the later one (helpers/clock-moves)', () => {
  const moves = [{ at: '2026-11-30T10:00:00.000Z', ms: 30 * 86_400_000 }];
  const ledger = { getData: () => moves } as any;
  const now = 30 * 86_400_000 + 6_000; // item 1's 6 s, then the carrier's 30 days
  assert.equal(offsetAt(ledger, now, '2026-11-30T09:59:59.000Z'), 6_000, 'a send before the move');
  assert.equal(offsetAt(ledger, now, '2026-11-30T10:00:01.000Z'), now, 'a send after it');
  const { expected } = scenario();
  const first = expected.sms[0].at;
  const shifted = shiftTraffic(expected, (iso) => offsetAt({ getData: () => [{ at: first, ms: 1000 }] } as any, 5000, iso));
  assert.equal(Date.parse(shifted.sms[0].at) - Date.parse(first), 5000, 'a move at the same instant as the send does not count as later');
});

test('a skewed API clock: CDRs on the API clock or on this machine’s both reconcile; on neither, the skewed reading is judged', () => {
  const { expected } = scenario();
  const recs = delivered();
  const notes: string[] = [];
  const check = (exp: typeof expected, unskewed?: typeof expected) =>
    reconcileEitherClock(
      { channel: 'webhook', files: [], expected: exp, unskewed, toleranceMs: 2000, evidence: { note: (s: string) => notes.push(s) } as any },
      recs,
    );
  // the API server 10 min ahead, the CDR system on the world's clock: the unskewed reading reconciles, with a note
  const skewed = shiftTraffic(expected, 600_000);
  assert.equal(check(skewed, expected).ok, true);
  assert.match(notes[0], /reconcile on this machine's clock, not on the API's Date header/);
  // the CDR system on the API's clock: the skewed reading reconciles as it is, no note
  assert.equal(check(expected, shiftTraffic(expected, -600_000)).ok, true);
  assert.equal(notes.length, 1);
  // on neither clock: the skewed reading's findings are the ones judged
  const r = check(shiftTraffic(expected, 600_000), shiftTraffic(expected, 1_200_000));
  assert.equal(r.ok, false);
  assert.ok(r.findings.some((f) => f.severity === 'error'));
});
