/**
 * The message a webhook wait is on, kept in the ledger (R-resume-awaited-message): the MessageId, From, To, the text
 * (the suite's own label, matched against the inbound post) and when it was sent — nothing secret. An item that ended
 * pending because the webhook did not come (R-webhook-late) finishes that message on `--resume` before anything is
 * sent again: its message/details are read, and its report / inbound post is awaited on the new receiver (a webhook
 * retried by the platform). Items 10 and 11 certify the webhook RECEIVED (seed 001), so message/details alone never
 * pass them: without the webhook the item stays pending, and a new (billable) message is sent only when the operator
 * asks (`--resume --resend`).
 */
import type { ApiClient } from './client';
import type { SuiteConfig } from './config';
import type { Evidence } from './evidence';
import type { InboxClient } from './inbox/client';
import type { Ledger } from './ledger';
import { test } from './fixtures';
import { FINAL_STATUS, sendMessage, type ResumedWait, type Sent } from './messaging';
import type { KeptWebhook } from './late-webhooks';

export interface AwaitedMessage {
  item: string;
  /** which of the item's waits (one item may send more than one message) */
  step: string;
  /** what the wait is for: the sender's delivery report, or the inbound post on the receiving number's route */
  kind: 'dlr' | 'inbound';
  /** the same in words: "the delivery report", "the inbound post" */
  awaits: string;
  messageId: string;
  from: string;
  to: string;
  text: string;
  sentAt: string;
  /** the webhooks of a step that waits on more than one (an inbound post, then its report) already received and judged */
  received?: string[];
  /** its posts that came after the earlier run stopped waiting (helpers/late-webhooks.ts) */
  late?: KeptWebhook[];
}

/** A message an item sends and then waits on a webhook for. */
export type Outgoing = Omit<AwaitedMessage, 'messageId' | 'sentAt' | 'received' | 'late'> & { mediaUrl?: string };

/** What a wait starts from: the message (sent now, or the earlier run's), the inbox mark, and whether it is resumed. */
export interface Dispatch {
  sent: Sent;
  after: number;
  resumed?: ResumedWait;
  /** what an earlier run already received of this message (markReceived): not awaited again */
  received: ReadonlySet<string>;
}

const keyOf = (item: string, step: string) => `awaiting.${item}.${step}`;
const passedKey = (item: string, step: string) => `stepPassed.${item}.${step}`;

const say = (line: string) => process.stdout.write(`  ${line}\n`);

/** The earlier run's message this step waits on: only in a --resume of an item that ended pending (its record `resuming`). */
export function earlierAwaited(ledger: Ledger, cfg: Pick<SuiteConfig, 'resume'>, item: string, step: string): AwaitedMessage | undefined {
  if (!cfg.resume || !ledger.itemStatus(item)?.resuming) return undefined;
  return ledger.getData<AwaitedMessage>(keyOf(item, step)) ?? undefined;
}

/** The webhook came: the step no longer waits on its message (a later --resume sends anew if the item runs again). */
export function settleAwaited(ledger: Ledger, item: string, step: string): void {
  if (ledger.getData(keyOf(item, step)) !== undefined) ledger.setData(keyOf(item, step), undefined);
}

/** One of the step's webhooks came and was judged: a resume of the step does not wait for it again. */
export function markReceived(ledger: Ledger, item: string, step: string, part: string): void {
  const m = ledger.getData<AwaitedMessage>(keyOf(item, step));
  if (m) ledger.setData(keyOf(item, step), { ...m, received: [...(m.received ?? []), part] });
}

/** The step passed (its webhook came and was judged): a --resume of its item, pending on a later step, does not send it again. */
export function stepPassed(ledger: Ledger, item: string, step: string, messageId: string): void {
  ledger.setData(passedKey(item, step), { messageId, at: new Date().toISOString() });
}

/**
 * In a --resume of an item pending on a later step, a step that passed in an earlier run of this ledger is not run
 * again — its message would be sent again (billable): the test is skipped as `resumed` (it counts as passed).
 */
export function skipStepPassedEarlier(ledger: Ledger, cfg: Pick<SuiteConfig, 'resume'>, item: string, step: string): void {
  if (!cfg.resume || !ledger.itemStatus(item)?.resuming) return;
  const done = ledger.getData<{ messageId: string; at: string }>(passedKey(item, step));
  if (!done) return;
  const why = `passed in an earlier run of this ledger (${done.messageId}, ${done.at}): its message is not sent again`;
  test.info().annotations.push({ type: 'resumed', description: why });
  test.skip(true, `resumed: ${why}`);
}

/**
 * Send the step's message and record it as awaited — or, in a --resume of the item pending on it, take up the earlier
 * run's message instead (nothing is sent: resumeEarlier). `--resend` sends a new one, saying why.
 */
