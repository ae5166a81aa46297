/**
 * The on-disk validator cache (protocol/contract/validator-cache.ts) changes no verdict: every vendor 200 example and
 * its mutants, and a request body per operation with and without an undocumented field, give the same findings
 * compiled in memory (cache off), compiled and stored, and loaded from the files a previous process wrote — the webhook
 * and CDR schema files too; and an edited document (or schema file) is never served the validators of the old one.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listOperations, resetContract, validateCdr, validateRequest, validateResponse, validateWebhook } from '../../protocol/contract';
import { validatorCacheStats } from '../../protocol/contract/validator-cache';
import { mutate, vendorExamples } from './mutants';
import { sampleBody } from '../client/sample';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'validator-cache-'));
after(() => {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  delete process.env.CERT_VALIDATOR_CACHE;
  delete process.env.CERT_VALIDATOR_CACHE_DIR;
  delete process.env.TELEGENT_SCHEMAS_DIR;
  resetContract();
});

function requestCorpus(): { op: string; body: Record<string, unknown> }[] {
  const out: { op: string; body: Record<string, unknown> }[] = [];
  for (const op of listOperations()) {
    if (!op.requestSchema) continue;
    try {
      const body = sampleBody(op.key);
      out.push({ op: op.key, body }, { op: op.key, body: { ...body, UndocumentedField: 1 } });
    } catch {
      /* an operation sampleBody cannot satisfy: its mutants below still cover the request validators */
    }
  }
  return out;
}

/** every finding of the corpus, as one comparable list: each vendor 200 example, and one mutant of each kind */
function verdicts(): string[] {
  const out: string[] = [];
  for (const ex of vendorExamples()) {
    out.push(JSON.stringify(validateResponse(ex.op, 200, ex.body)));
    const kinds = new Set<string>();
    for (const m of mutate(ex.op, ex.index, ex.body)) {
      if (kinds.has(m.kind)) continue;
      kinds.add(m.kind);
      out.push(JSON.stringify(validateResponse(m.op, 200, m.body)));
    }
  }
  for (const r of requestCorpus()) out.push(JSON.stringify(validateRequest(r.op, r.body, { Undocumented: 'x' })));
  return out;
}

function fresh(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetContract();
}

test('compiled, stored and loaded validators give the same findings', () => {
  fresh({ CERT_VALIDATOR_CACHE: '0' });
  const inMemory = verdicts();
  assert.ok(
    inMemory.some((v) => v !== '[]'),
    'the corpus has findings to compare (mutants are rejected)',
  );
  assert.equal(validatorCacheStats().stored, 0, 'cache off: nothing written');

  fresh({ CERT_VALIDATOR_CACHE: undefined, CERT_VALIDATOR_CACHE_DIR: cacheDir });
  const before = validatorCacheStats();
  const stored = verdicts();
  const afterStore = validatorCacheStats();
  assert.ok(afterStore.stored - before.stored > 50, `validators written: ${afterStore.stored - before.stored}`);

  fresh({});
  const loaded = verdicts();
  const afterLoad = validatorCacheStats();
  assert.ok(afterLoad.loaded - afterStore.loaded > 50, `validators loaded from disk: ${afterLoad.loaded - afterStore.loaded}`);
  assert.equal(afterLoad.stored, afterStore.stored, 'a warm cache compiles nothing');

  assert.equal(stored.length, inMemory.length);
  for (let i = 0; i < inMemory.length; i++) {
    assert.equal(stored[i], inMemory[i], `stored #${i}`);
    assert.equal(loaded[i], inMemory[i], `loaded #${i}`);
  }
});

