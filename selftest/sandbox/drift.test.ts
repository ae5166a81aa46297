/** every drift mode in the catalogue is wired into the sandbox code, off by default, and a few flip behaviour visibly */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DRIFT_CATALOGUE } from '../../sandbox/drift';
import { FAULT_NAMES } from '../../sandbox/faults';
import { boot } from './_world';

function sources(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((d) => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) return d.name === 'drift' ? '' : sources(p);
      return p.endsWith('.ts') ? fs.readFileSync(p, 'utf8') : '';
    })
    .join('\n');
}

test('drift catalogue: ≥ 30 modes, unique names, each wired into the code, every checklist area covered', () => {
  const code = sources(path.join(__dirname, '..', '..', 'sandbox'));
  const names = DRIFT_CATALOGUE.map((d) => d.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.length >= 30, `${names.length} modes`);
  const unwired = names.filter((n) => !code.includes(`'${n}'`));
  assert.deepEqual(unwired, []);
  const items = new Set(DRIFT_CATALOGUE.map((d) => d.item));
  for (const it of ['1', '2', '3', '4', '5', '6', '7', '8', '8a', '8b', '8c', '8d', '8e', '8f', '9', '10', '11', '12', '13', '17'])
    assert.ok(items.has(it), `no drift for item ${it}`);
  console.log(`sandbox drift: ${names.length} core modes (+ SIP/CDR modes registered by their modules); faults: ${FAULT_NAMES.join(', ')}`);
});

test('drift modes change behaviour only when selected', async () => {
  const clean = await boot();
  const drifted = await boot({ drift: ['number-not-e164', 'token-expiry-iso', 'error-as-200', 'subscriber-email-not-unique'] });
  try {
    for (const { api } of [clean, drifted]) {
      const route = await api.ok('POST', '/v1.0/message/routes', { RouteName: 'r', MessageUrl: 'http://127.0.0.1:9/x', MessageUrlMethod: 'POST' });
      const n = await api.ok('POST', '/v1.0/numbers/provision', {
        NumberType: 'mvno',
        MessageType: 'p2p',
        MessageEnabled: true,
        VoiceEnabled: false,
        MessageRouteId: route.MessageRouteId,
        ProductType: 'Sms+Data',
      });
      (api as any)._num = n.PhoneNumberAssigned;
      const nf = await api.get('/v1.0/account', { AccountId: 'AID-00000000-0000-4000-8000-00000000dead' });
      (api as any)._nf = nf.status;
      const s1 = await api.post('/v1.0/subscribers/create', {
        Name: 'a',
        Email: 'same@example.com',
        PhoneNumbers: [],
        Role: 'Subscriber',
        Password: 'x',
        AccountId: 'AID-00000000-0000-4000-8000-000000000001',
      });
      const s2 = await api.post('/v1.0/subscribers/create', {
        Name: 'b',
        Email: 'same@example.com',
        PhoneNumbers: [],
        Role: 'Subscriber',
        Password: 'x',
        AccountId: 'AID-00000000-0000-4000-8000-000000000001',
      });
      (api as any)._dup = [s1.status, s2.status];
      const t = await api.raw('POST', '/v1.0/oauth2/tokens', { AccountKey: api.key, AccountSecret: api.secret }, false);
      (api as any)._exp = t.body.tokenExpiry;
    }
    const c = clean.api as any;
    const d = drifted.api as any;
    assert.match(c._num, /^\+1\d{10}$/);
    assert.match(d._num, /^\d{10}$/);
    assert.equal(c._nf, 404);
    assert.equal(d._nf, 200);
    assert.deepEqual(c._dup, [200, 400]);
    assert.deepEqual(d._dup, [200, 200]);
    assert.match(c._exp, /(AM|PM)$/);
    assert.match(d._exp, /Z$/);
  } finally {
    await clean.sb.close();
    await drifted.sb.close();
  }
});
