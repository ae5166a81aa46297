/**
 * R-sandbox-response-values: a response carries what the client sent, what the platform derives and null — never a
 * value copied from a vendor example. Every operation is called twice — with the vendor's own request example (IDs of
 * freshly created parents substituted, selftest/sandbox/_examples.ts) and with a minimal body (the required fields and
 * the references) — and every string / number leaf of every 2xx answer is compared with the leaves of the vendor's 200
 * examples of that operation. A leaf that equals an example leaf and that the client never sent is an invented value.
 * Also: every vendor request example and every minimal body answers 2xx (given its prerequisites).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { boot, buildWorld, Client, randomPortable, uniq } from './_world';
import { buildCalls, Call } from './_examples';
import { projectDocument } from '../../sandbox/contract';
import { resolveRef } from '../../sandbox/template';

/**
 * The vendor's response examples: from the reference document beside the repository when present, else from the
 * project document, which embeds the same 200 examples (scripts/schema-tools/generate.ts) — a clone without
 * ../shared/reference (a CI checkout) checks the same values.
 */
const VENDOR = [
  path.resolve(__dirname, '../../../shared/reference/telegent-openapi.json'),
  path.resolve(__dirname, '../../schemas/telegent.openapi.json'),
].find((f) => fs.existsSync(f))!;

/**
 * Values the platform derives that happen to equal a vendor example value, with the reason they are not invented:
 * statuses and enums the platform sets by its own state, and the distributor's own fixed identity.
 */
export const DERIVED: Record<string, string> = {
  Complete: 'order status of an order the sandbox completed (R-order-status)',
  Completed: 'order status',
  Pending: 'port order status (R-portin-submit-status)',
  Active: 'status of an active number / SIM',
  ACTIVE: 'data-usage status of an Active number (upper case, as documented)',
  Deleted: 'status after a delete',
  Success: 'per-number status of a completed request',
  Successful: 'status word',
  Created: 'workgroup activity status after create',
  Updated: 'workgroup activity status after update',
  Queued: 'message status right after submit',
  Outbound: 'direction of a sent message',
  OUTBOUND: 'direction of a sent message (details, upper case)',
  Inbound: 'direction of a received message',
  outbound: 'direction (filter view, lower case)',
  sms: 'message type derived from the body (no media)',
  p2p: 'message type of an mvno number (the number was provisioned p2p)',
  mobile: 'device type of an MVNO handset (device-delivery)',
  MB: 'default unit of data-usage values',
  Unlimited: 'remaining data when no limit is set',
  'United States': 'region of a +1 number',
  MVNO: 'classification of an mvno number (R-number-type)',
  Mobile: 'number type of an mvno line',
  'Sandbox Distributor': 'the sandbox distributor name',
  Empty: 'SIM status after clear-status',
  Delivered: 'delivery status',
  Received: 'status of an inbound leg',
  delivered: 'status (filter view, lower case)',
  Guardian: 'default relation',
  Monday: 'weekday name',
  Cancelled: 'order status after portin/cancel (the documented final status)',
  portin: 'order type of a port-in order',
  mms: 'message type derived from the media (MmsMedia / MmsBase64 given)',
  Apple: "manufacturer looked up from the attached device's TAC (35328811, sandbox/README.md Data)",
  All: 'the list filter in effect (documented values Active | Inactive | All; none given → All)',
  'Number is eligible for port-in': 'outcome message of an eligible number (sandbox/routes/porting.ts)',
  'Port-in order updated successfully': 'outcome message of a port-in update (sandbox/routes/porting.ts)',
};

/** a leaf derived from what the client sent: a sent MM/DD/YYYY date in ISO form, a data amount computed from a sent value */
function derivedFromSent(leaf: string, sent: Set<string>): boolean {
  const iso = /^(\d{4})-(\d{2})-(\d{2})T/.exec(leaf);
  if (iso && sent.has(`${iso[2]}/${iso[3]}/${iso[1]}`)) return true;
  const amount = /^(\d+(?:\.\d+)?) (B|KB|MB|GB)$/.exec(leaf);
  return !!amount && sent.has(amount[1]);
}

function leaves(v: unknown, out: Set<string>, inKey = ''): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => leaves(x, out, inKey));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, out, k);
  else if (typeof v === 'string' || typeof v === 'number') out.add(String(v));
  return out;
}

function trivial(s: string): boolean {
  return s === '' || s === '0' || s === '1' || s === 'true' || s === 'false' || s === 'null' || s.length < 2 || /^\*+$/.test(s);
}

function vendorExamples(): Map<string, Set<string>> {
  const v = JSON.parse(fs.readFileSync(VENDOR, 'utf8'));
  const out = new Map<string, Set<string>>();
  for (const [p, item] of Object.entries<any>(v.paths)) {
    for (const m of ['get', 'post']) {
      const c = item[m]?.responses?.['200']?.content ?? {};
      const set = new Set<string>();
      for (const ct of Object.values<any>(c)) {
        if (ct.example !== undefined) leaves(ct.example, set);
        for (const e of Object.values<any>(ct.examples ?? {})) leaves(e?.value, set);
      }
      if (set.size) out.set(`${m.toUpperCase()} ${p.toLowerCase()}`, set);
    }
  }
  return out;
}

