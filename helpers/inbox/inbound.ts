/**
 * The inbound-message post of items 11–12 in either shape the vendor documents (ruling R-webhook-inbound-shape):
 *   - the Phase 2 shape (Message_ID, Owner, To, From, Message_Body, Segment; an MMS adds MMS_Media_URL) is the
 *     reference, checked against schemas/webhooks/inbound-sms|inbound-mms.schema.json;
 *   - the older docs page's shape (MessageId, From, To, Text, Timestamp, Direction) is the SAME message: matched
 *     (Text ≙ Message_Body), de-duplicated (MessageId ≙ Message_ID) and checked against
 *     schemas/webhooks/inbound-older.schema.json, with a warning naming the ruling. It documents no media field: an
 *     MMS in it is checked on MMS_Media_URL when present, else the media check warns (it cannot be verified).
 * A post in neither shape is judged by the Phase 2 schema (it fails as before). A post that matches nothing is
 * described, redacted, in the wait's time-out message.
 */
import type { Finding } from '../../protocol/contract';
import { validateWebhook } from '../../protocol/contract';
import { redact } from '../../protocol/redact';
import type { InboxEvent } from './server';

export const INBOUND_SHAPE_RULING = 'R-webhook-inbound-shape';
const ITEM_12_BASIS = `${INBOUND_SHAPE_RULING} + seed 001 item 12 (MMS_Media_URL populated)`;

export type InboundShape = 'phase2' | 'older';

/** Item 11's second Message Route (number B's own) posts to the inbound URL with this suffix. */
export const PEER_ROUTE_SUFFIX = '-peer';

/** A post on one of the run's inbound MessageUrls: the route of item 4, or item 11's second route. */
export function isInboundPath(path: string, inboundPath: string): boolean {
  return path === inboundPath || path === `${inboundPath}${PEER_ROUTE_SUFFIX}`;
}
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const present = (v: unknown) => v !== undefined && v !== null;

/** 'older' when the post carries the older page's id / text fields and none of the Phase 2 ones; else 'phase2'. */
export function inboundShape(body: unknown): InboundShape {
  if (!isObj(body)) return 'phase2';
  const phase2 = has(body, 'Message_ID') || has(body, 'Message_Body');
  const older = has(body, 'MessageId') || has(body, 'Text');
  return older && !phase2 ? 'older' : 'phase2';
}

/** The post in Phase 2 field names (what the specs and the cross-channel observer read); a Phase 2 post as is. */
export function phase2View(body: unknown): Obj {
  if (!isObj(body)) return {};
  if (inboundShape(body) === 'phase2') return body;
  const { MessageId, Text, ...rest } = body;
  return { ...rest, Message_ID: MessageId, Message_Body: Text };
}

/** The message id of the post in either shape (de-duplication key). */
export function inboundId(body: unknown): string {
  const v = phase2View(body).Message_ID;
  return typeof v === 'string' ? v : '';
}

/** The post is the message `text` sent to `to` (in either shape). */
export function matchesInbound(body: unknown, text: string, to: string): boolean {
  const v = phase2View(body);
  return v.Message_Body === text && v.To === to;
}

/** Why one post that arrived on the MessageUrl is not the message awaited (redacted, short). */
function whyNot(body: unknown, text: string, to: string): string {
  if (!isObj(body)) return `not a JSON object (${typeof body})`;
  const v = phase2View(body);
  const why: string[] = [];
  if (!present(v.Message_Body)) why.push('no Message_Body (nor Text of the older shape)');
  else if (v.Message_Body !== text) why.push(`Message_Body/Text ${JSON.stringify(v.Message_Body)} is not the text sent`);
  if (v.To !== to) why.push(`To ${JSON.stringify(v.To ?? 'missing')} is not ${to}`);
  return `fields [${Object.keys(body).join(', ')}]: ${why.join('; ') || 'not matched'}`;
}

