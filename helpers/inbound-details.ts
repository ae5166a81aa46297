/**
 * Item 11: a received message reads back through GET /v1.0/message/details by the Message_ID its inbound post named
 * (the vendor's one message id in three spellings, R-dlr-message-id), as the inbound message it is.
 */
import type { ApiClient } from './client';
import type { Finding } from '../protocol/contract';
import { normalizeE164 } from '../protocol/e164';
import { ok, type Json } from './steps';

const INBOUND_DETAILS_BASIS =
  'R-inbound-details: vendor OpenAPI GET /v1.0/message/details ("the full message record including sender, recipient, … direction (inbound/outbound)" for a MessageId) + Phase 2 inbound payload (Message_ID, From, To) + R-dlr-message-id (Message_ID is the message id)';

/** the numbers a details answer names as recipient: "To" as one number (the vendor example) or a list ({ Number } or strings) */
function recipients(to: unknown): string[] {
  const list = Array.isArray(to) ? to : [to];
  return list.map((x) => normalizeE164(typeof x === 'object' && x !== null ? (x as Json).Number : (x as string))).filter(Boolean);
}

/** The details of a received message against its inbound post: Direction inbound, From the sender, To the receiving number. */
export function inboundDetailsFindings(id: string, d: Json, post: { from: string; to: string }): Finding[] {
  const out: Finding[] = [];
  const base = { severity: 'error', op: 'GET /v1.0/message/details', basis: INBOUND_DETAILS_BASIS } as const;
  if (!/^inbound$/i.test(String(d.Direction ?? '')))
    out.push({
      ...base,
      check: 'message.inbound-details',
      pointer: '/Direction',
      expected: 'inbound (any case)',
      actual: String(d.Direction ?? 'absent'),
      message: `message/details reads the received message ${id} with Direction ${String(d.Direction ?? 'absent')}`,
    });
  if (normalizeE164(d.From as string) !== normalizeE164(post.from))
    out.push({
      ...base,
      check: 'message.inbound-details',
      pointer: '/From',
      expected: `${post.from} (the sender, as the inbound post said)`,
      actual: String(d.From ?? 'absent'),
      message: `message/details names ${String(d.From ?? 'no one')} as the sender of the received message ${id}; its inbound post said ${post.from}`,
    });
  if (!recipients(d.To).includes(normalizeE164(post.to)))
    out.push({
      ...base,
      check: 'message.inbound-details',
      pointer: '/To',
      expected: `${post.to} (the receiving number)`,
      actual: JSON.stringify(d.To ?? null),
      message: `message/details does not name the receiving number ${post.to} as the recipient of the received message ${id}`,
    });
  return out;
}

/** GET /v1.0/message/details of a received message (a 404 is read again within the read settle window: ok(), R-read-after-write). */
export async function readInboundDetails(api: ApiClient, id: string, post: { from: string; to: string }): Promise<Finding[]> {
  const d = await ok(api, 'GET /v1.0/message/details', { query: { MessageId: id } });
  return inboundDetailsFindings(id, d, post);
}
