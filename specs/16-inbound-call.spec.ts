import { test, expect, itemDescribe } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { checkInboundInvite } from '../helpers/sip';
import { sbcOf } from '../helpers/voice';

export const meta = defineItem({
  id: '16',
  title: 'Inbound call received on the test number. SIP partners verify the Request-URI and headers match the agreed format.',
  owner: 'Partner',
  section: 'Intelligent Voice',
  scope: ['core', 'voice'],
  saves: [],
  dependsOn: ['13'],
  description:
    "A call from number B to the test number A reaches the partner SBC (A's Voice Route trunk) as an INVITE whose Request-URI is in the agreed format and which carries the agreed custom headers (Phase 2: SIP_REQUEST_URI_FORMAT, SIP_AGREED_HEADERS).",
});

itemDescribe(meta, () => {
  test('the INVITE for number A reaches the partner SBC in the agreed format', async ({ sip, target, ledger, testData, evidence }) => {
    const a = ledger.requireId('NUMBER_A');
    const b = ledger.requireId('NUMBER_B');
    const call = sip.placeCall({ target: sbcOf(target), from: b, to: a, timeoutMs: 15_000 });
    const invite = await sip.waitForInvite({ to: a, timeoutMs: 10_000 });
    const res = await call;
    await sip.hangup().catch(() => undefined);
    evidence.sip('inbound INVITE for A at the partner SBC', invite.exchange, {});
    // the agreed format and headers are Phase 2 agreements: checked when known (configured, or the sandbox's documented ones)
    const format = testData.sipRequestUriFormat;
    const asE164 = checkInboundInvite(invite, { number: a, format: format ?? 'e164', agreedHeaders: testData.sipAgreedHeaders ?? {} });
    const asNational = format ? asE164 : checkInboundInvite(invite, { number: a, format: 'national', agreedHeaders: testData.sipAgreedHeaders ?? {} });
    if (!format) evidence.note('SIP_REQUEST_URI_FORMAT not configured: the Request-URI is accepted in either the E.164 or the national format');
    if (!testData.sipAgreedHeaders) evidence.note('SIP_AGREED_HEADERS not configured: no agreed custom header is checked');
    const problems = asE164.length <= asNational.length ? asE164 : asNational;
    expect(problems, 'Request-URI and agreed headers').toEqual([]);
    expect(res.connected, 'the inbound call connected end to end').toBe(true);
    ledger.setData('calls', [
      ...(ledger.getData<any[]>('calls') ?? []),
      { callId: res.callId, from: b, to: a, direction: 'inbound', at: new Date().toISOString() },
    ]);
  });
});
