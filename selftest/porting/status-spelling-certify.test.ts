/**
 * Ruling R-portin-status-spelling through the certification of the port-in items (8a–8e with their prerequisites):
 * with the sandbox's benign modes portin-rejection-as-error (the carrier rejection reads "Error" with its reason, as
 * in the vendor's GET /v1.0/numbers/order examples) and portin-complete-spelling (a completed port-in reads
 * "Complete"), every item passes; 8c and 8e name the ruling in a warning (porting.status-spelling), never an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certify, statuses, tail, ROOT } from '../certify/run';

/** the port-in items and their prerequisites (1, 4, 6) */
const SPECS = fs
  .readdirSync(path.join(ROOT, 'specs'))
  .filter((f) => /^(01-account|04-message-route|06-subscriber|08[a-e]-.*)\.spec\.ts$/.test(f))
  .map((f) => `specs/${f}`);

test('benign portin-rejection-as-error + portin-complete-spelling: the port-in items pass, with warnings naming the ruling', { timeout: 240_000 }, async () => {
  assert.equal(SPECS.length, 8, SPECS.join(' '));
  const run = await certify({ SANDBOX_BENIGN: 'portin-rejection-as-error,portin-complete-spelling', CERT_REPORT_PDF: '0' }, SPECS);
  const st = statuses(run);
  for (const id of ['8a', '8b', '8c', '8d', '8e']) assert.equal(st[id], 'passed', `item ${id}: ${tail(run.stdout)}`);
  const warned = (id: string) =>
    (run.signoff.items.find((i: any) => i.id === id)?.findings ?? [])
      .filter((f: any) => f.check === 'porting.status-spelling')
      .map((f: any) => [f.severity, f.basis, f.actual]);
  assert.deepEqual(warned('8c'), [['warning', 'R-portin-status-spelling', 'Error']]);
  assert.deepEqual(warned('8e'), [
    ['warning', 'R-portin-status-spelling', 'Error'],
    ['warning', 'R-portin-status-spelling', 'Complete'],
  ]);
});
