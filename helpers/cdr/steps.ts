/**
 * The steps of checklist item 18 (CDRs), for specs/18-cdrs.spec.ts: the sandbox's delivery cycle run, the delivery
 * awaited by the configured method, the run's expected traffic (what it sent and received), and one channel's files
 * parsed, validated and reconciled. Configuration comes in as options (from the fixtures), never from the environment.
 */
import { expect, expectConformant, markManual, markPending, warnUnless, type Target } from '../fixtures';
import { semantics } from '../../protocol/contract';
import type { Evidence } from '../evidence';
import { describeSkew, significantSkewMs, type ApiClient } from '../client';
import type { InboxClient, InboxEvent } from '../inbox/client';
import type { Ledger } from '../ledger';
import { pollUntil } from '../progress';
import type { CdrFile } from '../../protocol/cdr';
import { parseCdrFiles, webhookToCdrFile } from '../../protocol/cdr';
import type { ExpectedCallLeg, ExpectedSms, ExpectedTraffic } from './expected';
import { reconcile } from './reconcile';
import { inboundShape, isInboundPath, phase2View } from '../inbox/inbound';
import type { ReceivedMail } from './smtp-receiver';

export type CdrChannel = 'webhook' | 'email';
export type CdrDelivery = 'webhook' | 'email' | 'both';

/** Where the run's webhooks and CDRs arrive (paths on the receiver), from the `run` and `hooks` fixtures. */
export interface CdrPaths {
  /** the CDR webhook: `${webhookPublicUrl}/hooks/cdr` */
  cdr: string;
  /** the run's inbound SMS/MMS webhook */
  inbound: string;
}

/** The receiver paths the CDRs and the run's inbound messages arrive on. */
export function cdrPaths(o: { webhookPublicUrl: string; inboundSmsUrl: string }): CdrPaths {
  return { cdr: new URL(`${o.webhookPublicUrl}/hooks/cdr`).pathname, inbound: new URL(o.inboundSmsUrl).pathname };
}

/** The channels the configured delivery uses. */
export function channelsOf(delivery: CdrDelivery): CdrChannel[] {
  return (['webhook', 'email'] as const).filter((c) => delivery === 'both' || delivery === c);
}

/**
 * On a sandbox, run its CDR delivery cycle ("time passing" on the partner's side) and say so in the evidence; the
 * item is manual when the target has no CDR delivery configured (the platform side of Phase 2 not done).
 * Returns the cycle's answer (JSON), undefined on a real target.
 */
export async function runSandboxDeliveryCycle(o: { target: Target; evidence: Evidence }): Promise<string | undefined> {
  if (!o.target.controls) return undefined;
  const r = await o.target.controls.flushCdrs();
  expect(r.status, `CDR flush: ${JSON.stringify(r.body)}`).toBe(200);
  const flushed = JSON.stringify(r.body);
  o.evidence.note(`the sandbox's CDR cycle was run: ${flushed}`);
  if (r.body?.delivered === 0 && /no CDR delivery configured/i.test(String(r.body?.note ?? '')))
    markManual(`the target has no CDR delivery configured (Phase 2 onboarding): ${r.body.note}`);
  return flushed;
}

export interface DeliveryWait {
  inbox: InboxClient;
  /** events received from this time on (ISO; the run's start) */
  since: string;
  paths: CdrPaths;
  delivery: CdrDelivery;
  waitMs: number;
  pollMs: number;
  /**
   * the run's traffic ended by then (ISO; item 18's start): each channel must have delivered after it. A cycle that
   * came mid-run carries only the records made before it — reconciled alone, the rest read as missing.
   */
  after?: string;
}

/**
 * When the run's traffic ended: the latest end of the items that made it (`items`, those passed), as the ledger holds them — a
 * resumed run keeps its passed items' records, so a delivery that came during the resume's earlier waits still
 * counts — else now. A CDR delivery after it covers the traffic (DeliveryWait.after).
 */
export function trafficEndedAt(ledger: Ledger, items: string[]): string {
  const made = items.map((id) => ledger.snapshot.items[id]).filter((it) => it?.status === 'passed'); // not-applicable made none
  const ends = made.map((it) => it!.endedAt).filter((t): t is string => typeof t === 'string');
  return ends.length ? ends.sort().at(-1)! : new Date().toISOString();
}

/** What the receiver got since the run started. */
export async function receivedSince(inbox: InboxClient, since: string): Promise<InboxEvent[]> {
  return (await inbox.all()).filter((e) => e.receivedAt >= since);
}

