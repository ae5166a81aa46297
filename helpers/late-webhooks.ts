/**
 * Webhooks that came after their item stopped waiting (R-resume-awaited-message): an item ends pending when its
 * delivery report or inbound post has not come within CERT_WEBHOOK_TIMEOUT_MS (R-webhook-late), yet the post may come
 * while the run's later items still run. The receiver answered it 200 — the platform will not send it again — so before
 * the receiver closes, the posts for the messages pending items wait on are kept in the ledger with their awaited
 * message, and a --resume judges them. The Authorization header is not kept: only its SHA-256, compared on resume with
 * the header the route configured (derived again from the run, never stored).
 */
import * as crypto from 'node:crypto';
import { Ledger } from './ledger';
import type { InboxEvent } from './inbox/server';
import { dlrMessageIdOf } from './inbox/message-id';
import { matchesInbound } from './inbox/inbound';

/** A post kept for a --resume: as received, without its Authorization header (its digest instead). */
export type KeptWebhook = Omit<InboxEvent, 'seq'> & { authDigest?: string };

/** what a kept post is matched with: the awaited message as the ledger holds it (helpers/awaited-message.ts) */
interface AwaitedMessage {
  item: string;
  kind: 'dlr' | 'inbound';
  messageId: string;
  to: string;
  text: string;
  late?: KeptWebhook[];
}

const digest = (v: string) => crypto.createHash('sha256').update(v).digest('hex');

/** the posts for one awaited message: its delivery reports, and for an inbound wait the post of its text on its number */
function postsFor(m: AwaitedMessage, events: InboxEvent[]): InboxEvent[] {
  return events.filter(
    (e) =>
      (/\/status$/.test(e.path) && dlrMessageIdOf(e.body) === m.messageId) ||
      (m.kind === 'inbound' && /\/inbound/.test(e.path) && matchesInbound(e.body, m.text, m.to)),
  );
}

function kept(e: InboxEvent): KeptWebhook {
  const { seq: _seq, headers, ...rest } = e;
  const { authorization, ...others } = headers;
  return { ...rest, headers: others, ...(authorization ? { authDigest: digest(authorization) } : {}) };
}

/**
 * Before the receiver closes: the posts for the messages the run's pending items wait on are kept with them in the
 * ledger (`late`). Returns one line per message that got some (none when nothing came late).
 */
export function keepLateWebhooks(ledgerFile: string, events: InboxEvent[]): string[] {
  const ledger = new Ledger(ledgerFile);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(ledger.snapshot.data)) {
    const m = value as AwaitedMessage | undefined;
    if (!key.startsWith('awaiting.') || !m?.messageId || ledger.itemStatus(m.item)?.status !== 'pending') continue;
    const posts = postsFor(m, events);
    if (!posts.length) continue;
    ledger.setData(key, { ...m, late: [...(m.late ?? []), ...posts.map(kept)] });
    lines.push(`  item ${m.item}: ${posts.length} webhook(s) for ${m.messageId} came after the item stopped waiting — kept for npm run certify -- --resume`);
  }
  return lines;
}

/**
 * The kept posts that `match`, as the receiver had them: the Authorization header given back as `expectedAuth` when its
 * digest is that header's, else a stand-in that matches no configured auth (the check then fails, naming no secret).
 */
export function keptFor(earlier: KeptWebhook[] | undefined, match: (e: InboxEvent) => boolean, expectedAuth: string): InboxEvent[] {
  const out: InboxEvent[] = [];
  for (const k of earlier ?? []) {
    const { authDigest, ...e } = k;
    const authorization = !authDigest ? undefined : authDigest === digest(expectedAuth) ? expectedAuth : '[not the configured auth]';
    const ev: InboxEvent = { ...e, seq: 0, headers: { ...e.headers, ...(authorization ? { authorization } : {}) } };
    if (match(ev)) out.push(ev);
  }
  return out;
}
