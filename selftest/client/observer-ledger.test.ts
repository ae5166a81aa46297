/**
 * The semantic observer's number states live in the run's ledger (helpers/runtime/api.ts createObserver): Playwright
 * starts a new worker after every failed test, and a worker that did not know a number's status would let a status
 * change nobody asked for pass (drift number-status-unprompted, packed behind an earlier failure, went unseen so).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createObserver } from '../../helpers/runtime/api';
import { Ledger } from '../../helpers/ledger';

const NUMBER = '+13125550100';
const read = (status: string) => ({ op: 'GET /v1.0/numbers', status: 200, response: { body: { Number: NUMBER, Status: status } } });
const update = { op: 'POST /v1.0/numbers/update', status: 200, request: { body: { Number: NUMBER, VoiceRouteId: 'CRID-1' } }, response: { body: {} } };
const errors = (fs: { severity?: string; check?: string }[]) => fs.filter((f) => f.severity === 'error').map((f) => f.check);

function ledgerFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'observer-ledger-')), 'run-state.json');
}

test('a worker started after a failure still knows the number: a status change nobody asked for is a finding', () => {
  const file = ledgerFile();
  const since = Date.now();
  const first = createObserver(new Ledger(file), since);
  assert.deepEqual(errors(first.observe(read('Active'))), []);
  // the first worker ends on a failed test; the next one opens the same ledger
  const next = createObserver(new Ledger(file), since);
  assert.deepEqual(errors(next.observe(update)), []);
  const found = next.observe(read('Parked'));
  assert.equal(errors(found).length, 1, JSON.stringify(found));
  assert.match(String(found[0].message), /no status change was requested/);
});

test('a status change asked in one worker is still asked in the next', () => {
  const file = ledgerFile();
  const since = Date.now();
  const first = createObserver(new Ledger(file), since);
  first.observe(read('Active'));
  first.observe({ op: 'POST /v1.0/numbers/status', status: 200, request: { body: { Number: NUMBER, StatusChange: 'park' } }, response: { body: {} } });
  assert.deepEqual(errors(createObserver(new Ledger(file), since).observe(read('Parked'))), []);
});

test('a state from an earlier invocation of the ledger (before a --resume) is not held against the number', () => {
  const file = ledgerFile();
  createObserver(new Ledger(file), Date.now() - 60_000).observe(read('Active'));
  // days later: the resumed run starts now; the number may have moved for reasons of its own
  assert.deepEqual(errors(createObserver(new Ledger(file), Date.now() + 1).observe(read('Parked'))), []);
});

test('an inventory read of 500 numbers writes the ledger once, and not again when nothing changed', () => {
  const ledger = new Ledger(ledgerFile());
  let writes = 0;
  const setData = ledger.setData.bind(ledger);
  ledger.setData = (k, v) => (writes++, setData(k, v));
  const observer = createObserver(ledger, Date.now());
  const numbers = Array.from({ length: 500 }, (_, i) => ({ Number: `+1312555${String(1000 + i)}`, Status: 'Active' }));
  const inventory = { op: 'GET /v1.0/numbers/inventory', status: 200, response: { body: { Numbers: numbers } } };
  observer.observe(inventory);
  assert.equal(writes, 1);
  assert.equal(Object.keys(ledger.getData<Record<string, unknown>>('numberStates') ?? {}).length, 500);
  observer.observe(inventory);
  assert.equal(writes, 1, 'the same statuses read again: nothing to write');
});