/**
 * The receiver's events since the run started once every configured channel has delivered something after the run's
 * traffic ended (`after`); undefined when the wait ran out — a cycle that came mid-run alone is not the whole delivery.
 */
export async function waitForCdrDelivery(o: DeliveryWait): Promise<InboxEvent[] | undefined> {
  const channels = channelsOf(o.delivery);
  return pollUntil(
    async () => {
      const all = await receivedSince(o.inbox, o.since);
      const late = all.filter((e) => !o.after || e.receivedAt >= o.after);
      const has: Record<CdrChannel, boolean> = { webhook: late.some((e) => e.path === o.paths.cdr), email: late.some((e) => e.path === '/mail') };
      return channels.every((c) => has[c]) ? all : undefined;
    },
    { timeoutMs: o.waitMs, intervalMs: o.pollMs, label: `CDR delivery by ${o.delivery}` },
  );
}

/**
 * No delivery yet is the outside world not having answered: pending, not failed — unless the sandbox's cycle was
 * just run and still nothing came (then the delivery itself is broken: the expectation fails).
 */
export function expectDelivered(
  events: InboxEvent[] | undefined,
  o: { delivery: CdrDelivery; waitMs: number; flushed: string | undefined; embedded?: boolean },
): asserts events is InboxEvent[] {
  // a standalone sandbox's delivery is its operator's setting (the embedded one's is the run's own: judged)
  if (!events && o.flushed && !o.embedded && Number(JSON.parse(o.flushed)?.delivered) > 0)
    markManual(
      `the sandbox's CDR cycle delivered records (${o.flushed.slice(0, 200)}) but none reached this run's receiver by ${o.delivery}: the sandbox's CDR delivery (SANDBOX_CDR_WEBHOOK_URL / SANDBOX_CDR_SMTP — Phase 2 onboarding) points elsewhere, e.g. at another partner's run sharing the sandbox: point it at WEBHOOK_PUBLIC_URL/hooks/cdr or this run's SMTP_PORT`,
    );
  if (!events && !o.flushed)
    markPending(
      `no CDR file by ${o.delivery} after the run's traffic within ${Math.round(o.waitMs / 1000)} s: the delivery cycle has not come yet — resume with npm run certify -- --resume`,
    );
  expect(events, `CDRs delivered by ${o.delivery} after the sandbox's delivery cycle ran (${o.flushed})`).toBeTruthy();
}

/** The CDR files among the receiver's events: CDR webhook bodies and the CDR e-mails' attachments. */
export function cdrFilesFrom(events: InboxEvent[], paths: CdrPaths): CdrFile[] {
  const files: CdrFile[] = [];
  events.forEach((e, i) => {
    if (e.path === paths.cdr) files.push(webhookToCdrFile(e, i));
    if (e.path === '/mail') {
      for (const a of (e.body as Partial<ReceivedMail> | undefined)?.attachments ?? [])
        files.push({ name: a.filename, content: Buffer.from(a.base64, 'base64'), contentType: a.contentType, via: 'email' });
    }
  });
  return files;
}

/** An inbound SMS/MMS webhook body in Phase 2 names (the fields the expected traffic needs). */
interface InboundMessage {
  Message_ID?: string;
  From?: string;
  To?: string;
  MMS_Media_URL?: string;
  Segment?: unknown;
}

/** sms / mms from the post's media field; undefined (not checked) for an older-shape post, whose page names no media field */
function inboundType(body: unknown, view: InboundMessage): ExpectedSms['type'] {
  if (view.MMS_Media_URL) return 'mms';
  return inboundShape(body) === 'older' ? undefined : 'sms';
}

/**
 * The segments an inbound SMS's record must bill: the Segment its webhook post reported (schemas/cdr/sms.schema.json
 * segments: "same meaning as 'Segment' in the inbound webhook"; R-cdr-reconciliation). Not checked for an MMS (its
 * record says 1), an older-shape post (no Segment) or a Segment that is not a whole number ≥ 1 (item 11's finding).
 */
function inboundSegments(body: unknown, view: InboundMessage): Pick<ExpectedSms, 'segments'> {
  if (inboundType(body, view) !== 'sms') return {};
  const n = Number(view.Segment);
  return Number.isInteger(n) && n >= 1 ? { segments: n } : {};
}

/**
 * A call leg as the ledger recorded it (helpers/runtime/test.ts: the SIP agent's calls and INVITEs): the numbers,
 * direction and start, and — when the suite saw the dialog answered — that it was, with the answer / end times it
 * recorded. An unanswered leg is not judged on its disposition (the platform may have seen an answer the suite gave
 * up waiting for).
 */
