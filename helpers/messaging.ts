/**
 * Messaging round trips for items 10–12: send through POST /v1.0/message/outbound, then wait (event-driven)
 * for the delivery report on the route's CallbackMessageUrl and the inbound post on the peer's MessageUrl.
 * Webhook auth is checked against what the Message Route configured, without ever printing the credential
 * (helpers/inbox/auth). At-least-once delivery: a DLR / inbound post repeated with the same ID and the same
 * payload is absorbed and noted (helpers/inbox/dedupe); the same ID with another payload is not merged.
 * The inbound post is accepted in either documented shape (helpers/inbox/inbound, ruling R-webhook-inbound-shape):
 * the Phase 2 shape, or the older page's shape with a warning. A lost send is reconciled through the documented
 * message search answer (Results[] / MessageID) before anything is sent again (findSentMessage).
 */
import { expect, expectConformant, markPending, observeEvent, warnUnless } from './fixtures';
import { sentMessageProbe, type ApiClient } from './client';
import { WaitTimeoutError, type InboxClient, type InboxEvent } from './inbox/client';
import type { RunHooks } from './fixtures';
import type { SuiteConfig } from './config';
import type { Evidence } from './evidence';
import type { Ledger } from './ledger';
import { validateWebhook, type Finding } from '../protocol/contract';
import { pollUntil } from './progress';
import { request } from 'undici';
import { repeatWithin } from './client/settle';
import { ok, expectPrefix, type Json } from './steps';
import { dedupeDeliveries, type DedupeResult } from './inbox/dedupe';
import { dlrMessageIdOf } from './inbox/message-id';
import { keptFor, type KeptWebhook } from './late-webhooks';
import { expectAuthHeader } from './inbox/auth';
import {
  describeUnmatched,
  inboundId,
  inboundShape,
  inboundContentTypeFindings,
  inboundShapeFindings,
  matchesInbound,
  phase2View,
  withoutUnverifiableMedia,
  type InboundShape,
} from './inbox/inbound';

export { dlrMessageIdOf };

export interface Sent {
  messageId: string;
  sentAtMs: number;
  text: string;
  response: Json;
}

export async function sendMessage(api: ApiClient, from: string, to: string, text: string, mediaUrl?: string, ledger?: Ledger): Promise<Sent> {
  const body: Json = { From: from, To: [{ Number: to }], Body: text, ...(mediaUrl ? { MmsMedia: [{ MediaUrl: mediaUrl }] } : {}) };
  const sentAtMs = Date.now();
  const res = await ok(api, 'POST /v1.0/message/outbound', {
    body,
    // Billable: if the outcome is lost, search for the message before sending it again.
    reconcile: findSentMessage(api, from, to, text),
    reconcileIdField: 'MessageId',
  });
  expectPrefix('message', res.MessageId, 'message/outbound MessageId');
  expect(res.From).toBe(from);
  ledger?.appendData('traffic.sms', {
    messageId: res.MessageId,
    direction: 'outbound',
    from,
    to,
    at: new Date(sentAtMs).toISOString(),
    type: mediaUrl ? 'mms' : 'sms',
  });
  return { messageId: res.MessageId, sentAtMs, text, response: res };
}

/**
 * The reconciliation probe of a lost POST /v1.0/message/outbound (billable: never resent blind): the message search
 * for the sender, the outbound message with the text sent (helpers/client/probes sentMessageProbe, also what
 * refused() looks with). Found → the item with `MessageId`; 404 → not found; any other non-200 → an error (not resent).
 */
export function findSentMessage(api: ApiClient, from: string, to: string, text: string): () => Promise<Json | undefined> {
  return sentMessageProbe(api, from, to, text);
}