/** The time-out detail when posts arrived on the MessageUrl but none was the message awaited. */
export function describeUnmatched(events: InboxEvent[], text: string, to: string): string {
  const n = events.length;
  const each = events.slice(0, 3).map((e, i) => `post ${i + 1} ${whyNot(e.body, text, to)}`);
  const more = n > 3 ? `; … ${n - 3} more` : '';
  return String(redact(`${n} post${n === 1 ? '' : 's'} arrived on the MessageUrl but none matched: ${each.join('; ')}${more}`)).slice(0, 900);
}

/** Schema findings of the post: its own shape's schema, plus the warnings the older shape brings. */
export function inboundShapeFindings(kind: 'inbound-sms' | 'inbound-mms', body: unknown): Finding[] {
  if (inboundShape(body) === 'phase2') return validateWebhook(kind, body);
  const out = [...validateWebhook('inbound-older', body), olderShapeWarning(kind)];
  if (kind === 'inbound-mms' && !present((body as Obj).MMS_Media_URL)) out.push(olderMediaWarning());
  return out;
}

function olderShapeWarning(kind: string): Finding {
  return {
    check: 'webhook.inbound.shape',
    severity: 'warning',
    pointer: '',
    expected: `the Phase 2 ${kind} shape (Message_ID, Owner, To, From, Message_Body, Segment${kind === 'inbound-mms' ? ', MMS_Media_URL' : ''})`,
    actual: 'the older shape (MessageId, From, To, Text, Timestamp, Direction)',
    message:
      'the platform posted the older documented shape: accepted as the same message (MessageId = Message_ID, Text = Message_Body); Owner and Segment are not in it and were not checked',
    basis: INBOUND_SHAPE_RULING,
  };
}

function olderMediaWarning(): Finding {
  return {
    check: 'webhook.inbound.media',
    severity: 'warning',
    pointer: '/MMS_Media_URL',
    expected: 'MMS_Media_URL populated',
    actual: 'missing',
    message: 'the MMS came in the older documented shape, which names no media field: the media URL could not be verified',
    basis: ITEM_12_BASIS,
  };
}

/**
 * An older-shape MMS without MMS_Media_URL: the cross-channel "MMS sent, no media received" finding is the media
 * warning above (the shape has no documented media field), not a failure. Any other finding stands.
 */
export function withoutUnverifiableMedia(kind: 'inbound-sms' | 'inbound-mms', body: unknown, findings: Finding[]): Finding[] {
  const unverifiable = kind === 'inbound-mms' && inboundShape(body) === 'older' && isObj(body) && !present(body.MMS_Media_URL);
  return unverifiable ? findings.filter((f) => f.pointer !== '/MMS_Media_URL') : findings;
}

/** The media check of item 12 applies: the post carries a media field, or is in the shape that documents one. */
export function mediaVerifiable(body: unknown): boolean {
  return inboundShape(body) === 'phase2' || (isObj(body) && present(body.MMS_Media_URL));
}

/**
 * Check `webhook.content-type`: the inbound post is labelled JSON (application/json, or any `…json` media type, with
 * or without a charset) — item 11 is "received on partner webhook with correct JSON schema" (seed 001) and a JSON body
 * is declared by its media type (RFC 8259 §11): a partner's JSON body parser skips a post labelled otherwise, and the
 * message is lost there. The suite's own receiver parses the body either way, so only the label is judged here.
 */
export function inboundContentTypeFindings(kind: 'inbound-sms' | 'inbound-mms', contentType: string): Finding[] {
  if (/^[\w.+-]+\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType.trim())) return [];
  return [
    {
      check: 'webhook.content-type',
      severity: 'error',
      op: kind,
      pointer: 'Content-Type',
      expected: 'application/json (a JSON media type)',
      actual: contentType || '(none)',
      message: `the ${kind} post carries a JSON body labelled "${contentType || 'no Content-Type'}": a partner's JSON parser does not read it`,
      basis: 'seed 001 item 11 ("received on partner webhook with correct JSON schema") + RFC 8259 §11 (application/json)',
    },
  ];
}
