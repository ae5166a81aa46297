/**
 * Playwright fixtures: every service a spec needs reaches it here, never as a global.
 *   config   — the checked suite configuration (worker)
 *   ledger   — the run ledger, reports/run-state.json (worker)
 *   api      — the validating Telegent API client (worker; its calls land in the current test's evidence)
 *   inbox    — the webhook receiver's worker-side view (worker)
 *   target   — what is on the other end: the sandbox (with its partner-side controls) or a real Telegent
 *   hooks    — this run's webhook URLs and the auth Telegent must use on them
 *   sip      — the partner-SBC SIP agent (worker, started on first use)
 *   evidence — the current test's evidence collector (attached, redacted, to the test result)
 * Specs: `import { test, expect, itemDescribe } from '../helpers/fixtures'`.
 */
import { test as base, expect } from '@playwright/test';
import * as crypto from 'node:crypto';
import { request } from 'undici';
import { loadConfig, reportPath, type SuiteConfig } from './config';
import { Ledger, type ItemStatus } from './ledger';
import { InboxClient } from './inbox/client';
import { gateItem, itemTestTimeoutMs, type ItemMeta, type WaitKind } from './item';
import { resolveTestData, type TestData } from './test-data';
import { itemScopes } from './spec-registry';
import { redact, registerSecret } from './redact';
import { createClient, type ApiClient } from './client';
import { getOperation, SemanticObserver, type Finding } from './contract';
import { isProductionTarget } from './production';
import { Evidence } from './evidence';
import { startSipAgent, type SipAgent } from './sip';
import { numberOfUri, toE164 } from '../protocol/sip/message';

export { expect };

export interface Target {
  kind: 'sandbox' | 'real';
  baseUrl: string;
  /** Partner-side controls of the sandbox (a device attaching, time passing). Undefined on a real target. */
  controls?: SandboxControls;
  /** The Telegent SBC, "host:port" (config TELEGENT_SBC, or what the sandbox reports). */
  sbc?: string;
}

export interface SandboxControls {
  attachDevice(body: { PhoneNumber?: string; ICCID?: string; Apn: string; Bytes?: number }): Promise<{ status: number; body: any }>;
  flushCdrs(): Promise<{ status: number; body: any }>;
  /** Time passing on the platform's clock (e.g. a token's life running out). */
  advanceClock(ms: number): Promise<{ status: number; body: any }>;
  health(): Promise<any>;
}

export interface RunHooks {
  base: string;
  inboundSms: string;
  status: string;
  voice: string;
  cdr: string;
  /** Basic auth Telegent must present on inbound SMS/MMS posts (route MessageUsername / MessagePasswordToken). */
  inboundAuth: { username: string; password: string };
  /** Bearer token Telegent must present on delivery reports (route CallbackMessagePasswordToken). */
  callbackBearer: string;
}

type WorkerFixtures = {
  config: SuiteConfig;
  ledger: Ledger;
  api: ApiClient;
  inbox: InboxClient;
  target: Target;
  hooks: RunHooks;
  sip: SipAgent;
  testData: TestData;
  trafficLog: void;
};
type TestFixtures = { evidence: Evidence };