export function basicAuth(u: string, p: string): string {
  return `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
}

function pathOf(url: string): string {
  return new URL(url).pathname;
}

/**
 * De-duplicate webhook deliveries by an ID field: a repeat with the same ID and the same payload is a
 * redelivery (absorbed, counted in `duplicates` / `redelivered`); the same ID with another payload is kept.
 */
export function dedupe(events: InboxEvent[], idOf: (e: InboxEvent) => string): DedupeResult {
  return dedupeDeliveries(events, idOf);
}

function noteRedeliveries(ev: Evidence, d: DedupeResult, what: string, id: string): void {
  if (d.redelivered) ev.note(`${d.redelivered} redelivered ${what}(s) for ${id} (same ID, same payload) absorbed: at-least-once delivery`);
  if (d.conflicting.length) ev.note(`${what}s for ${id} came with ${d.unique.length} different payloads under the same ID`);
}

const dlrIdOf = (e: InboxEvent) => String(dlrMessageIdOf(e.body) ?? '');

/**
 * The pending reason of a webhook wait that ended with nothing at all received, on a target that is not `judged`
 * (a real target: no partner-side controls) — undefined when the time-out is a finding: on a sandbox (it delivers at
 * once), or when something came where the webhook should have but did not match (R-webhook-late).
 */
export function lateWebhookReason(e: unknown, judged: boolean): string | undefined {
  if (judged || !(e instanceof WaitTimeoutError) || e.got > 0 || e.nearCount > 0) return undefined;
  return `${e.message}: nothing came — no documented delivery time (R-webhook-late); check the webhook path (WEBHOOK_PUBLIC_URL) and the platform's delivery log, raise CERT_WEBHOOK_TIMEOUT_MS if its webhooks come later, then npm run certify -- --resume`;
}

/**
 * A webhook wait resumed on an earlier run's message (helpers/awaited-message.ts, R-resume-awaited-message): what came
 * since the receiver started counts (`after` 0), no latency is measured (the message was sent by an earlier run), and
 * nothing coming is said in the resume's own words.
 */
export interface ResumedWait {
  pendingReason(late: string): string;
  /** the posts for the message that came after the earlier run stopped waiting (helpers/late-webhooks.ts) */
  earlier?: KeptWebhook[];
}

/** The webhook wait, or the item pending when nothing came on a real target (lateWebhookReason). */
async function pendingWhenNothingCame<T>(wait: Promise<T>, judged: boolean, resumed?: ResumedWait): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const why = lateWebhookReason(e, judged);
    if (why) markPending(resumed ? resumed.pendingReason(why) : why);
    throw e;
  }
}

/**
 * The posts that answer a wait: those a resumed item's earlier run kept (they came after it stopped waiting, judged as
 * they came), else the ones the receiver gets now — `pending` when nothing comes (R-webhook-late). `auth` is the
 * Authorization the route configured (a kept post holds only its digest).
 */
async function keptOrAwaited(
  inbox: InboxClient,
  mine: (e: InboxEvent) => boolean,
  auth: string,
  wait: Omit<Parameters<InboxClient['waitFor']>[1], 'settleMs'> & { embedded: boolean },
  judged: boolean,
  resumed?: ResumedWait,
): Promise<InboxEvent[]> {
  const kept = keptFor(resumed?.earlier, mine, auth);
  if (kept.length) return kept;
  const { embedded, ...opts } = wait;
  // the sandbox sends a duplicate (fault webhook-dup) alongside the original
  return pendingWhenNothingCame(inbox.waitFor(mine, { ...opts, settleMs: embedded ? 50 : 0 }), judged, resumed);
}

/**
 * What a delivery-report wait is given (dlrArrival, waitForDlr): the run's inbox and routes, the message `sent`, the
 * inbox mark taken before it was sent, the item's evidence; `judged` — the target is a sandbox (partner-side controls).
 */
type DlrWait = [inbox: InboxClient, hooks: RunHooks, cfg: SuiteConfig, sent: Sent, after: number, ev: Evidence, judged?: boolean, resumed?: ResumedWait];

/**
 * Where a delivery report arrives, and nothing more: the posts for `sent` on the run's CallbackMessageUrl, de-duplicated
 * by MessageId. Item 11 (whose route a report goes to) asks only this; item 10 judges the report itself (waitForDlr).
 */