export async function sendOrResume(
  deps: { api: ApiClient; ledger: Ledger; config: SuiteConfig; inbox: InboxClient; evidence: Evidence },
  out: Outgoing,
): Promise<Dispatch> {
  const { api, ledger, config, inbox, evidence } = deps;
  const earlier = earlierAwaited(ledger, config, out.item, out.step);
  if (earlier && !config.resend) return resumeEarlier(api, evidence, earlier);
  if (earlier)
    say(
      `item ${out.item}: sending a new message — --resend asked; ${earlier.awaits} of the earlier run's ${earlier.messageId} (sent ${earlier.sentAt}) is no longer awaited`,
    );
  const after = await inbox.mark();
  const sent = await sendMessage(api, out.from, out.to, out.text, out.mediaUrl, ledger);
  const { mediaUrl: _media, ...rest } = out;
  ledger.setData(keyOf(out.item, out.step), { ...rest, messageId: sent.messageId, sentAt: new Date(sent.sentAtMs).toISOString() });
  return { sent, after, received: new Set() };
}

/** What the platform says of the earlier message: message/details' Status, or the HTTP status when it does not answer it. */
async function detailsStatus(api: ApiClient, messageId: string): Promise<{ status: string; final: boolean }> {
  const res = await api.call('GET /v1.0/message/details', { query: { MessageId: messageId } });
  if (res.status !== 200) return { status: `not read (HTTP ${res.status})`, final: false };
  const s = String((res.body as Record<string, unknown> | undefined)?.Status ?? 'absent').trim();
  return { status: `Status ${s}`, final: FINAL_STATUS.test(s) };
}

/**
 * Whether the platform holds the message as received by the receiving number: GET /v1.0/message/search on it (first
 * page, newest first), an inbound result from the sender with the text sent. The API has no operation that posts a
 * webhook again: what it received is shown, the post itself can only come from the platform's own retry.
 */
async function inboundRecord(api: ApiClient, m: AwaitedMessage): Promise<string> {
  const res = await api.call('GET /v1.0/message/search', { query: { PhoneNumber: m.to } });
  if (res.status !== 200) return `message/search on ${m.to} not read (HTTP ${res.status})`;
  const results = (res.body as { Results?: unknown } | undefined)?.Results;
  const hit = Array.isArray(results)
    ? (results as Array<Record<string, unknown>>).find((r) => /^inbound$/i.test(String(r.Direction ?? '')) && r.From === m.from && r.Body === m.text)
    : undefined;
  if (!hit) return `message/search on ${m.to}: no inbound message with the text sent on its first page`;
  return `message/search on ${m.to}: received as ${String(hit.MessageID ?? hit.MessageId ?? '?')} (Status ${String(hit.Status ?? 'absent')})`;
}

/** What the platform says of the earlier message: its details, and for an inbound wait whether the receiving number got it. */
async function platformView(api: ApiClient, m: AwaitedMessage): Promise<{ status: string; final: boolean }> {
  const details = await detailsStatus(api, m.messageId);
  if (m.kind !== 'inbound') return details;
  return { ...details, status: `${details.status}; ${await inboundRecord(api, m)}` };
}

/**
 * Take up the earlier run's message: say so, read its details, and wait on its webhook from the receiver's start
 * (`after` 0: a retry may have come before the item began). Nothing comes → pending in the resume's words (resumedReason).
 */
async function resumeEarlier(api: ApiClient, ev: Evidence, m: AwaitedMessage): Promise<Dispatch> {
  say(`item ${m.item}: resumed on the earlier run's message ${m.messageId} (${m.from} → ${m.to}, sent ${m.sentAt}) — no new message is sent`);
  const details = await platformView(api, m);
  say(`item ${m.item}: message/details of ${m.messageId}: ${details.status}; waiting for ${m.awaits} (a retry by the platform)`);
  ev.note(`resumed on ${m.messageId} (sent ${m.sentAt} by the earlier run): message/details ${details.status}`);
  if (m.late?.length) say(`item ${m.item}: ${m.late.length} webhook(s) for ${m.messageId} came after the earlier run stopped waiting: judged now`);
  const sent: Sent = { messageId: m.messageId, sentAtMs: Date.now(), text: m.text, response: {} };
  const resumed = { pendingReason: (late: string) => resumedReason(m, details, late), earlier: m.late };
  return { sent, after: 0, resumed, received: new Set(m.received ?? []) };
}

/** Why a resumed step stays pending: the earlier message's webhook did not come in this run either. */
export function resumedReason(m: AwaitedMessage, details: { status: string; final: boolean }, late: string): string {
  const settled = details.final
    ? ` — the platform has settled it, so ${m.awaits} was lost or is still being retried: check the platform's webhook delivery log`
    : '';
  return (
    `${m.awaits} of the earlier run's message ${m.messageId} (sent ${m.sentAt}) did not come in this run either; message/details: ${details.status}${settled}. ` +
    `Item ${m.item} certifies the webhook received (seed 001 item ${m.item}), so it stays pending; no second message was sent, and the API has no operation that asks for a webhook again (R-resume-awaited-message). ` +
    `npm run certify -- --resume waits again; --resume --resend sends a new (billable) message. (${late})`
  );
}
