/**
 * The SbcContext entry point used by the sandbox core (sandbox/ports.ts): directory mapping
 * (string ports, sandbox clock), voice-event webhooks in the documented shape
 * (schemas/webhooks/voice-event.schema.json), voice usage events for the CDR service, drift registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/webhooks/voice-event.schema.json';
import { startSandboxSbc as startSbc } from '../../sandbox/sip';
import type { VoiceEventBody as CallEvent, NumberResolution, SbcContext, UsageEvent, DirectoryRoute as VoiceRouteView } from '../../sandbox/ports';
import { allDriftModes } from '../../sandbox/drift/catalogue';
import { startSipAgent } from '../../helpers/sip';
import { HOST } from './_support';

test('SbcContext entry: hairpin call → schema-valid voice events on both routes + A/B usage legs', async () => {
  const agent = await startSipAgent({ host: HOST, port: 0 });
  let clock = 1_800_000_000_000;
  const route = (id: string): VoiceRouteView => ({
    callRouteId: id,
    accountId: 'DID-1',
    routeName: id,
    routeType: 'Trunk',
    enabled: true,
    effectiveAt: 0,
    ipWhitelist: [],
    trunks: [{ ip: HOST, port: String(agent.port), transport: 'udp', enabled: true }],
    callbackVoiceUrl: `https://partner.example/${id}`,
  });
  const numbers: Record<string, NumberResolution> = {
    '+15551230001': {
      e164: '+15551230001',
      accountId: 'DID-1',
      numberId: 'NID-1',
      status: 'Active',
      voiceEnabled: true,
      voiceRoute: route('CRID-1'),
      effectiveAt: clock - 1,
    },
    '+15551230002': {
      e164: '+15551230002',
      accountId: 'DID-1',
      numberId: 'NID-2',
      status: 'Active',
      voiceEnabled: true,
      voiceRoute: route('CRID-2'),
      effectiveAt: clock + 60_000,
    },
  };
  const posted: { routeId: string; body: CallEvent }[] = [];
  const usage: UsageEvent[] = [];
  const drifts = new Set<string>();
  const ctx: SbcContext = {
    host: HOST,
    port: 0,
    directory: { resolveNumber: (n) => numbers[n], voiceRoutes: () => [route('CRID-1'), route('CRID-2')], now: () => clock },
    events: { emit: async (routeId, body) => void posted.push({ routeId, body }) },
    usage: { record: (e) => void usage.push(e) },
    drift: { isDrift: (n) => drifts.has(n) },
    log: { info: () => {}, warn: () => {} },
  };
  const sbc = await startSbc({ ...ctx, keepaliveIntervalMs: -1 });
  try {
    assert.ok(
      ['sip-options-ignored', 'sip-wrong-request-uri', 'sip-missing-agreed-header'].every((n) => allDriftModes().some((m) => m.name === n && m.area === 'sip')),
    );
    const target = { host: HOST, port: sbc.port };
    // the callee's assignment is still propagating on the sandbox clock → 480
    const early = await agent.placeCall({ target, from: '+15551230001', to: '+15551230002' });
    assert.equal(early.status, 480);
    clock += 60_000; // /_sandbox/clock/advance
    const call = await agent.placeCall({ target, from: '+15551230001', to: '+15551230002' });
    assert.equal(call.connected, true);
    const inv = await agent.waitForInvite({ to: '+15551230002', timeoutMs: 2000 });
    await agent.hangup(call.callId);
    const d = Date.now() + 2000;
    while (usage.length < 3 && Date.now() < d) await new Promise((r) => setTimeout(r, 20));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    for (const p of posted) assert.ok(validate(p.body), `${JSON.stringify(p.body)} ${ajv.errorsText(validate.errors)}`);
    const byRoute = (id: string) => posted.filter((p) => p.routeId === id).map((p) => p.body.Event);
    assert.deepEqual(byRoute('CRID-1'), ['Call_Completed', 'Call_Ringing', 'Call_In_Progress', 'Call_Completed']); // 480 attempt, then the call
    assert.deepEqual(byRoute('CRID-2'), ['Call_Ringing', 'Call_In_Progress', 'Call_Completed']);
    const legs = usage.filter((u) => u.callId === call.callId || u.callId === inv.callId) as (UsageEvent & { leg: string; disposition: string })[];
    assert.deepEqual(legs.map((l) => `${l.leg}:${l.direction}:${l.disposition}`).sort(), ['A:outbound:ANSWERED', 'B:inbound:ANSWERED']);
    assert.ok(legs.every((l) => l.accountId === 'DID-1' && l.from === '+15551230001' && l.to === '+15551230002'));
  } finally {
    await agent.close();
    await sbc.close();
  }
});