/** a recording client: every string / number the client sends is "client-provided" */
function recording(api: Client, sent: Set<string>) {
  const raw = api.raw.bind(api);
  api.raw = async (method, p, body, auth, extra, rawBody) => {
    leaves(body, sent);
    const q = p.split('?')[1];
    if (q) for (const [, v] of new URLSearchParams(q)) sent.add(v);
    const r = await raw(method, p, body, auth, extra, rawBody);
    return r;
  };
}

/** the minimal body: required fields + references (IDs, numbers) + what a conditional rule needs */
function minimal(c: Call): Call | undefined {
  if (!c.body || typeof c.body !== 'object' || Array.isArray(c.body)) return undefined;
  const doc = projectDocument();
  const op = doc.paths[c.path][c.method.toLowerCase()];
  const schema = resolveRef(doc, op.requestBody?.content?.['application/json']?.schema);
  const req = new Set<string>(schema?.required ?? []);
  const keep = (k: string) =>
    req.has(k) || /Id$|ID$|^TNID$|^ICCID$|Number$|^Number|^Phone|^To$|^From$|^Body$|^Contacts$|^Numbers$|^RouteType$|^TrunkIp1$|^StatusChange$/.test(k);
  const body: Record<string, any> = Object.fromEntries(Object.entries(c.body).filter(([k]) => keep(k) && !(k === 'ICCID' && !req.has(k))));
  // unique things get fresh values (the full example has just used them)
  if (body.Email) body.Email = `min-${uniq()}@example.com`;
  if (body.PortInNumber) body.PortInNumber = randomPortable();
  if (c.key === 'POST /v1.0/subscriptions') delete body.TNID; // optional (R-subscription-tnid-optional)
  if (c.key === 'POST /v1.0/voice/routes' && body.RouteType === 'Trunk' && !body.TrunkIp1) body.TrunkIp1 = '192.0.2.10';
  return { ...c, body };
}

test('no response carries a value copied from a vendor example; every vendor request example answers 2xx', async () => {
  const { sb, api } = await boot({ portStepMs: 600_000 });
  try {
    const sent = new Set<string>();
    recording(api, sent);
    const w = await buildWorld(api);
    const examples = vendorExamples();
    const calls = buildCalls(w);
    const invented: string[] = [];
    const vendorFailures: string[] = [];
    let checked = 0;
    let minimalOk = 0;
    const minimalFailed: string[] = [];
    const run = async (c: Call, label: string) => {
      const qs = new URLSearchParams(c.query).toString();
      const p = c.path + (qs ? `?${qs}` : '');
      const body = c.key.endsWith('/oauth2/tokens') ? { ...c.body, AccountKey: api.key, AccountSecret: api.secret } : c.body;
      const r = c.method === 'GET' ? await api.raw('GET', p) : await api.raw(c.method, p, body ?? {}, !c.key.endsWith('/oauth2/tokens'));
      if (r.status < 200 || r.status > 299) return r;
      const ex = examples.get(`${c.method} ${c.path.toLowerCase()}`);
      checked++;
      if (!ex) return r;
      for (const leaf of leaves(r.body, new Set())) {
        if (trivial(leaf) || sent.has(leaf) || DERIVED[leaf] || !ex.has(leaf) || derivedFromSent(leaf, sent)) continue;
        invented.push(`${label} ${c.key}: ${JSON.stringify(leaf)}`);
      }
      return r;
    };
    for (const c of calls) {
      const r = await run(c, c.fromVendorSample ? 'vendor-example' : 'generated');
      if (c.fromVendorSample && (r.status < 200 || r.status > 299)) vendorFailures.push(`${c.key} → ${r.status} ${r.text.slice(0, 160)}`);
      const m = minimal(c);
      // (after the full example: a create of a unique thing — e-mail, ICCID, port-in — then refuses the minimal twin)
      if (m && !/delete|remove|cancel|transfer|reactivate|portout|guardians\/relation$/.test(c.key)) {
        const rm = await run(m, 'minimal');
        if (rm.status >= 200 && rm.status < 300) minimalOk++;
        else minimalFailed.push(`${c.key} → ${rm.status} ${rm.body?.Message ?? ''}`);
      }
    }
    const vendorCount = calls.filter((c) => c.fromVendorSample).length;
    console.log(
      `sandbox values: ${checked} 2xx answers checked over ${calls.length} operations (${vendorCount} vendor request examples, ${vendorCount - vendorFailures.length} answered 2xx; minimal bodies: ${minimalOk} 2xx, ${minimalFailed.length} refused), ${invented.length} invented values`,
    );
    if (invented.length) console.log(`invented:\n  ${invented.join('\n  ')}`);
    assert.deepEqual(vendorFailures, [], vendorFailures.join('\n'));
    assert.deepEqual(minimalFailed, [], minimalFailed.join('\n'));
    assert.deepEqual(invented, [], invented.join('\n'));
  } finally {
    await sb.close();
  }
});