export async function dlrArrival(...[inbox, hooks, cfg, sent, after, ev, judged = true, resumed]: DlrWait): Promise<InboxEvent> {
  const p = pathOf(hooks.status);
  const mine = (e: InboxEvent) => e.path === p && dlrIdOf(e) === sent.messageId;
  const label = `the delivery report for ${sent.messageId} on CallbackMessageUrl`;
  const wait = { after, timeoutMs: cfg.webhookTimeoutMs, label, embedded: cfg.embedded };
  const got = await keptOrAwaited(inbox, mine, `Bearer ${hooks.callbackBearer}`, wait, judged, resumed);
  const d = dedupe(got, dlrIdOf);
  noteRedeliveries(ev, d, 'delivery report', sent.messageId);
  return d.unique[0];
}

const dlrStatusOf = (e: InboxEvent): string => String((e.body as Record<string, unknown> | undefined)?.Status ?? '').trim();

const DLR_FINAL_BASIS =
  'R-dlr-final-status: seed 001 item 10 (the DLR received) + seed 003 §4.1 (CallbackMessageUrl: where delivery receipts are delivered) + R-message-status (Queued, Sending, Sent in transit)';

/** The failure of a message whose delivery reports never left the transit statuses. */
export function dlrNotFinal(messageId: string, seen: string, waitedMs: number): Finding {
  return {
    check: 'dlr.final-status',
    severity: 'error',
    op: 'dlr',
    pointer: '/Status',
    expected: `a delivery report with a final status (Delivered, Undelivered, Failed, Rejected…) within ${Math.round(waitedMs / 1000)} s`,
    actual: `Status ${seen} only`,
    message: `the delivery reports for ${messageId} say only ${seen} (in transit): no report of the message's delivery came within ${(waitedMs / 1000).toFixed(1)} s`,
    basis: DLR_FINAL_BASIS,
  };
}

/**
 * The report of the message's delivery. A report in transit (Queued, Sending, Sent: R-message-status) may precede it
 * (a status callback, seed 003 §4.1): then the report with a final status is awaited, within CERT_WEBHOOK_TIMEOUT_MS
 * from the send; none → failure (dlr.final-status) where the target is a sandbox (`judged`: its number B delivers at
 * once), a warning on a real target (number B's handset may be off: the receipt comes when it attaches, R-dlr-final-status).
 * A status outside the vocabulary is the schema's finding.
 */
async function finalDlr(
  inbox: InboxClient,
  hooks: RunHooks,
  cfg: SuiteConfig,
  sent: Sent,
  after: number,
  first: InboxEvent,
  ev: Evidence,
  judged: boolean,
): Promise<InboxEvent> {
  const seen = dlrStatusOf(first);
  if (!TRANSIT_STATUS.test(seen)) return first;
  const p = pathOf(hooks.status);
  const timeoutMs = Math.max(500, sent.sentAtMs + cfg.webhookTimeoutMs - Date.now());
  try {
    const [final] = await inbox.waitFor((e) => e.path === p && dlrIdOf(e) === sent.messageId && !TRANSIT_STATUS.test(dlrStatusOf(e)), {
      after,
      timeoutMs,
      label: `the delivery report with the final status of ${sent.messageId} (Status ${seen} so far)`,
    });
    ev.note(`delivery reports for ${sent.messageId}: Status ${seen} (in transit), then ${dlrStatusOf(final)}`);
    return final;
  } catch (e) {
    if (!(e instanceof WaitTimeoutError)) throw e;
    const f = dlrNotFinal(sent.messageId, seen, Date.now() - sent.sentAtMs);
    if (judged) expectConformant([f], 'a delivery report says how the message was delivered');
    else
      warnUnless(false, {
        ...f,
        basis: DLR_FINAL_BASIS,
        message: `${f.message} — on a real target number B's handset may be off: check it received the message`,
      });
    return first;
  }
}

