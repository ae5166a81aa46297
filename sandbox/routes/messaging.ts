import { HandlerMap } from './types';
import { bad, gsm7Lossy, htmlEscaped, isE164, newId, notFound, pick, PREFIX, segmentParts, segments, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';
import { routeAuth } from '../webhooks';
import { validateWebhook } from '../contract';

const COST_PER_SEGMENT = 0.0045;

function createdOnShort(ms: number) {
  // vendor outbound example: "16:45:59 MST 2025-01-23" — the sandbox speaks UTC
  const d = new Date(ms).toISOString();
  return `${d.slice(11, 19)} UTC ${d.slice(0, 10)}`;
}

function createdOnMst(ms: number) {
  const d = new Date(ms - 7 * 3_600_000).toISOString();
  return `${d.slice(11, 19)} MST ${d.slice(0, 10)}`;
}

/** benign forms of a delivery report: message-status-lower-case, dlr-created-on-mst (the outbound answer's time form) */
function dlrForms(sb: Sandbox, dlr: Record<string, unknown>): void {
  if (sb.drift.isDrift('message-status-lower-case') && typeof dlr.Status === 'string') dlr.Status = dlr.Status.toLowerCase();
  // dlr-to-list: the recipient as message/outbound answers it ([{ Number }])
  if (sb.drift.isDrift('dlr-to-list') && typeof dlr.To === 'string') dlr.To = [{ Number: dlr.To }];
  // dlr-minimal: only the four fields R-webhook-dlr expects
  if (sb.drift.isDrift('dlr-minimal')) for (const k of Object.keys(dlr)) if (!['MessageId', 'MessageID', 'Status', 'To', 'From'].includes(k)) delete dlr[k];
  // dlr-message-id-underscore: the message named as the inbound webhook names it
  if (sb.drift.isDrift('dlr-message-id-underscore') && 'MessageId' in dlr) {
    dlr.Message_ID = dlr.MessageId;
    delete dlr.MessageId;
  }
  if (!sb.drift.isDrift('dlr-created-on-mst')) return;
  for (const k of ['CreatedOn', 'DeliveredOn']) if (typeof dlr[k] === 'string') dlr[k] = createdOnMst(Date.parse(dlr[k] as string));
}

function msgView(m: Rec) {
  return { ...m, MessageId: m._id, MessageID: m._id, CampaignID: m.CampaignId ?? null };
}

function ownerNumber(sb: Sandbox, dist: string, e164: string): Rec {
  const n = sb.store.numberByE164(e164);
  if (!n || n._dist !== dist || n.Status === 'Released') throw notFound(`Number ${e164} is not provisioned in your account`);
  return n;
}

function guardianBlocks(sb: Sandbox, recipient: Rec | undefined, from: string): boolean {
  if (!recipient?.AssignedSubscriberId) return false;
  const feat = sb.store.list('guardianFeatures', recipient._dist, (g) => g.SubscriberId === recipient.AssignedSubscriberId)[0];
  if (feat && feat.EnableIntelligentGuardianMessages === false) return false;
  return sb.store
    .list(
      'messageFilters',
      recipient._dist,
      (f) => f.SubscriberId === recipient.AssignedSubscriberId && f.ApplyToInbound !== false && (!f.Phone || f.Phone === recipient.Number),
    )
    .some((f) => (f.BlockedContacts ?? []).includes(from));
}

/** The outcome of one recipient: delivered, undelivered (number not active) or rejected (AI Guardian blocks the sender). */
function outcomeFor(sb: Sandbox, m: Rec, to: string): { rcpt: Rec | undefined; status: string; error: string | null } {
  const rcpt = sb.store.numberByE164(to);
  if (rcpt && rcpt.Status !== 'Active') return { rcpt, status: 'Undelivered', error: `RECIPIENT_${String(rcpt.Status).toUpperCase()}` };
  if (rcpt && guardianBlocks(sb, rcpt, m.From)) return { rcpt, status: 'Rejected', error: 'BLOCKED_BY_AI_GUARDIAN' };
  return { rcpt, status: 'Delivered', error: null };
}

/** benign message-id-msg: message IDs in the vendor's other documented form, MSG-… (GET /v1.0/message/filter example) */
const messagePrefix = (sb: Sandbox): string => (sb.drift.isDrift('message-id-msg') ? 'MSG-' : PREFIX.message);

/** The inbound leg at a sandbox-hosted number: the stored message, its usage, and the post to the receiving route. */
function deliverInbound(sb: Sandbox, m: Rec, to: string, rcpt: Rec, now: number): void {
  // drift inbound-to-sender-route: the route is looked up by the sender's number, not the receiving one
  const sender = sb.drift.isDrift('inbound-to-sender-route') ? sb.store.numberByE164(m.From) : undefined;
  const routeId = sender?.MessageRouteId ?? rcpt.MessageRouteId;
  const rroute = routeId ? sb.store.find('messageRoutes', routeId) : undefined;
  const inId = newId(messagePrefix(sb));
  sb.store.insert(
    'messages',
    inId,
    rcpt._dist,
    {
      MessageId: inId,
      Direction: 'Inbound',
      Type: rcpt.MessageType ?? 'p2p',
      CampaignId: null,
      Cost: 0,
      Status: 'Received',
      To: [{ Number: to }],
      From: m.From,
      Owner: to,
      Body: m.Body,
      MessageType: m.MessageType,
      MmsMedia: m.MmsMedia,
      MmsBase64: [],
      Segment: m.Segment,
      CreatedAt: now,
      RelatedMessageId: m._id,
    },
    rcpt._acct,
  );
  sb.usage.record({
    type: m.MessageType,
    direction: 'inbound',
    from: m.From,
    to,
    messageId: inId,
    startedAt: new Date(now).toISOString(),
    segments: m.Segment,
    accountId: rcpt._acct ?? '',
    numberId: rcpt._id,
  });
  if (rroute && !rroute._deleted && rroute.MessageRouteEnabled !== false && str(rroute.MessageUrl) && !rroute.InboundBypass)
    postInbound(sb, m, to, inId, rroute, now);
}

/** The inbound webhook at the receiving route's MessageUrl (with its configured auth). */
function postInbound(sb: Sandbox, m: Rec, to: string, inId: string, rroute: Rec, now: number): void {
  let payload: Record<string, unknown> = {
    Message_ID: inId,
    Owner: to,
    To: to,
    From: sb.drift.isDrift('inbound-from-not-e164') ? m.From.replace(/^\+1/, '') : m.From,
    Message_Body: m.Body,
    Segment: m.Segment,
  };
  // drift: the inbound post names the receiving number as the sender / the sender as the owner
  if (sb.drift.isDrift('inbound-from-mismatch')) payload.From = to;
  if (sb.drift.isDrift('inbound-owner-mismatch')) payload.Owner = m.From;
  // drift: an SMS is relayed with a media URL (the MMS path taken for a plain text)
  if (sb.drift.isDrift('inbound-sms-with-media') && m.MessageType !== 'mms') payload.MMS_Media_URL = `${sb.baseUrl}/_sandbox/media/none`;
  // benign inbound-mms-media-list: the media URL in a list even when there is one (the cardinality is not documented)
  const asList = m.mediaUrls.length !== 1 || sb.drift.isDrift('inbound-mms-media-list');
  if (m.MessageType === 'mms' && !sb.drift.isDrift('mms-without-media-url')) payload.MMS_Media_URL = asList ? m.mediaUrls : m.mediaUrls[0];
  // benign mms-media-rehosted: the media is copied to the platform's media store and the post names the copy
  // drift mms-media-url-dead: the post names a copy in the media store that was never written (the link answers 404)
  if (m.MessageType === 'mms' && typeof payload.MMS_Media_URL === 'string') {
    if (sb.drift.isDrift('mms-media-rehosted')) payload.MMS_Media_URL = rehostMedia(sb, true);
    // benign mms-media-redirect: the copy is named by a link that redirects (302) to where the media store serves it
    // drift mms-media-redirect-dead: the link redirects to a copy that was never written (it answers 404)
    if (sb.drift.isDrift('mms-media-redirect') || sb.drift.isDrift('mms-media-redirect-dead'))
      payload.MMS_Media_URL = rehostMedia(sb, !sb.drift.isDrift('mms-media-redirect-dead')).replace('/_sandbox/media/', '/_sandbox/media-link/');
    if (sb.drift.isDrift('mms-media-url-dead')) payload.MMS_Media_URL = rehostMedia(sb, false);
    // drift mms-media-rehosted-empty: the copy is created but its bytes never written (the link answers 200, empty)
    if (sb.drift.isDrift('mms-media-rehosted-empty')) payload.MMS_Media_URL = rehostMedia(sb, 'empty');
    // drift mms-media-rehosted-html: the copy is missing and the media store answers its "not found" page with 200
    if (sb.drift.isDrift('mms-media-rehosted-html')) payload.MMS_Media_URL = rehostMedia(sb, 'html');
  }
  if (sb.drift.isDrift('inbound-missing-segment')) delete payload.Segment;
  // drift: a GSM-7-only relay — every character outside the GSM 03.38 alphabet reaches the partner as "?"
  if (sb.drift.isDrift('inbound-unicode-mangled')) payload.Message_Body = gsm7Lossy(m.Body);
  // drift inbound-body-html-escaped: a web layer HTML-escapes the text it relays (& < > " ' as entities)
  if (sb.drift.isDrift('inbound-body-html-escaped')) payload.Message_Body = htmlEscaped(String(payload.Message_Body));
  // drift: the segment count is not carried over from the carrier: every post says 1
  if (sb.drift.isDrift('inbound-segment-always-one') && 'Segment' in payload) payload.Segment = 1;
  // benign inbound-segment-string: the count as a digit string (R-webhook-inbound-shape tolerates it with a warning)
  if (sb.drift.isDrift('inbound-segment-string') && typeof payload.Segment === 'number') payload.Segment = String(payload.Segment);
  // benign inbound-merged-shape: the Phase 2 fields plus the older page's Timestamp and Direction
  if (sb.drift.isDrift('inbound-merged-shape')) Object.assign(payload, { Timestamp: new Date(now).toISOString(), Direction: 'inbound' });
  // benign: the older documented shape, exactly the six fields that page lists (R-webhook-inbound-shape)
  if (sb.drift.isDrift('inbound-old-shape'))
    payload = { MessageId: inId, From: m.From, To: to, Text: m.Body, Timestamp: new Date(now).toISOString(), Direction: 'inbound' };
  const kind = m.MessageType === 'mms' ? 'inbound-mms' : 'inbound-sms';
  const findings = sb.drift.list().length ? [] : validateWebhook(kind, payload);
  if (findings.length) sb.log.warn('inbound payload does not match schemas/webhooks', { first: findings[0].message });
  // drift: a concatenated SMS is never reassembled — one post per segment, each with its own Message_ID and Segment 1
  if (sb.drift.isDrift('inbound-long-split') && kind === 'inbound-sms' && m.Segment > 1) {
    segmentParts(m.Body).forEach((part, i) => {
      const ref = i === 0 ? inId : newId(messagePrefix(sb));
      const body = { ...payload, Message_ID: ref, Message_Body: part, Segment: 1 };
      const auth = routeAuth(rroute.MessageAuthenticationType, rroute.MessageUsername, rroute.MessagePasswordToken);
      sb.webhooks.send({ kind, url: rroute.MessageUrl, method: rroute.MessageUrlMethod, auth, body, ref });
    });
    return;
  }
  const job = {
    kind,
    url: rroute.MessageUrl,
    method: rroute.MessageUrlMethod,
    auth: routeAuth(rroute.MessageAuthenticationType, rroute.MessageUsername, rroute.MessagePasswordToken),
    body: payload,
    ref: inId,
    // drift inbound-content-type-text: the JSON post is labelled text/plain (a partner's JSON body parser skips it)
    ...(sb.drift.isDrift('inbound-content-type-text') ? { contentType: 'text/plain; charset=utf-8' } : {}),
  } as const;
  sb.webhooks.send(job);
  // benign inbound-redelivered: at-least-once delivery — the same post (same Message_ID) again
  if (sb.drift.isDrift('inbound-redelivered')) sb.webhooks.send({ ...job, body: { ...payload } });
}

/** a 1×1 PNG: the copy of the relayed media the sandbox keeps when it re-hosts an MMS (benign mms-media-rehosted) */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const SOFT_404 = Buffer.from('<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>Media not found</h1></body></html>');

/**
 * A URL in the sandbox's media store: stored (a working copy), not (a dead link), 'empty' (a copy with no bytes) or
 * 'html' (the store's "not found" page, served 200).
 */
function rehostMedia(sb: Sandbox, store: boolean | 'empty' | 'html'): string {
  const mid = newId('MEDIA-');
  if (store === 'html') sb.media.set(mid, { type: 'text/html; charset=utf-8', data: SOFT_404 });
  else if (store) sb.media.set(mid, { type: 'image/png', data: store === 'empty' ? Buffer.alloc(0) : PIXEL_PNG });
  return `${sb.baseUrl}/_sandbox/media/${mid}`;
}

/**
 * The message id of a delivery report as the platform spells it: MessageId; "MessageID" (the message search's
 * spelling, R-dlr-message-id) in benign mode dlr-message-id-search-spelling; without its prefix in drift
 * dlr-id-unprefixed (the report cannot be tied to the message the API answered).
 */
function respellMessageId(sb: Sandbox, dlr: Record<string, unknown>): void {
  const id = String(dlr.MessageId);
  if (sb.drift.isDrift('dlr-id-unprefixed')) dlr.MessageId = id.replace(/^[A-Z]+-/, '');
  if (!sb.drift.isDrift('dlr-message-id-search-spelling')) return;
  const { MessageId, ...rest } = dlr;
  for (const k of Object.keys(dlr)) delete dlr[k];
  Object.assign(dlr, { MessageID: MessageId, ...rest });
}

/** The delivery report at the sender's route's CallbackMessageUrl. */
function postDlr(sb: Sandbox, m: Rec, to: string, route: Rec, status: string, error: string | null): void {
  const url = sb.drift.isDrift('dlr-wrong-url') ? route.MessageUrl : route.CallbackMessageUrl;
  if (str(url)) {
    const dlr: Record<string, unknown> = {
      MessageId: m._id,
      Status: status,
      To: to,
      From: m.From,
      Direction: 'Outbound',
      MessageType: m.MessageType,
      Type: m.Type,
      Cost: Math.round((m.Cost / m.To.length) * 10000) / 10000,
      CreatedOn: new Date(m.CreatedAt).toISOString(),
      DeliveredOn: new Date(sb.now()).toISOString(),
    };
    if (error) dlr.ErrorCode = error;
    // drift: the report names the wrong party / the wrong type, or reports a failure for a delivered message
    if (sb.drift.isDrift('dlr-to-mismatch')) dlr.To = m.From;
    if (sb.drift.isDrift('dlr-from-mismatch')) dlr.From = to;
    if (sb.drift.isDrift('dlr-type-mismatch') && m.MessageType === 'mms') dlr.MessageType = 'sms';
    // drift: only the hand-off to the carrier is reported (Status Sent): the final status never reaches the partner
    if (sb.drift.isDrift('dlr-status-sent-only') && status === 'Delivered') dlr.Status = 'Sent';
    if (sb.drift.isDrift('dlr-reports-failure')) Object.assign(dlr, { Status: 'Failed', ErrorCode: 'CARRIER_TIMEOUT' });
    // benign: the report carries fields the suite does not know (undocumented extras are warnings)
    if (sb.drift.isDrift('dlr-extra-fields')) Object.assign(dlr, { Carrier: 'T-Mobile', Segments: m.Segment, Mcc: '310', Mnc: '260' });
    respellMessageId(sb, dlr);
    dlrForms(sb, dlr);
    const findings = sb.drift.list().length ? [] : validateWebhook('dlr', dlr);
    if (findings.length) sb.log.warn('DLR payload does not match schemas/webhooks', { first: findings[0].message });
    // drift webhook-method-put: the report sender ignores CallbackMessageUrlMethod and PUTs every report
    const method = sb.drift.isDrift('webhook-method-put') ? 'PUT' : route.CallbackMessageUrlMethod;
    const auth = sb.drift.isDrift('dlr-without-auth')
      ? undefined
      : routeAuth(route.CallbackMessageAuthenticationType, route.CallbackMessageUsername, route.CallbackMessagePasswordToken);
    // benign dlr-intermediate-first: an intermediate report (Sent: handed to the carrier) precedes the final one
    if (sb.drift.isDrift('dlr-intermediate-first'))
      sb.webhooks.send({
        kind: 'dlr',
        url,
        method,
        auth,
        body: { ...dlr, Status: 'Sent', DeliveredOn: undefined },
        ref: m._id,
      });
    sb.webhooks.send({ kind: 'dlr', url, method, auth, body: dlr, ref: m._id });
    // benign: at-least-once delivery — the same report posted again
    if (sb.drift.isDrift('webhook-redelivered')) sb.webhooks.send({ kind: 'dlr', url, method, auth, body: { ...dlr }, ref: m._id });
  }
}

/**
 * Whether a number not Active sends anyway: drift parked-number-can-send (parked or cancelled), drift
 * cancelled-number-can-send (the bar is applied on park only: a cancelled number awaiting release still sends).
 */
function barLifted(sb: Sandbox, sender: Rec): boolean {
  if (sb.drift.isDrift('parked-number-can-send')) return true;
  return sender.Status === 'Cancelled' && sb.drift.isDrift('cancelled-number-can-send');
}

function deliver(sb: Sandbox, m: Rec, sender: Rec) {
  const route = sender.MessageRouteId ? sb.store.find('messageRoutes', sender.MessageRouteId) : undefined;
  const now = sb.now();
  for (const { Number: to } of m.To as Array<{ Number: string }>) {
    const { rcpt, status, error } = outcomeFor(sb, m, to);
    sb.usage.record({
      type: m.MessageType,
      direction: 'outbound',
      from: m.From,
      to,
      messageId: m._id,
      startedAt: new Date(now).toISOString(),
      segments: m.Segment,
      accountId: sender._acct ?? '',
      numberId: sender._id,
    });
    if (rcpt && status === 'Delivered' && !sb.drift.isDrift('inbound-never-sent')) deliverInbound(sb, m, to, rcpt, now);
    // drift dlr-to-recipient-route: the report is posted to the callback of the RECIPIENT's route (looked up by To)
    const rcptRoute = sb.drift.isDrift('dlr-to-recipient-route') && rcpt?.MessageRouteId ? sb.store.find('messageRoutes', rcpt.MessageRouteId) : undefined;
    const dlrRoute = rcptRoute ?? route;
    if (dlrRoute && !dlrRoute._deleted && !sb.drift.isDrift('dlr-never-sent')) postDlr(sb, m, to, dlrRoute, status, error);
    m.Status = status === 'Delivered' ? 'Delivered' : status;
    m.DeliveredAt = sb.now();
  }
}

/**
 * Drift message-details-unknown-queued: the message store answers a MessageId it does not hold (mistyped, another
 * distributor's) with a default row — 200, Status Queued — instead of 404: the partner polls it forever.
 */
function unknownAsQueued(sb: Sandbox, dist: string, id: string): unknown {
  if (!sb.drift.isDrift('message-details-unknown-queued')) return undefined;
  const m = sb.store.find('messages', id);
  if (m && m._dist === dist) return undefined;
  const createdOn = new Date(sb.now()).toISOString().slice(0, 23);
  return respond('GET /v1.0/message/details', {
    MessageId: id,
    Direction: 'OUTBOUND',
    Type: 'p2p',
    MessageType: 'sms',
    Status: 'Queued',
    Cost: 0,
    CreatedOn: createdOn,
  });
}

export const messagingHandlers: HandlerMap = {
  'POST /v1.0/message/outbound': ({ sb, dist, body }) => {
    const from = str(body.From);
    if (!from || !isE164(from)) throw bad('From must be an E.164 phone number');
    if (!Array.isArray(body.To) || body.To.length === 0) throw bad('To must be a non-empty array of { "Number": "+1…" }');
    const to = body.To.map((x: any, i: number) => {
      const n = typeof x === 'string' ? x : x?.Number;
      if (!isE164(n)) throw bad(`To[${i}].Number must be an E.164 phone number`);
      return { Number: n };
    });
    if (typeof body.Body !== 'string') throw bad('Body is required');
    if (body.Owner !== undefined && body.Owner !== null && body.Owner !== '' && !isE164(body.Owner)) throw bad('Owner must be an E.164 phone number');
    const sender = ownerNumber(sb, dist, from);
    if (sender.Status !== 'Active' && !barLifted(sb, sender)) throw bad(`Number ${from} is ${sender.Status} and cannot send messages`);
    // drift message-disabled-still-sends: the gateway keeps the capabilities of the provision (numbers/update never reaches it)
    if (sender.MessageEnabled === false && !sb.drift.isDrift('message-disabled-still-sends')) throw bad(`Messaging is not enabled on ${from}`);
    if (sender._msgBarred && sb.drift.isDrift('status-restore-still-barred')) throw bad(`Number ${from} is suspended and cannot send messages`);
    if (!sender.MessageRouteId) throw bad(`Number ${from} has no message route (MessageRouteId)`);
    const media = Array.isArray(body.MmsMedia) ? body.MmsMedia : [];
    const b64 = Array.isArray(body.MmsBase64) ? body.MmsBase64 : [];
    const urls: string[] = [];
    media.forEach((x: any, i: number) => {
      if (typeof x?.MediaUrl !== 'string' || !/^https?:\/\//i.test(x.MediaUrl)) throw bad(`MmsMedia[${i}].MediaUrl must be an http(s) URL`);
      urls.push(x.MediaUrl);
    });
    b64.forEach((x: any, i: number) => {
      if (typeof x?.Base64 !== 'string' || !/^[A-Za-z0-9+/=\s_-]*$/.test(x.Base64)) throw bad(`MmsBase64[${i}].Base64 must be base64`);
      const mid = newId('MEDIA-');
      sb.media.set(mid, { type: String(x.BaseType ?? 'application/octet-stream'), data: Buffer.from(x.Base64, 'base64') });
      urls.push(`${sb.baseUrl}/_sandbox/media/${mid}`);
    });
    const isMms = urls.length > 0;
    const segs = isMms ? 1 : segments(body.Body);
    const id = newId(sb.drift.isDrift('message-id-prefix') ? 'SMS-' : messagePrefix(sb));
    const now = sb.now();
    const m = sb.store.insert(
      'messages',
      id,
      dist,
      {
        MessageId: id,
        Direction: 'Outbound',
        Type: sender.MessageType ?? 'p2p',
        CampaignId: body.CampaignId ?? null,
        Cost: Math.round(COST_PER_SEGMENT * segs * to.length * 10000) / 10000,
        Status: 'Queued',
        To: to,
        From: from,
        Owner: body.Owner ?? from,
        Body: body.Body,
        MessageType: isMms ? 'mms' : 'sms',
        MmsMedia: media,
        MmsBase64: b64.map((x: any) => ({ Base64: '[stored]', BaseType: x.BaseType })),
        Segment: segs,
        CreatedAt: now,
        mediaUrls: urls,
      },
      sender._acct,
    );
    // benign: the vendor's own example stamps CreatedOn in Mountain time ("16:45:59 MST 2025-01-23")
    const out = respond('POST /v1.0/message/outbound', {
      ...msgView(m),
      CreatedOn: sb.drift.isDrift('mst-timestamps') ? createdOnMst(now) : createdOnShort(now),
      MmsBase64: b64,
    });
    // drift: the message is accepted and sent, but the answer says Failed
    if (sb.drift.isDrift('message-outbound-failed')) (out as any).Status = 'Failed';
    const handOff = () => {
      try {
        m.Status = 'Sent';
        deliver(sb, m, sender);
      } catch (e) {
        sb.log.warn('delivery failed', { message: String((e as Error).message) });
      }
    };
    // benign dlr-before-answer: delivered (and its report posted) before the answer leaves
    if (sb.drift.isDrift('dlr-before-answer')) handOff();
    else setTimeout(handOff, 5).unref?.();
    return out;
  },

  'GET /v1.0/message/details': ({ sb, dist, query }) => {
    const id = str(pick(query, 'MessageId'));
    if (!id) throw bad('MessageId is required');
    const placeholder = unknownAsQueued(sb, dist, id);
    if (placeholder) return placeholder;
    const m = sb.store.get('messages', id, dist, 'Message');
    // drift: received messages are kept in another store the details never look in
    if (sb.drift.isDrift('inbound-details-not-found') && m.Direction === 'Inbound') throw notFound(`Message ${id} not found`);
    const v: any = {
      ...msgView(m),
      Direction: String(m.Direction).toUpperCase(),
      To: m.To[0]?.Number ?? null,
      Region: 'United States',
      CreatedOn: new Date(m.CreatedAt).toISOString().slice(0, 23),
    };
    if (sb.drift.isDrift('optional-null')) Object.assign(v, { Region: null, CampaignId: null });
    // drift: Body read back cut at 20 characters (a preview column served as the body)
    if (sb.drift.isDrift('message-details-body-truncated') && typeof v.Body === 'string') v.Body = v.Body.slice(0, 20);
    // drift: the details say Undelivered for a message the carrier delivered (status from a stale first attempt)
    if (sb.drift.isDrift('details-status-contradicts') && v.Status === 'Delivered') v.Status = 'Undelivered';
    // drift: the carrier's final status never reaches the message store (reads Sent forever)
    if (sb.drift.isDrift('details-status-stale') && v.Status === 'Delivered') v.Status = 'Sent';
    // benign details-status-lag: the message store learns the final status a moment after the delivery report went out
    if (sb.drift.isDrift('details-status-lag') && v.Status === 'Delivered' && sb.now() - Number(m.DeliveredAt ?? 0) < 500) v.Status = 'Sent';
    // drift: the details view maps every message as sent by its owner: a received one reads From the receiving number
    if (sb.drift.isDrift('inbound-details-parties-swapped') && m.Direction === 'Inbound') Object.assign(v, { From: m.Owner, To: m.From });
    return respond('GET /v1.0/message/details', v);
  },

  'GET /v1.0/message/search': ({ sb, dist, query }) => {
    const phone = str(pick(query, 'PhoneNumber', 'phoneNumber'));
    if (!phone) throw bad('PhoneNumber is required');
    if (!isE164(phone)) throw bad('PhoneNumber must be an E.164 phone number');
    ownerNumber(sb, dist, phone);
    const page = Math.max(1, Number(pick(query, 'Page')) || 1);
    const per = Math.min(500, Math.max(1, Number(pick(query, 'Results')) || 50));
    const all = sb.store.list('messages', dist, (m) => m.From === phone || m.Owner === phone || m.To.some((t: any) => t.Number === phone)).reverse();
    return respond('GET /v1.0/message/search', {
      PhoneNumber: phone,
      ResultsTotalRecords: all.length,
      ResultsPages: Math.max(1, Math.ceil(all.length / per)),
      Results: all.slice((page - 1) * per, page * per).map((m) => ({ ...msgView(m), Cost: `$${Number(m.Cost).toFixed(4)}` })),
    });
  },

  'GET /v1.0/message/filter': ({ sb, dist, query }) => {
    const phone = str(pick(query, 'PhoneNumber'));
    if (phone && !isE164(phone)) throw bad('PhoneNumber must be an E.164 phone number');
    const page = Math.max(1, Number(pick(query, 'Page')) || 1);
    const per = Math.min(500, Math.max(1, Number(pick(query, 'Results')) || 50));
    const all = sb.store.list('messages', dist, (m) => !phone || m.From === phone || m.To.some((t: any) => t.Number === phone)).reverse();
    return respond('GET /v1.0/message/filter', {
      Messages: all.slice((page - 1) * per, page * per).map((m) => ({
        MessageId: m._id,
        From: m.From,
        To: m.To[0]?.Number,
        Body: m.Body,
        Direction: String(m.Direction).toLowerCase(),
        Status: String(m.Status).toLowerCase(),
        CreatedAt: new Date(m.CreatedAt).toISOString(),
      })),
      Page: page,
      Results: per,
      Total: all.length,
    });
  },

  'POST /v1.0/message/device-delivery': ({ sb, dist, body }) => {
    const m = sb.store.get('messages', str(body.MessageId), dist, 'Message');
    const delivered = m.Status === 'Delivered' || m.Status === 'Received';
    return respond('POST /v1.0/message/device-delivery', {
      MessageId: m._id,
      DeviceDeliveryStatus: delivered ? 'Delivered' : m.Status,
      DeliveredOn: m.DeliveredAt ? new Date(m.DeliveredAt).toISOString().replace('Z', '+00:00') : null,
      DeviceType: 'mobile',
    });
  },
};
