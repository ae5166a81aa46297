/** Shared test traffic: the same run seen from the sandbox (usage events) and from the suite (expectations). */
import type { UsageEvent, SbcVoiceLeg } from '../../sandbox/cdr';
import type { ExpectedTraffic } from '../../helpers/cdr';

export const ACCOUNT = 'DID-7f3a9c';
const T0 = Date.parse('2026-11-23T18:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

export function scenario(): { events: Array<UsageEvent | SbcVoiceLeg>; expected: ExpectedTraffic } {
  const events: Array<UsageEvent | SbcVoiceLeg> = [
    { type: 'sms', direction: 'outbound', from: '+12025550100', to: '+12025550199', messageId: 'TMID-0001', startedAt: at(1), segments: 1, accountId: ACCOUNT },
    { type: 'sms', direction: 'inbound', from: '+12025550199', to: '+12025550100', messageId: 'TMID-0002', startedAt: at(2), segments: 2, accountId: ACCOUNT },
    { type: 'mms', direction: 'outbound', from: '+12025550100', to: '+12025550198', messageId: 'TMID-0003', startedAt: at(3), accountId: ACCOUNT },
    // voice legs as the SBC emits them (sandbox/sip VoiceCdrLeg)
    {
      type: 'voice',
      callId: 'c1',
      sipCallId: 'sip-call-1@10.0.0.1',
      legId: '1a',
      direction: 'outbound',
      from: '+12025550100',
      to: '+12025550197',
      accountId: ACCOUNT,
      start: T0 + 10_000,
      answer: T0 + 12_000,
      end: T0 + 42_500,
      durationMs: 30_500,
      disposition: 'answered',
    },
    {
      type: 'voice',
      callId: 'c2',
      sipCallId: 'sip-call-2@telegent',
      legId: '2b',
      direction: 'inbound',
      from: '+12025550196',
      to: '+12025550100',
      accountId: ACCOUNT,
      start: T0 + 50_000,
      end: T0 + 55_000,
      durationMs: 0,
      disposition: 'no-answer',
    },
    // and one in the brief's UsageEvent shape
    {
      type: 'voice',
      direction: 'outbound',
      callId: 'sip-call-3@10.0.0.1',
      leg: 'A',
      from: '+12025550100',
      to: '+12025550195',
      startedAt: at(60),
      answeredAt: at(61),
      endedAt: at(71),
      accountId: ACCOUNT,
    },
    {
      type: 'data',
      number: '+12025550100',
      iccid: '8901260882291234567',
      apn: 'iot.joonto',
      sessionId: 'DS-1',
      startedAt: at(80),
      endedAt: at(140),
      bytesUp: 1200,
      bytesDown: 34000,
      accountId: ACCOUNT,
    },
  ];
  const expected: ExpectedTraffic = {
    accountId: ACCOUNT,
    sms: [
      { messageId: 'TMID-0001', direction: 'outbound', from: '+12025550100', to: '+12025550199', at: at(1), segments: 1 },
      { messageId: 'TMID-0002', direction: 'inbound', from: '+12025550199', to: '+12025550100', at: at(2), segments: 2 },
      { messageId: 'TMID-0003', direction: 'outbound', from: '+12025550100', to: '+12025550198', at: at(3), type: 'mms' },
    ],
    voice: [
      {
        callId: 'sip-call-1@10.0.0.1',
        leg: 'A',
        direction: 'outbound',
        from: '+12025550100',
        to: '+12025550197',
        startedAt: at(10),
        answeredAt: at(12),
        endedAt: at(42.5),
        durationSeconds: 31,
        disposition: 'ANSWERED',
      },
      {
        callId: 'sip-call-2@telegent',
        direction: 'inbound',
        from: '+12025550196',
        to: '+12025550100',
        startedAt: at(50),
        answeredAt: null,
        endedAt: at(55),
        durationSeconds: 0,
        disposition: 'NO_ANSWER',
      },
      {
        callId: 'sip-call-3@10.0.0.1',
        leg: 'A',
        direction: 'outbound',
        from: '+12025550100',
        to: '+12025550195',
        startedAt: at(60),
        answeredAt: at(61),
        endedAt: at(71),
        durationSeconds: 10,
      },
    ],
    data: [
      {
        sessionId: 'DS-1',
        number: '+12025550100',
        iccid: '8901260882291234567',
        apn: 'iot.joonto',
        startedAt: at(80),
        endedAt: at(140),
        bytesUp: 1200,
        bytesDown: 34000,
      },
    ],
  };
  return { events, expected };
}