/** The HTTP method the run's Message Routes configure for both webhooks (MessageUrlMethod, CallbackMessageUrlMethod). */
export const ROUTE_WEBHOOK_METHOD = 'POST';

const WEBHOOK_METHOD_BASIS =
  'vendor OpenAPI POST /v1.0/message/routes: MessageUrlMethod ("HTTP method", GET | POST) and CallbackMessageUrlMethod ("HTTP method for callback webhook", GET | POST) + seed 003 §4.1 (the route names the method of each webhook)';

/**
 * Named check: a webhook arrives with the HTTP method its Message Route configures (`field`: MessageUrlMethod for
 * inbound posts, CallbackMessageUrlMethod for delivery reports). Another method reaches a receiver routed on the
 * configured one as a 405: the message is lost to the partner.
 */
export function webhookMethodFindings(what: string, field: 'MessageUrlMethod' | 'CallbackMessageUrlMethod', method: string): Finding[] {
  if (method.toUpperCase() === ROUTE_WEBHOOK_METHOD) return [];
  return [
    {
      check: 'webhook.method',
      severity: 'error',
      op: what,
      pointer: '',
      expected: `HTTP ${ROUTE_WEBHOOK_METHOD} (the route's ${field})`,
      actual: `HTTP ${method}`,
      message: `the ${what} arrived with HTTP ${method}, although the Message Route's ${field} is ${ROUTE_WEBHOOK_METHOD}`,
      basis: WEBHOOK_METHOD_BASIS,
    },
  ];
}

/** `judged`: the target is a sandbox (partner-side controls): a delivery receipt that never comes fails (finalDlr) */
export async function waitForDlr(...[inbox, hooks, cfg, sent, after, ev, judged = true, resumed]: DlrWait): Promise<InboxEvent> {
  const first = await dlrArrival(inbox, hooks, cfg, sent, after, ev, judged, resumed);
  const dlr = await finalDlr(inbox, hooks, cfg, sent, after, first, ev, judged);
  ev.webhook(`delivery report for ${sent.messageId}`, dlr);
  expectAuthHeader(
    dlr.headers.authorization,
    `Bearer ${hooks.callbackBearer}`,
    'the configured callback token',
    'the delivery report carries the callback auth configured on the Message Route (Bearer)',
  );
  expectConformant(webhookMethodFindings('delivery report', 'CallbackMessageUrlMethod', dlr.method), "the delivery report uses the route's method");
  expectConformant(validateWebhook('dlr', dlr.body), 'delivery report payload');
  expectConformant(
    observeEvent('dlr', sent.messageId, dlr.body),
    'the delivery report says what the message and its other channels say (status, cross-channel)',
  );
  if (resumed) ev.note(`delivery report for ${sent.messageId} received by a resumed run: its latency is not measured (sent by an earlier run)`);
  else ev.latency('SMS delivery report', [dlr.receivedAtMs - sent.sentAtMs]);
  return dlr;
}

/** An inbound post received for the message sent, with its Phase 2 view (the older documented shape mapped). */
export interface InboundReceipt extends InboxEvent {
  /** the post in Phase 2 field names (Message_ID, Owner, To, From, Message_Body, Segment, MMS_Media_URL) */
  payload: Json;
  /** which documented shape it came in (R-webhook-inbound-shape) */
  shape: InboundShape;
}

