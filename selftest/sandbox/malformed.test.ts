/**
 * (2) Generated bad input across every operation: malformed JSON, wrong types, missing required fields, bad enums,
 * huge bodies, wrong methods, unknown paths, non-object bodies, wrong content types, bad tokens.
 * Expect: 0 responses with 5xx; every response a documented error body { StatusCode (= HTTP status), Message }.
 */
import { isDocumentedError } from './_errors';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildWorld } from './_world';
import { buildCalls } from './_examples';
import { projectDocument } from '../../sandbox/contract';
import { resolveRef } from '../../sandbox/template';

interface Case {
  kind: string;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  mustFail: boolean; // a 2xx would be a defect
  auth?: 'ok' | 'none' | 'bad';
}

const wrongValue = (s: any): unknown => {
  const t = Array.isArray(s?.type) ? s.type[0] : s?.type;
  if (t === 'string') return 12345;
  if (t === 'integer' || t === 'number') return 'not-a-number';
  if (t === 'boolean') return 'yes';
  if (t === 'array') return { not: 'an array' };
  if (t === 'object') return 'not-an-object';
  return undefined;
};

test('1,000+ malformed requests: no 5xx, every answer a documented error body', async () => {
  const { sb, api } = await boot({ portStepMs: 600_000 });
  try {
    const w = await buildWorld(api);
    const doc = projectDocument();
    const cases: Case[] = [];
    const calls = buildCalls(w);
    const methodsOf = new Map<string, Set<string>>();
    for (const c of calls) methodsOf.set(c.path, new Set([...(methodsOf.get(c.path) ?? []), c.method]));
    for (const c of calls) {
      const op = doc.paths[c.path][c.method.toLowerCase()];
      const qs = new URLSearchParams(c.query).toString();
      const path = c.path + (qs ? `?${qs}` : '');
      // wrong methods on a known path
      const wrongMethods = ['PUT', 'DELETE', 'PATCH', c.method === 'GET' ? 'POST' : 'GET'].filter((x) => !methodsOf.get(c.path)!.has(x));
      for (const m of [wrongMethods[cases.length % wrongMethods.length], wrongMethods[wrongMethods.length - 1]].filter((x, i, a) => x && a.indexOf(x) === i))
        cases.push({ kind: 'wrong-method', method: m, path, mustFail: true, body: m === 'GET' || m === 'DELETE' ? undefined : '{}' });
      // auth
      cases.push({
        kind: 'no-token',
        method: c.method,
        path,
        body: c.method === 'POST' ? JSON.stringify(c.body ?? {}) : undefined,
        mustFail: !c.key.endsWith('/oauth2/tokens'),
        auth: 'none',
      });
      cases.push({
        kind: 'bad-token',
        method: c.method,
        path,
        body: c.method === 'POST' ? JSON.stringify(c.body ?? {}) : undefined,
        mustFail: !c.key.endsWith('/oauth2/tokens'),
        auth: 'bad',
      });
      if (c.method !== 'POST' || !op.requestBody) {
        // GET: bad query values for typed parameters, unknown resource IDs
        for (const p0 of op.parameters ?? []) {
          const p = resolveRef(doc, p0);
          if (p.in !== 'query') continue;
          const t = p.schema?.type;
          if (t === 'integer' || t === 'number')
            cases.push({
              kind: 'bad-query-type',
              method: c.method,
              path: `${c.path}?${new URLSearchParams({ ...c.query, [p.name]: 'abc' })}`,
              mustFail: false,
            });
          const idParams = Object.keys(c.query).filter((k) => /Id$|ID$/.test(k));
          if (/Id$|ID$/.test(p.name))
            cases.push({
              kind: 'unknown-id',
              method: c.method,
              path: `${c.path}?${new URLSearchParams({ ...c.query, [p.name]: 'XID-00000000-0000-0000-0000-000000000000' })}`,
              mustFail: !!p.required || idParams.length === 1 || p.name === 'AccountId',
            });
        }
        continue;
      }
      const schema = resolveRef(doc, op.requestBody.content['application/json'].schema);
      const base = c.body ?? {};
      const rawVariants = ['{', '{"a":', 'not json', '[1,2', '{"x": tru}', '\u0000\u0001', '{}}'];
      for (const raw of [rawVariants[cases.length % 7], rawVariants[(cases.length + 3) % 7]])
        cases.push({ kind: 'bad-json', method: 'POST', path, body: raw, mustFail: true });
      cases.push({ kind: 'array-body', method: 'POST', path, body: '[]', mustFail: true });
      cases.push({ kind: 'null-body', method: 'POST', path, body: 'null', mustFail: true });
      cases.push({ kind: 'string-body', method: 'POST', path, body: '"hello"', mustFail: true });
      cases.push({ kind: 'empty-body', method: 'POST', path, body: '', mustFail: true });
      cases.push({
        kind: 'wrong-content-type',
        method: 'POST',
        path,
        body: 'AccountName=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        mustFail: true,
      });
      const props = Object.entries<any>(schema?.properties ?? {}).slice(0, 4);
      for (const [name, ps0] of props) {
        const ps = resolveRef(doc, ps0);
        const wv = wrongValue(ps);
        if (wv !== undefined) cases.push({ kind: 'wrong-type', method: 'POST', path, body: JSON.stringify({ ...base, [name]: wv }), mustFail: true });
        if (ps?.enum)
          cases.push({ kind: 'bad-enum', method: 'POST', path, body: JSON.stringify({ ...base, [name]: 'NOT_A_DOCUMENTED_VALUE' }), mustFail: true });
      }
      for (const name of schema?.required ?? []) {
        const b = { ...base };
        delete b[name];
        cases.push({ kind: 'missing-required', method: 'POST', path, body: JSON.stringify(b), mustFail: true });
      }
    }
    // huge bodies (2 MiB, over the 1 MiB limit → 413) and deep nesting
    const huge = JSON.stringify({ AccountName: 'x'.repeat(2 * 1024 * 1024) });
    for (const p of ['/v1.0/account/create', '/v1.0/numbers/provision', '/v1.0/message/outbound', '/v1.0/products', '/v1.0/oauth2/tokens']) {
      cases.push({ kind: 'huge-body', method: 'POST', path: p, body: huge, mustFail: true });
      cases.push({ kind: 'deep-nesting', method: 'POST', path: p, body: '['.repeat(5000) + ']'.repeat(5000), mustFail: true });
    }
    // unknown paths
    for (let i = 0; i < 60; i++)
      cases.push({
        kind: 'unknown-path',
        method: i % 2 ? 'GET' : 'POST',
        path: [`/v1.0/nope${i}`, `/v2.0/numbers`, `/v1.0/numbers/provision/extra${i}`, `/${i}`, `/v1.0/message/%zz${i}`][i % 5],
        body: i % 2 ? undefined : '{}',
        mustFail: true,
      });

    let n5xx = 0;
    const problems: string[] = [];
    const byKind: Record<string, number> = {};
    const kindMs: Record<string, number> = {};
    let i = 0;
    const worker = async () => {
      while (i < cases.length) {
        const c = cases[i++];
        byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
        const headers: Record<string, string> = { ...(c.headers ?? {}) };
        if (c.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
        if (c.auth !== 'none') headers.authorization = c.auth === 'bad' ? 'Bearer not-a-real-token' : `Bearer ${api.token}`;
        const t0 = Date.now();
        const res = await fetch(api.baseUrl + c.path, { method: c.method, headers, body: c.body });
        const text = await res.text();
        kindMs[c.kind] = (kindMs[c.kind] ?? 0) + Date.now() - t0;
        if (res.status >= 500) n5xx++;
        if (res.status >= 200 && res.status < 300) {
          if (c.mustFail) problems.push(`${c.kind} ${c.method} ${c.path.slice(0, 80)} → ${res.status} (should have been rejected)`);
          continue;
        }
        const documented = isDocumentedError(res.status, text, res.headers.get('content-type'));
        if (!documented || ![400, 401, 403, 404, 405, 413, 431].includes(res.status))
          problems.push(`${c.kind} ${c.method} ${c.path.slice(0, 80)} → ${res.status} ${text.slice(0, 120)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    console.log(`sandbox malformed: ${cases.length} requests, ${n5xx} with 5xx, ${problems.length} problems; by kind: ${JSON.stringify(byKind)}`);
    if (process.env.SANDBOX_TIMINGS) console.log(kindMs);
    assert.ok(cases.length >= 1000, `only ${cases.length} cases`);
    assert.equal(n5xx, 0);
    assert.deepEqual(problems.slice(0, 40), [], problems.slice(0, 40).join('\n'));
  } finally {
    await sb.close();
  }
});