test('a digest folder unused for a week is removed when another is written; a recent one stays', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'validator-cache-prune-'));
  try {
    const old = path.join(root, 'a'.repeat(24));
    const recent = path.join(root, 'b'.repeat(24));
    const other = path.join(root, 'not-a-digest');
    for (const d of [old, recent, other]) fs.mkdirSync(d);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
    fs.utimesSync(other, eightDaysAgo, eightDaysAgo);
    fresh({ CERT_VALIDATOR_CACHE_DIR: root, TELEGENT_SCHEMAS_DIR: undefined });
    validateResponse(listOperations()[0].key, 200, {}); // compiles and stores: the first store prunes
    assert.equal(fs.existsSync(old), false, 'unused for 8 days: removed');
    assert.equal(fs.existsSync(recent), true, 'used recently: kept');
    assert.equal(fs.existsSync(other), true, 'not a digest folder: never touched');
    assert.equal(fs.readdirSync(root).filter((n) => /^[0-9a-f]{24}$/.test(n)).length, 2, "this document's folder and the recent one");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an edited document is a miss: its own validators, never the old ones', () => {
  const schemas = fs.mkdtempSync(path.join(os.tmpdir(), 'validator-cache-doc-'));
  try {
    const doc = {
      openapi: '3.0.3',
      info: { title: 'synthetic', version: '1' },
      paths: {
        '/v1.0/Things/get': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', properties: { Count: { type: 'integer' } } } } },
              },
            },
          },
        },
      },
    };
    const write = () => fs.writeFileSync(path.join(schemas, 'telegent.openapi.json'), JSON.stringify(doc));
    write();
    fresh({ TELEGENT_SCHEMAS_DIR: schemas, CERT_VALIDATOR_CACHE_DIR: cacheDir });
    const op = listOperations()[0].key;
    assert.deepEqual(validateResponse(op, 200, { Count: 3 }), []);
    fresh({}); // warm: the same document, loaded from disk
    assert.deepEqual(validateResponse(op, 200, { Count: 3 }), []);
    doc.paths['/v1.0/Things/get'].get.responses['200'].content['application/json'].schema.properties.Count.type = 'string';
    write();
    fresh({});
    const findings = validateResponse(op, 200, { Count: 3 });
    assert.equal(findings.filter((f) => f.severity === 'error' && f.pointer === '/Count').length, 1, JSON.stringify(findings));
  } finally {
    fs.rmSync(schemas, { recursive: true, force: true });
  }
});

/** each webhook and CDR schema file, fed payloads that break it in different ways */
function fileVerdicts(): string[] {
  const payloads = [{}, { Message_ID: 7, Owner: 'not-a-number', Undocumented: true }, { To: '+13125550100', Segment: 'two' }];
  const out: string[] = [];
  for (const kind of ['dlr', 'inbound-sms', 'inbound-mms', 'voice-event']) for (const p of payloads) out.push(JSON.stringify(validateWebhook(kind, p)));
  for (const kind of ['voice', 'sms', 'data']) for (const p of payloads) out.push(JSON.stringify(validateCdr(kind, p)));
  return out;
}

test('webhook and CDR schema files: the same findings compiled, stored and loaded; an edited file is a miss', () => {
  fresh({ CERT_VALIDATOR_CACHE: '0', CERT_VALIDATOR_CACHE_DIR: undefined, TELEGENT_SCHEMAS_DIR: undefined });
  const inMemory = fileVerdicts();
  assert.ok(
    inMemory.every((v) => v !== '[]'),
    'every payload breaks its schema',
  );
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'validator-cache-files-'));
  const schemas = fs.mkdtempSync(path.join(os.tmpdir(), 'validator-cache-schemas-'));
  try {
    fresh({ CERT_VALIDATOR_CACHE: undefined, CERT_VALIDATOR_CACHE_DIR: root });
    const s0 = validatorCacheStats();
    assert.deepEqual(fileVerdicts(), inMemory, 'compiled and stored');
    const s1 = validatorCacheStats();
    assert.equal(s1.stored - s0.stored, 14, 'two flavours of the seven files written');
    fresh({});
    assert.deepEqual(fileVerdicts(), inMemory, 'loaded from disk');
    const s2 = validatorCacheStats();
    assert.equal(s2.loaded - s1.loaded, 14, 'all fourteen loaded');
    assert.equal(s2.stored, s1.stored, 'a warm cache compiles nothing');

    fs.cpSync(path.resolve(__dirname, '../../schemas'), schemas, { recursive: true });
    const dlrFile = path.join(schemas, 'webhooks', 'dlr.schema.json');
    const dlr = JSON.parse(fs.readFileSync(dlrFile, 'utf8'));
    dlr.required = [...(dlr.required ?? []), 'AddedByTheEdit'];
    fs.writeFileSync(dlrFile, JSON.stringify(dlr));
    fresh({ TELEGENT_SCHEMAS_DIR: schemas });
    assert.ok(
      validateWebhook('dlr', {}).some((f) => f.pointer === '/AddedByTheEdit'),
      'the edited file is compiled again, never served the old validator',
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(schemas, { recursive: true, force: true });
  }
});