export async function waitForInbound(
  inbox: InboxClient,
  hooks: RunHooks,
  cfg: SuiteConfig,
  sent: Sent,
  to: string,
  after: number,
  ev: Evidence,
  kind: 'inbound-sms' | 'inbound-mms',
  messageUrl = hooks.inboundSms,
  judged = true,
  resumed?: ResumedWait,
): Promise<InboundReceipt> {
  const p = pathOf(messageUrl);
  const what = kind === 'inbound-mms' ? 'MMS' : 'SMS';
  const mine = (e: InboxEvent) => e.path === p && matchesInbound(e.body, sent.text, to);
  const wait = {
    after,
    timeoutMs: cfg.webhookTimeoutMs,
    label: `the inbound ${what} on ${to}'s MessageUrl`,
    embedded: cfg.embedded,
    // a resumed wait reads all this receiver got (after 0): other messages' posts there are no answer to this one's
    near: resumed ? undefined : (e: InboxEvent) => e.path === p,
    explain: (near: InboxEvent[]) => describeUnmatched(near, sent.text, to),
  };
  const got = await keptOrAwaited(inbox, mine, basicAuth(hooks.inboundAuth.username, hooks.inboundAuth.password), wait, judged, resumed);
  // de-duplicated by Message_ID (MessageId in the older documented shape)
  const d = dedupe(got, (e) => inboundId(e.body));
  noteRedeliveries(ev, d, 'inbound post', inboundId(d.unique[0]?.body) || sent.messageId);
  for (const e of d.unique) ev.webhook(`inbound ${what} on ${to}`, e);
  expect(d.unique.length, 'exactly one inbound message (redeliveries with the same Message_ID and payload absorbed)').toBe(1);
  const inbound = d.unique[0];
  expectAuthHeader(
    inbound.headers.authorization,
    basicAuth(hooks.inboundAuth.username, hooks.inboundAuth.password),
    'the configured inbound user and password',
    'the inbound post carries the auth configured on the Message Route (Basic)',
  );
  expectConformant(webhookMethodFindings(`${kind} post`, 'MessageUrlMethod', inbound.method), "the inbound post uses the route's method");
  const shape = inboundShape(inbound.body);
  expectConformant(inboundContentTypeFindings(kind, inbound.contentType), `${kind} post labelled JSON`);
  expectConformant(inboundShapeFindings(kind, inbound.body), `${kind} payload (${shape === 'phase2' ? 'Phase 2 schema' : 'older documented shape'})`);
  const payload = phase2View(inbound.body);
  expectConformant(
    withoutUnverifiableMedia(kind, inbound.body, observeEvent('inbound', sent.messageId, payload)),
    'the inbound receipt agrees with the message sent and its delivery report (cross-channel)',
  );
  if (resumed) ev.note(`inbound ${what} for ${sent.messageId} received by a resumed run: its latency is not measured (sent by an earlier run)`);
  else ev.latency(`${kind} delivery`, [inbound.receivedAtMs - sent.sentAtMs]);
  return { ...inbound, payload, shape };
}

/** R-message-status: the statuses a sent message ends in, and those it passes through on its way */
export const FINAL_STATUS = /^(delivered|undelivered|undeliverable|failed|rejected)$/i;
const TRANSIT_STATUS = /^(queued|sending|sent)$/i;
const DETAILS_FINAL_BASIS =
  'vendor OpenAPI GET /v1.0/message/details ("Includes delivery status"; used "to verify delivery") + seed 001 item 10 (the DLR received) + R-message-status (Queued, Sending, Sent in transit)';

/** The failure of a message/details that never left the transit statuses after a final delivery report. */
export function detailsNotFinal(messageId: string, dlrStatus: string, reads: string[], n: number, waitedMs: number): Finding {
  return {
    check: 'crosschannel.details-not-final',
    severity: 'error',
    op: 'GET /v1.0/message/details',
    pointer: '/Status',
    expected: `a final Status agreeing with the delivery report's ${dlrStatus} within ${Math.round(waitedMs / 1000)} s`,
    actual: `${reads.join(' → ')} (${n} read(s) over ${(waitedMs / 1000).toFixed(1)} s)`,
    message: `message/details for ${messageId} still reads Status ${reads[reads.length - 1]} ${(waitedMs / 1000).toFixed(1)} s after the delivery report said ${dlrStatus}`,
    basis: DETAILS_FINAL_BASIS,
  };
}