function expectedLeg(v: ExpectedCallLeg): ExpectedCallLeg {
  const leg: ExpectedCallLeg = { callId: v.callId, direction: v.direction, from: v.from, to: v.to, startedAt: v.startedAt };
  if (v.answered !== true) return v.refusedStatus ? { ...leg, refusedStatus: v.refusedStatus } : leg;
  return { ...leg, answered: true, ...(v.answeredAt ? { answeredAt: v.answeredAt } : {}), ...(v.endedAt ? { endedAt: v.endedAt } : {}) };
}

/**
 * What the run's CDRs must hold: the SMS it sent and the call legs it placed or received (ledger), and the messages it
 * received (ledger, completed from the receiver's events for messages the ledger has not recorded yet).
 */
export function expectedTraffic(o: { ledger: Ledger; events: InboxEvent[]; paths: CdrPaths }): ExpectedTraffic {
  const inbound = new Map<string, ExpectedSms>((o.ledger.getData<ExpectedSms[]>('traffic.inbound') ?? []).map((m) => [m.messageId, m]));
  for (const e of o.events) {
    // either documented shape (R-webhook-inbound-shape): the older one's MessageId is the Message_ID
    const b = phase2View(e.body) as InboundMessage;
    if (isInboundPath(e.path, o.paths.inbound) && b.Message_ID && !inbound.has(b.Message_ID)) {
      inbound.set(b.Message_ID, {
        messageId: b.Message_ID,
        direction: 'inbound',
        from: b.From!,
        to: b.To!,
        at: e.receivedAt,
        type: inboundType(e.body, b),
        ...inboundSegments(e.body, b),
      });
    }
  }
  // when each leg ended as the partner SBC saw it (its first BYE): the runtime records it apart from the leg
  const ends = new Map((o.ledger.getData<Array<{ callId: string; endedAt: string }>>('traffic.voice.ends') ?? []).map((e) => [e.callId, e.endedAt]));
  return {
    sms: [...(o.ledger.getData<ExpectedSms[]>('traffic.sms') ?? []), ...inbound.values()],
    voice: (o.ledger.getData<ExpectedCallLeg[]>('traffic.voice') ?? []).map((v) =>
      expectedLeg(v.endedAt || !ends.has(v.callId) ? v : { ...v, endedAt: ends.get(v.callId) }),
    ),
  };
}

/**
 * A target whose clock was moved through its controls (the sandbox's carrier patience; on a long-lived standalone
 * sandbox, by an earlier run) stamps its CDRs in its own time: the expected times are shifted by that offset, and the
 * evidence says so. A platform whose clock runs off ours (its answers' Date headers, R-platform-clock-skew) stamps them
 * on that clock: the skew is added. Otherwise 0 (its clock is the world's; the tolerance covers the rest).
 */
export async function targetClockOffsetMs(o: { target: Target; evidence: Evidence; api?: ApiClient }): Promise<number> {
  const { moved, skew } = await targetClockOffsets(o);
  return moved + skew;
}

/** targetClockOffsetMs in its two parts: the moves made through the controls, the skew the API's Date headers show */
export async function targetClockOffsets(o: { target: Target; evidence: Evidence; api?: ApiClient }): Promise<{ moved: number; skew: number }> {
  const moved = await controlsClockOffsetMs(o);
  const skew = o.api ? await platformSkewMs(o.api) : 0;
  if (skew)
    o.evidence.note(
      `the platform's clock runs ${describeSkew(skew)} this machine's (HTTP Date, R-platform-clock-skew): the expected CDR times are shifted by it`,
    );
  return { moved, skew };
}

/** the offset the target's controls report (the moves of its clock), 0 without controls */
async function controlsClockOffsetMs(o: { target: Target; evidence: Evidence }): Promise<number> {
  if (!o.target.controls) return 0;
  const h = await o.target.controls.health().catch(() => undefined);
  const off = Number(h?.clockOffsetMs ?? 0);
  if (!Number.isFinite(off) || off === 0) return 0;
  o.evidence.note(`the target's clock runs ${off} ms ahead of this machine's (moved through its controls): the expected CDR times are shifted by it`);
  return off;
}

/** the platform's clock skew as the client last read it; without a reading yet (a resumed run's first call), one token request reads it */
async function platformSkewMs(api: ApiClient): Promise<number> {
  if (!api.platformClock) return 0;
  if (!api.platformClock()) await api.requestToken().catch(() => undefined);
  return significantSkewMs(api.platformClock());
}

