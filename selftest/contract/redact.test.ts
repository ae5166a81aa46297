import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, isSensitiveKey, redact, redactHeaders, registerSecret } from '../../protocol/redact';

test('registered secrets are replaced anywhere, at any depth', () => {
  registerSecret('S3cr3t-account-value');
  const out = redact({
    a: ['prefix S3cr3t-account-value suffix'],
    b: { c: new Error('failed with S3cr3t-account-value') },
    url: 'https://x/?k=S3cr3t-account-value',
  });
  const s = JSON.stringify(out);
  assert.ok(!s.includes('S3cr3t-account-value'), s);
  assert.ok(s.includes(`prefix ${REDACTED} suffix`));
});

test('values of secret-looking keys are masked; harmless booleans and metadata stay', () => {
  const out = redact({
    AccountSecret: 'abc',
    token: 'tok',
    tokenExpiry: '05/02/2026 06:36:13 PM',
    successful: true,
    PortOutPIN: 1234,
    PortOutPin: '1234',
    MessagePasswordToken: 'pw',
    VoicePasswordToken: 'pw',
    Password: 'pw',
    Mapping: 'keep',
    Shipping: 'keep',
    TokenRequired: false,
    authorization: 'Bearer xyz',
    nested: [{ password: 'p' }],
  }) as Record<string, unknown>;
  assert.equal(out.AccountSecret, REDACTED);
  assert.equal(out.token, REDACTED);
  assert.equal(out.tokenExpiry, '05/02/2026 06:36:13 PM');
  assert.equal(out.successful, true);
  assert.equal(out.PortOutPIN, REDACTED);
  assert.equal(out.PortOutPin, REDACTED);
  assert.equal(out.MessagePasswordToken, REDACTED);
  assert.equal(out.VoicePasswordToken, REDACTED);
  assert.equal(out.Password, REDACTED);
  assert.equal(out.Mapping, 'keep');
  assert.equal(out.Shipping, 'keep');
  assert.equal(out.TokenRequired, false);
  assert.equal(out.authorization, REDACTED);
  assert.deepEqual(out.nested, [{ password: REDACTED }]);
  assert.ok(isSensitiveKey('SmtpPassword'));
  assert.ok(!isSensitiveKey('Typing'));
});

test('inline bearer credentials are masked in any string; input is not mutated; cycles survive', () => {
  const input: any = { log: 'sent Authorization: Bearer abc.def-ghi_123 to the API' };
  input.self = input;
  const out = redact(input) as any;
  assert.equal(out.log, `sent Authorization: Bearer ${REDACTED} to the API`);
  assert.equal(out.self, '[Circular]');
  assert.equal(input.log, 'sent Authorization: Bearer abc.def-ghi_123 to the API');
});

test('redactHeaders keeps the scheme, masks credentials and cookies', () => {
  const h = redactHeaders({ Authorization: 'Bearer abcdef123', 'content-type': 'application/json', cookie: 'a=b', 'x-api-key': 'k' });
  assert.equal(h.Authorization, `Bearer ${REDACTED}`);
  assert.equal(h['content-type'], 'application/json');
  assert.equal(h.cookie, REDACTED);
  assert.equal(h['x-api-key'], REDACTED);
  const fromPairs = redactHeaders(new Map([['authorization', 'Bearer q1w2e3r4']]));
  assert.equal(fromPairs.authorization, `Bearer ${REDACTED}`);
});

test('a secret with URL, JSON and XML special characters registers at once and is masked in each of its spellings', () => {
  // base64-looking and punctuation-heavy secrets are what partners get issued; registering one used to recurse forever
  // (encodeURIComponent of an encoding: % → %25 → %2525 …) and hang the run before its first call
  const secrets = ['Zm9vYmFy+/8=', 'ab#c$d w"q\'=+/&x<y>\\z%41'];
  const started = Date.now();
  for (const s of secrets) registerSecret(s);
  assert.ok(Date.now() - started < 1000, `registered in ${Date.now() - started} ms`);
  for (const s of secrets) {
    const url = encodeURIComponent(s);
    const spellings = [
      s,
      url,
      url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      url.replace(/%20/g, '+'),
      JSON.stringify(s).slice(1, -1),
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    ];
    for (const form of spellings) {
      const out = redact(`before ${form} after`);
      assert.equal(out, `before ${REDACTED} after`, `spelling ${JSON.stringify(form)}`);
    }
    // an echoed request body, as a target's error answer may carry it
    const echoed = JSON.stringify({ Request: { AccountSecret: s } });
    assert.ok(!redact(echoed).includes(JSON.stringify(s).slice(1, -1)), 'JSON-escaped echo masked');
  }
});

test("a secret equal to another one's spelling still gets its own spellings; a URLSearchParams query is masked", () => {
  registerSecret('abc def1'); // its form spelling is "abc+def1"
  registerSecret('abc+def1'); // a secret of its own: its URL spelling must be masked too
  assert.equal(redact('x abc%2Bdef1 y'), `x ${REDACTED} y`);
  registerSecret("p@ss w0rd!'(x)~");
  const q = new URLSearchParams({ CurrentAccountPassword: "p@ss w0rd!'(x)~" }).toString();
  assert.equal(redact(q), `CurrentAccountPassword=${REDACTED}`);
});