/**
 * message/details of a message whose delivery report arrived: once the report's status is final, the details must
 * take a final status too (whether the two agree is the observer's cross-channel check, run on every read). A real
 * platform may lag: it is read every CERT_POLL_MS for up to CERT_WEBHOOK_TIMEOUT_MS while it reads a transit status
 * (Queued, Sending, Sent). Still in transit → failure naming what was read; a status outside R-message-status's
 * vocabulary cannot be judged → warning. A report with a non-final status: one read, nothing waited for.
 */
export async function readSettledDetails(
  api: ApiClient,
  cfg: Pick<SuiteConfig, 'webhookTimeoutMs' | 'pollMs'>,
  messageId: string,
  dlrStatus: unknown,
  ev: Evidence,
): Promise<Json> {
  const read = () => ok(api, 'GET /v1.0/message/details', { query: { MessageId: messageId } });
  const dlrFinal = typeof dlrStatus === 'string' && FINAL_STATUS.test(dlrStatus.trim());
  if (!dlrFinal) return read();
  const started = Date.now();
  const reads: string[] = [];
  let n = 0;
  let d: Json = {};
  const settled = await pollUntil(
    async () => {
      d = await read();
      n++;
      const s = String(d.Status ?? 'absent');
      if (reads[reads.length - 1] !== s) reads.push(s);
      return TRANSIT_STATUS.test(s.trim()) ? undefined : s;
    },
    {
      timeoutMs: cfg.webhookTimeoutMs,
      intervalMs: cfg.pollMs,
      label: `message/details of ${messageId} to take a final status`,
      detail: () => `Status ${reads[reads.length - 1]}`,
    },
  );
  const waited = Date.now() - started;
  if (settled === undefined) expectConformant([detailsNotFinal(messageId, dlrStatus, reads, n, waited)], 'message/details takes the final delivery status');
  if (n > 1)
    ev.note(`message/details of ${messageId} read ${n} times over ${(waited / 1000).toFixed(1)} s: ${reads.join(' → ')} (delivery report: ${dlrStatus})`);
  warnUnless(FINAL_STATUS.test(settled!.trim()), {
    check: 'crosschannel.details-status-unknown',
    expected: `a final status of R-message-status (${dlrStatus} in the delivery report)`,
    actual: settled,
    message: `message/details for ${messageId} reads Status ${settled}, outside R-message-status's vocabulary: whether it is final cannot be judged`,
    basis: 'R-message-status',
  });
  return d;
}

/**
 * A text that needs a concatenated SMS in any encoding (over 160 characters) and UCS-2 (characters outside the
 * GSM 03.38 alphabet: — ½ ✓ 日本語 and one emoji, with ü ß é that GSM-7 has): what a partner's users send every day.
 */
export function longUnicodeText(runId: string): string {
  // characters HTML and JSON give a meaning (& < > " ') travel as text: a layer escaping them alters the body
  const head = `cert ${runId.slice(0, 8)} long ${Date.now()} — Tom & Jerry <3 "quoted" it's — Grüße aus Zürich, café ½ ✓ 日本語 😀 `;
  const filler = 'this line carries a long text to check that it arrives whole and in order. ';
  let text = head;
  while ([...text].length < 200) text += filler;
  return [...text].slice(0, 200).join('').trimEnd();
}

const SEGMENT_BASIS = 'Phase 2 connectivity page (Segment: number of SMS segments) + 3GPP TS 23.040 (one SMS carries at most 160 GSM-7 / 70 UCS-2 characters)';

/**
 * The Segment an inbound post reports for `text`. More than 160 characters never fit one SMS in any encoding:
 * Segment 1 (or less) fails. The exact count of a UCS-2 text is 67 characters a part (counted in code points or in
 * UTF-16 units: an emoji is one or two); another count is a warning (R-sms-segment-count: the carrier's split is not
 * documented).
 */