let currentEvidence: Evidence | undefined;
/** the worker's semantic observer (helpers/contract/semantics): read-back, status, lifecycle, cross-channel */
let currentObserver: SemanticObserver | undefined;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  config: [
    async ({}, use) => {
      const cfg = loadConfig();
      registerSecret(cfg.accountSecret);
      if (cfg.portIn.accountPassword) registerSecret(cfg.portIn.accountPassword);
      if (cfg.portOutPin) registerSecret(cfg.portOutPin);
      await use(cfg);
    },
    { scope: 'worker' },
  ],
  ledger: [async ({ config }, use) => use(new Ledger(reportPath(config, 'run-state.json'))), { scope: 'worker' }],
  api: [
    async ({ config, ledger }, use) => {
      const baseUrl = process.env.CERT_TARGET_URL ?? config.baseUrl;
      if (!baseUrl) throw new Error('CERT_TARGET_URL was not published by the global setup');
      // every response met is also judged for what it MEANS (read-back, status, lifecycle, cross-channel); an order's
      // earlier statuses come from the ledger, so a resumed run continues its lifecycle
      const observer = new SemanticObserver({ orderHistory: (id) => (ledger.getData<{ orderId: string; status: string; at: string }[]>('portStatuses') ?? []).filter((o) => o.orderId === id) });
      currentObserver = observer;
      let semantic: Finding[] = [];
      const client = createClient({
        baseUrl,
        accountKey: config.accountKey,
        accountSecret: config.accountSecret,
        timeZone: config.platformTimeZone,
        onCall: (rec) => {
          semantic = rec.op.includes('oauth2') ? [] : observer.observe(rec);
          if (semantic.length) rec.findings = [...rec.findings, ...semantic];
          currentEvidence?.http(rec);
        },
      });
      const send = client.call.bind(client);
      // the semantic findings of a call join its schema findings: a step that asserts on them fails right there
      client.call = (async (op: string, opts?: any) => {
        semantic = [];
        const res = await send(op, opts);
        if (semantic.length) res.findings = [...res.findings, ...semantic];
        semantic = [];
        return res;
      }) as typeof client.call;
      // Production safety: billable operations (x-billable) need an explicit CERT_ALLOW_BILLABLE=1 (npm run gate -- --allow-billable).
      if (isProductionTarget(baseUrl) && process.env.CERT_ALLOW_BILLABLE !== '1') {
        const call = client.call.bind(client);
        client.call = (async (op: string, opts?: any) => {
          if (getOperation(op)?.billable) throw new Error(`${op} is billable and the target is production: refused without CERT_ALLOW_BILLABLE=1 (npm run gate -- --allow-billable)`);
          return call(op, opts);
        }) as typeof client.call;
      }
      await use(client);
    },
    { scope: 'worker' },
  ],
  inbox: [
    async ({}, use) => {
      const url = process.env.CERT_INBOX_URL;
      if (!url) throw new Error('CERT_INBOX_URL was not published by the global setup');
      await use(new InboxClient(url));
    },
    { scope: 'worker' },
  ],
  target: [
    async ({ config }, use) => {
      const baseUrl = (process.env.CERT_TARGET_URL ?? config.baseUrl)!;
      let kind: Target['kind'] = 'real';
      let sbc = config.telegentSbc;
      // the sandbox's partner-side controls live beside its API; behind a proxy, CERT_SANDBOX_CONTROL_URL names them
      const controlBase = process.env.CERT_SANDBOX_CONTROL_URL?.replace(/\/+$/, '') || baseUrl;
      try {
        const res = await request(`${controlBase}/_sandbox/health`, { headersTimeout: 3000, bodyTimeout: 3000 });
        const body: any = await res.body.json().catch(() => undefined);
        if (res.statusCode === 200 && body?.sandbox === true) {
          kind = 'sandbox';
          if (!sbc && body.sipPort) sbc = `${body.sipHost ?? new URL(controlBase).hostname}:${body.sipPort}`;
        }
      } catch {
        kind = 'real';
      }
      const post = async (p: string, body: unknown) => {
        const res = await request(`${controlBase}/_sandbox/${p}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body ?? {}),
        });
        const text = await res.body.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* text */
        }
        return { status: res.statusCode, body: parsed as any };
      };
      const controls: SandboxControls | undefined =
        kind === 'sandbox'
          ? {
              attachDevice: (b) => post('devices/attach', b),
              flushCdrs: () => post('cdr/flush', {}),
              advanceClock: (ms) => post('clock/advance', { ms: Math.max(0, Math.round(ms)) }),
              health: async () => (await request(`${controlBase}/_sandbox/health`)).body.json(),
            }
          : undefined;
      await use({ kind, baseUrl, controls, sbc });
    },
    { scope: 'worker' },
  ],
  hooks: [
    async ({ config, ledger }, use) => {
      const base = `${process.env.CERT_WEBHOOK_PUBLIC_URL ?? config.webhookPublicUrl}/hooks/${ledger.runId}`;
      // Per-run webhook credentials, derived (not stored) so a resumed run can still verify them.
      const derive = (label: string) => crypto.createHmac('sha256', config.accountSecret).update(`${ledger.runId}:${label}`).digest('base64url').slice(0, 24);
      const hooks: RunHooks = {
        base,
        inboundSms: `${base}/inbound`,
        status: `${base}/status`,
        voice: `${base}/voice`,
        cdr: `${base}/cdr`,
        inboundAuth: { username: 'cert-suite', password: derive('inbound') },
        callbackBearer: derive('callback'),
      };
      registerSecret(hooks.inboundAuth.password);
      registerSecret(hooks.callbackBearer);
      await use(hooks);
    },
    { scope: 'worker' },
  ],
  sip: [
    async ({ config, ledger }, use) => {
      const port = Number(process.env.CERT_SIP_AGENT_PORT ?? config.sipAgentPort);
      const agent = await startSipAgent({ host: config.sipAgentHost, port });
      // Every call leg the partner SBC places or receives goes to the ledger: item 18 reconciles the CDRs with it.
      const recorded = new Set<string>();
      const recordInvites = () => {
        for (const inv of agent.receivedInvites()) {
          if (recorded.has(`in:${inv.callId}`)) continue;
          recorded.add(`in:${inv.callId}`);
          ledger.appendData('traffic.voice', { callId: inv.callId, direction: 'inbound', from: numberOf(inv.from), to: numberOf(inv.to), startedAt: new Date(inv.receivedAt).toISOString() });
        }
      };
      const wrapped: SipAgent = {
        ...agent,
        placeCall: async (o) => {
          const startedAt = new Date().toISOString();
          const r = await agent.placeCall(o);
          ledger.appendData('traffic.voice', { callId: r.callId, direction: 'outbound', from: o.from, to: o.to, startedAt, answered: r.connected });
          recordInvites();
          return r;
        },
        waitForInvite: async (o) => {
          const inv = await agent.waitForInvite(o);
          recordInvites();
          return inv;
        },
        hangup: async (id) => {
          const r = await agent.hangup(id);
          recordInvites();
          return r;
        },
      };
      try {
        await use(wrapped);
      } finally {
        recordInvites();
        await agent.close();
      }
    },
    { scope: 'worker' },
  ],
  // What the run RECEIVED is traffic too (inbound SMS/MMS on the run's routes, whichever item caused it): kept in the
  // ledger at the end of the worker, so a resumed run's item 18 reconciles the CDRs with it days later.
  trafficLog: [
    async ({ ledger, inbox, hooks }, use) => {
      await use();
      const inboundPath = new URL(hooks.inboundSms).pathname;
      const known = new Set((ledger.reload().getData<{ messageId: string }[]>('traffic.inbound') ?? []).map((m) => m.messageId));
      for (const e of await inbox.all().catch(() => [])) {
        const b = e.body as Record<string, unknown> | undefined;
        const id = typeof b?.Message_ID === 'string' ? b.Message_ID : undefined;
        if (e.path !== inboundPath || !id || known.has(id)) continue;
        known.add(id);
        ledger.appendData('traffic.inbound', { messageId: id, direction: 'inbound', from: b!.From, to: b!.To, at: e.receivedAt, type: b!.MMS_Media_URL ? 'mms' : 'sms' });
      }
    },
    { scope: 'worker', auto: true },
  ],
  testData: [
    async ({ config, ledger, target }, use) => {
      // resolved once per run and kept in the ledger, so a resumed run ports the same numbers
      const kept = ledger.getData<TestData>('testData');
      const data = kept ?? resolveTestData(config, target.kind === 'sandbox', ledger.runId);
      if (!kept) ledger.setData('testData', data);
      await use(data);
    },
    { scope: 'worker' },
  ],
  evidence: [
    async ({}, use, testInfo) => {
      const ev = new Evidence();
      currentEvidence = ev;
      currentObserver?.beginTest();
      try {
        await use(ev);
      } finally {
        currentEvidence = undefined;
        if (ev.entries.length) {
          await testInfo.attach('evidence', { body: JSON.stringify(redact(ev.entries), null, 1), contentType: 'application/json' });
        }
      }
    },
    { auto: true },
  ],
});

/** The E.164 number in a SIP From/To value (the SIP layer's own parser). */
function numberOf(v: string): string {
  const user = numberOfUri(v);
  return toE164(user) ?? user ?? v;
}

/**
 * Wraps one checklist item's tests: metadata as annotations (the report's item table comes from here),
 * scope → not-applicable, failed prerequisites → blocked, outcome written to the ledger.
 */
export function itemDescribe(meta: ItemMeta, body: () => void): void {
  test.describe.serial(
    `item ${meta.id}: ${meta.title}`,
    { annotation: [{ type: 'item', description: JSON.stringify(meta) }] },
    () => {
      const outcome = { failed: false, skipped: undefined as undefined | { status: ItemStatus; reason: string }, started: 0, ran: 0 };
      test.beforeEach(async ({ config, ledger }, testInfo) => {
        if (!outcome.started) outcome.started = Date.now();
        testInfo.setTimeout(itemTestTimeoutMs(meta, waitBudget(config)));
        const snapshot = ledger.reload().snapshot;
        const gate = gateItem(meta, config.scope, snapshot.items, itemScopes(), { resume: config.resume });
        if (gate) {
          testInfo.annotations.push({ type: gate.status, description: gate.reason });
          outcome.skipped = { status: gate.status === 'resumed' ? 'passed' : gate.status, reason: gate.reason };
          test.skip(true, `${gate.status}: ${gate.reason}`);
        }
        // an earlier test of this item ended it `manual` or `pending`: the later ones wait with it (they do not run)
        if (outcome.skipped && !outcome.failed) {
          testInfo.annotations.push({ type: outcome.skipped.status, description: outcome.skipped.reason });
          test.skip(true, `${outcome.skipped.status}: ${outcome.skipped.reason}`);
        }
      });
      test.afterEach(async ({}, testInfo) => {
        outcome.ran++;
        if (testInfo.status !== testInfo.expectedStatus && testInfo.status !== 'skipped') {
          outcome.failed = true;
          // every failure is a finding in the report, named by what the test proves and what was observed
          const words = failureInWords(String(testInfo.error?.message ?? 'failed'), testInfo.title);
          currentEvidence?.finding({ check: `item ${meta.id}`, severity: 'error', pointer: '', ...words, basis: `seed 001 Phase 3 checklist item ${meta.id}` });
        }
        const late = testInfo.annotations.find((a) => a.type === 'pending' || a.type === 'manual');
        if (late && !outcome.skipped) outcome.skipped = { status: late.type as ItemStatus, reason: late.description ?? '' };
        const ids = testInfo.annotations.filter((a) => a.type === 'saved-id');
        if (ids.length) {
          await testInfo.attach('ids', { body: JSON.stringify(Object.fromEntries(ids.map((a) => a.description!.split('=', 2)))), contentType: 'application/json' });
        }
        // Every response is validated — also those of calls a step made on its way (probes, lookups, reads):
        // a non-conforming response fails the test even when the step did not assert on it.
        if (testInfo.status === 'passed' && currentEvidence) {
          const unasserted = currentEvidence.entries.flatMap((e) => (e.kind === 'http' ? (e.findings ?? []).filter((f) => f.severity === 'error') : []));
          const asserted = new Set(currentEvidence.entries.filter((e) => e.kind === 'finding').map((e) => JSON.stringify((e as any).finding)));
          const open = unasserted.filter((f) => !asserted.has(JSON.stringify(f)));
          if (open.length) {
            outcome.failed = true;
            expectConformant(open, 'responses met on the way do not conform to the schema');
          }
        }
      });
      test.afterAll(async ({ ledger }) => {
        const status: ItemStatus = outcome.failed ? 'failed' : outcome.skipped?.status ?? 'passed';
        if (outcome.skipped?.status === 'passed') return; // resumed: keep the earlier record
        ledger.setItem(meta.id, {
          status,
          reason: outcome.failed ? 'a check failed' : outcome.skipped?.reason,
          startedAt: new Date(outcome.started || Date.now()).toISOString(),
          endedAt: new Date().toISOString(),
          durationMs: outcome.started ? Date.now() - outcome.started : 0,
        });
      });
      body();
    },
  );
}

/** The documented waits an item may declare, from the configuration. */
function waitBudget(cfg: SuiteConfig): Record<WaitKind, number> {
  return { webhook: cfg.webhookTimeoutMs, portIn: cfg.portInWaitMs, cdr: cfg.cdrWaitMs, propagation: cfg.propagationWaitMs, tokenExpiry: cfg.tokenExpiryWaitMs, device: cfg.deviceWaitMs };
}

/**
 * A value the step cannot do without that only the operator can supply (test data of the real network).
 * Missing → the item is `manual`, with the variable to set; never a made-up default.
 */
export function needed<T>(value: T | undefined, variable: string, what: string): T {
  if (value === undefined || value === null || value === '') markManual(`${what} is not configured: set ${variable} (see .env.example)`);
  return value as T;
}

/**
 * A value an extra check of a step needs (another distributor's ID, a number known not to be portable).
 * Missing → that one check is skipped with a note naming the variable; the item still stands on its other proofs.
 */
export function optionalData<T>(value: T | undefined, variable: string, what: string): T {
  if (value === undefined || value === null || value === '') {
    test.info().annotations.push({ type: 'not-configured', description: `${what}: set ${variable} to run this check` });
    test.skip(true, `not configured: ${what} (set ${variable})`);
  }
  return value as T;
}

/** Save an ID the checklist says to save: into the ledger and onto the test result. */
export function saveId(ledger: Ledger, meta: ItemMeta, name: string, value: string): void {
  ledger.saveId(meta.id, name, value);
  test.info().annotations.push({ type: 'saved-id', description: `${name}=${value}` });
}

/** Mark the current item pending (waiting on the outside world) and stop this test without failing it. */
export function markPending(reason: string): never {
  test.info().annotations.push({ type: 'pending', description: reason });
  test.skip(true, `pending: ${reason}`);
  throw new Error('unreachable');
}

/** Mark the current item as needing an operator (no device / no attestation in CI). */
export function markManual(reason: string): never {
  test.info().annotations.push({ type: 'manual', description: reason });
  test.skip(true, `manual: ${reason}`);
  throw new Error('unreachable');
}

/**
 * A check whose basis is an assumption (inferred, provisional, or a ruling on something the vendor leaves open):
 * when it does not hold it is a warning in the report, never a failure.
 */
export function warnUnless(holds: boolean, f: { check: string; expected: string; actual: unknown; message: string; basis: string }): void {
  if (holds) return;
  const actual = String(redact(typeof f.actual === 'string' ? f.actual : JSON.stringify(f.actual) ?? 'missing')).slice(0, 300);
  currentEvidence?.finding({ check: f.check, severity: 'warning', pointer: '', expected: f.expected, actual, message: f.message, basis: f.basis });
}

/** Assert there is no error finding; the message lists each with pointer / expected / actual. */
export function expectConformant(findings: Finding[], what: string): void {
  const errors = findings.filter((f) => f.severity === 'error');
  for (const f of findings) currentEvidence?.finding(f);
  expect(redact(errors), redact(`${what}:\n${errors.map((f) => `  ${f.check} ${f.op ?? ''} ${f.pointer}: expected ${f.expected}, got ${f.actual} — ${f.message}${f.basis ? ` [basis: ${f.basis}]` : ''}`).join('\n')}`)).toEqual(redact([]));
}

/**
 * The current test expects an outcome that reads as a failure (e.g. a port-in submitted with the account number the
 * carrier rejects): status fields matching `value` do not fail it. Noted in the evidence with the reason.
 */
export function expectOutcome(value: RegExp, why: string): void {
  currentObserver?.expectOutcome(value, why);
  currentEvidence?.note(`expected outcome ${value}: ${why}`);
}

/**
 * A webhook the step received about message `messageId` (its delivery report, or the inbound receipt at the other
 * number): judged for its status and against what the API and the other channels said about the same message.
 */
export function observeEvent(kind: 'dlr' | 'inbound', messageId: string, body: unknown): Finding[] {
  return currentObserver?.event(kind, messageId, body) ?? [];
}


/**
 * A failed assertion in plain words: what was checked (the assertion's own message, else the test's title), what was
 * expected and what came — read from the assertion's Expected/Received lines when it has them.
 */
export function failureInWords(raw: string, testTitle: string): { message: string; expected: string; actual: string } {
  const msg = raw.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = msg.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = (lines[0] ?? msg).replace(/^Error:\s*/, '');
  const matcher = /^expect\((?:received)?\)/.test(first);
  const line = (re: RegExp) => lines.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined)?.trim();
  const expected = line(/^Expected(?: value| pattern| string| substring| length)?:\s*(.+)$/);
  const actual = line(/^Received(?: value| array| string| length| object)?:\s*(.+)$/) ?? /got (.+)/.exec(first)?.[1];
  return {
    message: (matcher ? testTitle : first).slice(0, 500),
    expected: (expected ?? testTitle).slice(0, 300),
    actual: (actual ?? (matcher ? lines.slice(1, 3).join(' ') : first)).slice(0, 300),
  };
}