/**
 * The expected traffic with every time moved into the target's time: by `ms`, or by the offset the target's clock had
 * at that time (`offsetAt`, helpers/clock-moves: a move made after a send does not apply to it).
 */
export function shiftTraffic(t: ExpectedTraffic, ms: number | ((iso: string) => number)): ExpectedTraffic {
  if (!ms) return t;
  const by = typeof ms === 'number' ? () => ms : ms;
  const at = (iso: string) => new Date(Date.parse(iso) + by(iso)).toISOString();
  const opt = <T extends string | null | undefined>(iso: T): T => (iso ? (at(iso) as T) : iso);
  return {
    ...t,
    sms: t.sms.map((m) => ({ ...m, at: at(m.at) })),
    voice: t.voice.map((v) => ({ ...v, startedAt: at(v.startedAt), answeredAt: opt(v.answeredAt), endedAt: opt(v.endedAt) })),
    data: t.data?.map((d) => ({ ...d, startedAt: at(d.startedAt), endedAt: opt(d.endedAt) })),
    window: t.window ? { from: at(t.window.from), to: at(t.window.to) } : undefined,
  };
}

export interface ChannelCheck {
  channel: CdrChannel;
  files: CdrFile[];
  expected: ExpectedTraffic;
  /**
   * The traffic in this machine's time, when `expected` was shifted by the API's clock skew: the CDR system's clock may
   * not be the API server's (R-platform-clock-skew). CDRs that reconcile only with it pass, with a note.
   */
  unskewed?: ExpectedTraffic;
  /** clock difference allowed between the suite and the CDR times */
  toleranceMs: number;
  evidence: Evidence;
}

/**
 * One channel's CDR files: delivered, parsed and validated without error, split voice / SMS, and reconciled with the
 * run's traffic (every SMS and call leg exactly once, the CDRs agreeing with the SIP dialogs and the API).
 */
/** the reconciliation on the API's clock; failing that, on this machine's (o.unskewed), when it has no error */
export function reconcileEitherClock(o: ChannelCheck, records: Parameters<typeof reconcile>[1]): ReturnType<typeof reconcile> {
  const errors = (x: ReturnType<typeof reconcile>) => x.findings.filter((f) => f.severity === 'error').length;
  const r = reconcile(o.expected, records, { toleranceMs: o.toleranceMs, requireSplit: true });
  if (!o.unskewed || !errors(r)) return r;
  const plain = reconcile(o.unskewed, records, { toleranceMs: o.toleranceMs, requireSplit: true });
  if (errors(plain)) return r;
  o.evidence.note(
    `CDRs by ${o.channel} reconcile on this machine's clock, not on the API's Date header: the CDR system's clock is not the API server's (R-platform-clock-skew)`,
  );
  return plain;
}

export async function expectChannelReconciles(o: ChannelCheck): Promise<void> {
  const via = o.channel;
  const files = o.files.filter((f) => f.via === via);
  expect(files.length, `CDR files delivered by ${via}`).toBeGreaterThan(0);
  const parsed = await parseCdrFiles(files);
  const parseErrors = parsed.findings.filter((f) => f.severity === 'error');
  expect(
    parseErrors.map((f) => `${f.check} ${f.message}`),
    `CDR files by ${via} parse and validate`,
  ).toEqual([]);
  const r = reconcileEitherClock(o, parsed.records);
  o.evidence.cdr({ via, files: r.files, sms: r.sms, voice: r.voice, findings: r.findings.slice(0, 20) });
  // a warning resting on a ruling (e.g. R-cdr-duration) goes to the run's warnings
  for (const f of r.findings.filter((x) => x.severity === 'warning' && x.basis))
    warnUnless(false, { check: f.check, expected: f.expected ?? '', actual: f.actual ?? '', message: `${f.message} (${via})`, basis: f.basis! });
  expectConformant(semantics.cdrChannels(r.findings), `CDRs by ${via} agree with the SIP dialogs and the API (cross-channel)`);
  expect(
    r.findings.filter((f) => f.severity === 'error').map((f) => `${f.check}: ${f.message}`),
    `CDR reconciliation (${via})`,
  ).toEqual([]);
  expect(r.sms.matched, `every SMS (${r.sms.expected}) matched exactly once (${via})`).toBe(r.sms.expected);
  expect(r.voice.matched, `every call leg (${r.voice.expected}) matched exactly once (${via})`).toBe(r.voice.expected);
}