export function segmentCountFindings(text: string, segment: unknown): Finding[] {
  const n = Number(segment);
  const points = [...text].length;
  const units = text.length;
  const ucs2 = !/^[\x20-\x7e\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const lo = Math.ceil(points / (ucs2 ? 67 : 153));
  const hi = Math.ceil(units / (ucs2 ? 67 : 153));
  const base = { op: 'inbound-sms', pointer: '/Segment' } as const;
  if (units > 160 && !(Number.isInteger(n) && n >= 2))
    return [
      {
        ...base,
        check: 'webhook.inbound.segment-count',
        severity: 'error',
        expected: `at least 2 segments for ${points} characters (${lo}${hi !== lo ? `–${hi}` : ''} in ${ucs2 ? 'UCS-2' : 'GSM-7'})`,
        actual: String(segment),
        message: `the inbound post says Segment ${String(segment)} for a ${points}-character text: more than 160 characters never fit one SMS`,
        basis: SEGMENT_BASIS,
      },
    ];
  if (n >= lo && n <= hi) return [];
  return [
    {
      ...base,
      check: 'webhook.inbound.segment-count',
      severity: 'warning',
      expected: `${lo}${hi !== lo ? `–${hi}` : ''} segments (${points} characters in ${ucs2 ? 'UCS-2, 67' : 'GSM-7, 153'} a part)`,
      actual: String(segment),
      message: `the inbound post says Segment ${String(segment)} for a ${points}-character ${ucs2 ? 'UCS-2' : 'GSM-7'} text: another split than 3GPP's`,
      basis: `R-sms-segment-count + ${SEGMENT_BASIS}`,
    },
  ];
}

const MEDIA_BASIS = 'seed 001 item 12 (MMS_Media_URL populated) + R-mms-media-url';

/** What a fetch of a media URL answered: its status, its Content-Type and whether any byte came. */
interface MediaAnswer {
  status: number;
  type: string;
  empty: boolean;
}

async function fetchMedia(url: string, timeoutMs: number): Promise<MediaAnswer> {
  const res = await getFollowingRedirects(url, timeoutMs);
  let empty = true;
  // one chunk tells whether the body carries bytes: the rest is not read (the media may be large)
  for await (const chunk of res.body) {
    if ((chunk as Buffer).length > 0) empty = false;
    if (!empty) break;
  }
  if (!res.body.destroyed) res.body.destroy();
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? '').toLowerCase(), empty };
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** GET `url`, following at most 5 redirects: a media link may lead to where the media is served (a CDN's signed URL, RFC 9110 §15.4) */
async function getFollowingRedirects(url: string, timeoutMs: number) {
  let at = url;
  for (let hop = 0; ; hop++) {
    const res = await request(at, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const location = res.headers.location;
    if (!REDIRECT.has(res.statusCode) || typeof location !== 'string' || hop === 5) return res;
    await res.body.dump();
    at = new URL(location, at).toString();
  }
}

const DOCUMENT_TYPE = /^(text\/|application\/(json|xml|xhtml\+xml|problem\+json)\b|[a-z]+\/[a-z.+-]*\+(json|xml)\b)/;

/**
 * A 2xx copy must be the media (R-mms-media-url): the suite's MMS sends an image (CERT_MMS_MEDIA_URL: "a publicly
 * reachable image URL"). No byte, or a document (an HTML / text / JSON page: a "not found" page served 200) fails;
 * image/* passes; another or no Content-Type (application/octet-stream…) is a warning: the media's type is not stated.
 */
export function mediaContentFindings(url: string, a: Pick<MediaAnswer, 'type' | 'empty'>): Finding[] {
  const base = {
    check: 'mms.media-url-content',
    op: 'inbound-mms',
    pointer: '/MMS_Media_URL',
    basis: `${MEDIA_BASIS} + the MMS sent an image (CERT_MMS_MEDIA_URL)`,
  } as const;
  if (a.empty)
    return [
      {
        ...base,
        severity: 'error',
        expected: 'the image sent',
        actual: `2xx, ${a.type || 'no Content-Type'}, no byte`,
        message: `the MMS_Media_URL the inbound post names (${url}) answers with an empty body: the media the partner receives has no content`,
      },
    ];
  if (DOCUMENT_TYPE.test(a.type))
    return [
      {
        ...base,
        severity: 'error',
        expected: 'the image sent (image/*)',
        actual: `2xx, Content-Type ${a.type}`,
        message: `the MMS_Media_URL the inbound post names (${url}) answers a document (${a.type.split(';')[0]}), not the image sent: a "not found" page served with 200?`,
      },
    ];
  if (a.type.startsWith('image/')) return [];
  return [
    {
      ...base,
      severity: 'warning',
      expected: 'image/*',
      actual: a.type || 'no Content-Type',
      message: `the MMS_Media_URL ${url} answers ${a.type || 'without a Content-Type'}: whether it is the image sent cannot be told`,
    },
  ];
}

/**
 * A copy that answers a document is judged against the media sent: when `sentUrl` (CERT_MMS_MEDIA_URL, the partner's
 * own setting) itself answers the same kind of document, the copy is faithful and the findings are warnings naming it.
 */
async function sentAlike(findings: Finding[], copy: MediaAnswer, sentUrl: string | undefined, timeoutMs: number): Promise<Finding[]> {
  if (!sentUrl || copy.empty || !DOCUMENT_TYPE.test(copy.type) || !findings.some((f) => f.severity === 'error')) return findings;
  const sent = await fetchMedia(sentUrl, timeoutMs).catch(() => undefined);
  if (!sent || sent.type.split(';')[0] !== copy.type.split(';')[0]) return findings;
  const why = ` — the media sent (${sentUrl}, CERT_MMS_MEDIA_URL) is itself ${sent.type.split(';')[0]}: set it to an image to judge the copy`;
  return findings.map((f) => (f.severity === 'error' ? { ...f, severity: 'warning', message: f.message + why } : f));
}

/**
 * A re-hosted MMS_Media_URL (not the URL sent) must lead to the media (ruling R-mms-media-url): fetched without
 * credentials, a 404 / 410 again within `settleMs` (the copy may be served a moment after the post). 2xx with the media passes (an empty body or a document fails: mediaContentFindings); 404 or 410 fails (the copy the post names does not exist); 401 / 403 (credentials the docs
 * do not name), another status or no answer within `timeoutMs` is a warning.
 */
export async function rehostedMediaFindings(url: string, settleMs: number, timeoutMs = 10_000, sentUrl?: string): Promise<Finding[]> {
  const base = { check: 'mms.media-url-reachable', op: 'inbound-mms', pointer: '/MMS_Media_URL', expected: 'HTTP 2xx with the media' } as const;
  let got: MediaAnswer;
  try {
    // a copy written just after the post may not be served at once: a 404 / 410 is read again within the read settle
    // window before it counts (R-read-after-write)
    got = (
      await repeatWithin(
        () => fetchMedia(url, timeoutMs),
        (a) => a.status !== 404 && a.status !== 410,
        { windowMs: settleMs, firstMs: 250 },
      )
    ).value;
  } catch (e) {
    const why = String((e as Error).message ?? e).slice(0, 120);
    return [
      {
        ...base,
        severity: 'warning',
        actual: `no answer (${why})`,
        message: `the re-hosted MMS_Media_URL ${url} could not be fetched: ${why}`,
        basis: MEDIA_BASIS,
      },
    ];
  }
  const status = got.status;
  if (status >= 200 && status < 300) return sentAlike(mediaContentFindings(url, got), got, sentUrl, timeoutMs);
  const dead = status === 404 || status === 410;
  return [
    {
      ...base,
      severity: dead ? 'error' : 'warning',
      actual: `HTTP ${status}`,
      message: dead
        ? `the MMS_Media_URL the inbound post names (${url}) answers ${status}: the media the partner receives does not exist`
        : `the re-hosted MMS_Media_URL ${url} answers ${status} (credentials the docs do not name?)`,
      basis: MEDIA_BASIS,
    },
  ];
}
