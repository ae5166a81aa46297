/** scripts/validate.ts: exit codes and output (OK / violations with pointer, expected, actual / usage). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npmScriptArgs } from '../npm-script';

const root = path.resolve(__dirname, '..', '..');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [...npmScriptArgs('validate'), ...args], { cwd: root, encoding: 'utf8', input });

test('npm run validate: violations exit 1 with pointer/expected/actual, usage errors exit 2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-cli-'));
  try {
    // a body that breaks the schema whatever its exact content: wrong type at the root
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(['not', 'an', 'object']));
    const r1 = run(['--op', 'POST /v1.0/numbers/provision', '--status', '200', bad]);
    assert.equal(r1.status, 1, r1.stdout + r1.stderr);
    assert.match(r1.stdout, /✗ \(body\)\s+expected: type object\s+actual: \["not","an","object"\]/);

    const r3 = run(['--status', 'abc', bad]);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /--status must be a 3-digit HTTP status/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
