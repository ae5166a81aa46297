/**
 * The fixtures, wired: every service a spec needs reaches it here, never as a global.
 *   config   — the checked suite configuration (worker)
 *   run      — what the global setup published for this run: target URL, receiver, public webhook URL, SIP port (worker)
 *   ledger   — the run ledger, reports/run-state.json (worker)
 *   observer — the semantic observer: read-back, status, lifecycle, cross-channel (worker)
 *   api      — the validating Telegent API client (worker; its calls land in the current test's evidence)
 *   inbox    — the webhook receiver's worker-side view (worker)
 *   target   — what is on the other end: the sandbox (with its partner-side controls) or a real Telegent (worker)
 *   hooks    — this run's webhook URLs and the auth Telegent must use on them (worker)
 *   sip      — the partner-SBC SIP agent (worker, started on first use)
 *   testData — the run's test data (port-in numbers, SIMs…), kept in the ledger (worker)
 *   evidence — the current test's evidence collector (attached, redacted, to the test result)
 */
import { _baseTest as base } from '@playwright/test';
import * as crypto from 'node:crypto';
import { loadConfig, reportPath, type SuiteConfig } from '../config';
import { Ledger } from '../ledger';
import { InboxClient } from '../inbox/client';
import { isInboundPath } from '../inbox/inbound';
import { resolveTestData, type TestData } from '../test-data';
import { redact, registerSecret } from '../../protocol/redact';
import type { ApiClient } from '../client';
import type { SemanticObserver } from '../../protocol/contract';
import { Evidence } from '../evidence';
import { startSipAgent, type SipAgent } from '../sip';
import { numberOfUri, toE164 } from '../../protocol/sip/message';
import { runContext, type RunContext } from './run';
import { probeTarget, type Target } from './target';
import { createObserver, createRunClient } from './api';
import { bindTestContext, unbindTestContext } from './context';

export type { Target, SandboxControls } from './target';

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
  run: RunContext;
  observer: SemanticObserver;
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
  run: [async ({ config }, use) => use(runContext(config)), { scope: 'worker' }],
  observer: [async ({ ledger, run }, use) => use(createObserver(ledger, run.startedAt)), { scope: 'worker' }],
  api: [async ({ config, run, observer }, use) => use(createRunClient(config, run, observer)), { scope: 'worker' }],
  inbox: [async ({ run }, use) => use(new InboxClient(run.inboxUrl)), { scope: 'worker' }],
  target: [async ({ config, run }, use) => use(await probeTarget(run, config)), { scope: 'worker' }],
  hooks: [
    async ({ config, ledger, run }, use) => {
      const base = `${run.webhookPublicUrl}/hooks/${ledger.runId}`;
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
    async ({ config, ledger, run }, use) => {
      const agent = await startSipAgent({ host: config.sipAgentHost, port: run.sipAgentPort });
      // Every call leg the partner SBC places or receives goes to the ledger: item 18 reconciles the CDRs with it.
      const recorded = new Set<string>();
      // when each leg ended (its first BYE, sent or received): item 18 holds an answered leg's CDR endTime to it
      const legs: string[] = [];
      const ended = new Set<string>();
      const recordEnds = () => {
        for (const callId of legs.filter((c) => !ended.has(c))) {
          const bye = agent.exchange(callId).find((l) => /^BYE /.test(l.firstLine));
          if (!bye) continue;
          ended.add(callId);
          ledger.appendData('traffic.voice.ends', { callId, endedAt: new Date(bye.at).toISOString() });
        }
      };
      const recordInvites = () => {
        for (const inv of agent.receivedInvites()) {
          if (recorded.has(`in:${inv.callId}`)) continue;
          recorded.add(`in:${inv.callId}`);
          legs.push(inv.callId);
          ledger.appendData('traffic.voice', {
            callId: inv.callId,
            direction: 'inbound',
            from: numberOf(inv.from),
            to: numberOf(inv.to),
            startedAt: new Date(inv.receivedAt).toISOString(),
          });
        }
      };
      const wrapped: SipAgent = {
        ...agent,
        placeCall: async (o) => {
          const startedAt = new Date().toISOString();
          const r = await agent.placeCall(o);
          // answered: the 200 OK came (answerMs after the INVITE) and was ACKed — item 18 holds the CDR to it
          const answeredAt = r.connected && r.answerMs !== null ? new Date(Date.parse(startedAt) + r.answerMs).toISOString() : undefined;
          // refused: a final failure (≥ 300, 487 after a CANCEL) — the leg was never answered, item 18 holds its CDR to that
          const refusedStatus = !r.connected && r.status !== null && r.status >= 300 ? r.status : undefined;
          ledger.appendData('traffic.voice', {
            callId: r.callId,
            direction: 'outbound',
            from: o.from,
            to: o.to,
            startedAt,
            answered: r.connected,
            answeredAt,
            ...(refusedStatus ? { refusedStatus } : {}),
          });
          legs.push(r.callId);
          recordInvites();
          recordEnds();
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
          recordEnds();
          return r;
        },
      };
      try {
        await use(wrapped);
      } finally {
        recordInvites();
        recordEnds();
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
        if (!isInboundPath(e.path, inboundPath) || !id || known.has(id)) continue;
        known.add(id);
        ledger.appendData('traffic.inbound', {
          messageId: id,
          direction: 'inbound',
          from: b!.From,
          to: b!.To,
          at: e.receivedAt,
          type: b!.MMS_Media_URL ? 'mms' : 'sms',
        });
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
    async ({ observer }, use, testInfo) => {
      const ev = new Evidence();
      bindTestContext(testInfo, { evidence: ev, observer });
      observer.beginTest();
      try {
        await use(ev);
      } finally {
        unbindTestContext(testInfo);
        if (ev.entries.length) {
          await testInfo.attach('evidence', { body: JSON.stringify(redact(ev.entries), null, 1), contentType: 'application/json' });
        }
      }
    },
    { auto: true, box: 'self' }, // the wiring of every test: no step of its own in the report (its attachment stays)
  ],
});

/** The E.164 number in a SIP From/To value (the SIP layer's own parser). */
function numberOf(v: string): string {
  const user = numberOfUri(v);
  return toE164(user) ?? user ?? v;
}
