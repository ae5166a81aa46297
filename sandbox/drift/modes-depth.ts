/**
 * Detection depth: realistic defects found by a hunt for what the suite did not catch (each caught since by a check named in its item's spec).
 */
import type { DriftMode } from './types';

export const DEPTH_DRIFTS: DriftMode[] = [
  {
    name: 'portout-any-pin-accepted',
    area: 'porting',
    item: '8f',
    description: 'The gaining carrier completes the port-out with any PIN: the PIN issued through numbers/portout is never compared.',
  },
  {
    name: 'portout-pin-truncated',
    area: 'porting',
    item: '8f',
    description: 'numbers/portout stores only the first 4 digits of the PIN: the gaining carrier presenting the PIN issued gets "PIN mismatch".',
  },
  {
    name: 'portout-suspends-number',
    area: 'porting',
    item: '8f',
    description:
      'numbers/portout parks the number when the PIN is issued: service stops before the port-out completes and the gaining carrier cannot validate the line.',
  },
  {
    name: 'portin-cancel-still-ports',
    area: 'porting',
    item: '8d',
    description:
      'portin/cancel answers Cancelled and the order reads Cancelled, but the cancel never reached the losing carrier: the port completes on schedule and the number lands on the account (Active).',
  },
  {
    name: 'status-restore-still-barred',
    area: 'status',
    item: '8',
    description: 'After park → activate the number reads Active, but the messaging bar of the suspension is not lifted: outbound SMS still refused.',
  },
  {
    name: 'details-status-stale',
    area: 'messaging',
    item: '10',
    description: 'message/details never takes the final status from the carrier: a delivered message reads Status Sent forever.',
  },
  {
    name: 'cdr-answered-as-no-answer',
    area: 'cdr',
    item: '18',
    description: 'Voice CDRs of answered calls are delivered as NO_ANSWER with no answerTime and durationSeconds 0 (the call is never billed).',
  },
  {
    name: 'data-usage-undercounted',
    area: 'data',
    item: '17',
    description: 'Data sessions are counted in KiB as if bytes: a 2.5 MB session adds 2.4 KB to Used (caps and thresholds never reached).',
  },
  {
    name: 'inbound-invite-caller-is-callee',
    area: 'sip',
    item: '18',
    description: 'Inbound INVITEs to the partner SBC carry the called number as From (caller ID lost: CLI replaced by the DID).',
  },
  {
    name: 'provision-area-code-ignored',
    area: 'numbers',
    item: '7',
    description: 'numbers/provision ignores the AreaCode requested (the one availability offered) and assigns a number from another area code.',
  },
  {
    name: 'subscription-duplicate-accepted',
    area: 'subscriptions',
    item: '9',
    description: 'A second active Subscription for a number that already has one is accepted (the number is billed twice).',
  },
  {
    name: 'portin-classification-ignored',
    area: 'porting',
    item: '8e',
    description:
      'A completed port-in puts the number on the account with the other classification (iot instead of the mvno ordered in TargetPortinClassification).',
  },
  {
    name: 'token-wrong-secret-accepted',
    area: 'auth',
    item: '1',
    description:
      'POST /v1.0/oauth2/tokens issues a working token for the right AccountKey with any AccountSecret: the secret is never compared (anyone who knows the DID- key gets in).',
  },
  {
    name: 'forged-token-accepted',
    area: 'auth',
    item: '1',
    description: "Any Bearer token is served, one the platform never issued too: the gateway checks the Authorization header's form, not the token.",
  },
  {
    name: 'token-scope-prefix',
    area: 'auth',
    item: '7',
    description:
      'Token scope is compared as a path prefix: a token scoped to GET /v1.0/numbers (number details) is accepted on every /v1.0/numbers/… endpoint (order, inventory, provision…).',
  },
  {
    name: 'inbound-unicode-mangled',
    area: 'messaging',
    item: '11',
    description:
      'Inbound SMS is relayed through a GSM-7-only path: every character outside the GSM 03.38 alphabet (é is kept, — ✓ 😀 日本 are not) reaches the partner\'s MessageUrl as "?".',
  },
  {
    name: 'inbound-long-split',
    area: 'messaging',
    item: '11',
    description:
      "A concatenated (multi-segment) SMS is never reassembled: the partner's MessageUrl gets one post per segment, each with its own Message_ID, a piece of the text and Segment 1.",
  },
  {
    name: 'inbound-segment-always-one',
    area: 'messaging',
    item: '11',
    description: 'Inbound posts always say Segment 1: a 3-segment message is reported as one segment (the segment count is not carried over).',
  },
  {
    name: 'cdr-sms-segments-one',
    area: 'cdr',
    item: '18',
    description: 'SMS CDRs record every message as 1 segment: a concatenated SMS (3 segments, the inbound webhook said Segment 3) is billed as one.',
  },
  {
    name: 'sip-2xx-not-acked',
    area: 'sip',
    item: '16',
    description:
      "The Telegent SBC never ACKs the partner SBC's 200 OK on an inbound call (the ACK goes nowhere): the caller is connected, but the partner SBC retransmits its 200 and ends the call after 64·T1 = 32 s (RFC 3261 §13.3.1.4) — every inbound call drops.",
  },
  {
    name: 'inbound-to-sender-route',
    area: 'messaging',
    item: '11',
    description:
      "An inbound SMS is posted to the MessageUrl of the SENDER's Message Route instead of the receiving number's (the route looked up by From): numbers on different routes get each other's messages.",
  },
  {
    name: 'dlr-to-recipient-route',
    area: 'messaging',
    item: '11',
    description:
      "The delivery report of a message between two hosted numbers is posted to the CallbackMessageUrl of the RECIPIENT's Message Route, not the sender's (the route looked up by To): with both on one route it looks right.",
  },
  {
    name: 'package-item-add-not-kept',
    area: 'packages',
    item: '3',
    description:
      'POST /v1.0/packages/items/add answers with a PIID- PackageItemId echoing the request, but the item is never kept: GET /v1.0/packages/items does not list it (the add-on is never billed).',
  },
  {
    name: 'mms-media-url-dead',
    area: 'messaging',
    item: '12',
    description:
      "Inbound MMS posts name a re-hosted copy of the media that was never written: MMS_Media_URL is populated, but the link answers 404 (the partner's user gets no picture).",
  },
  {
    name: 'token-dies-early',
    area: 'auth',
    item: '1',
    description:
      'A token is refused (401) once a third of the life its tokenExpiry announces has passed: a partner caching it for the life of its expiry (seed 003 §1) gets 401s.',
  },
  {
    name: 'portin-update-not-applied',
    area: 'porting',
    item: '8c',
    description:
      'portin/update answers Updated and the order goes back to Pending Carrier Approval, but the corrected fields are never written to the order: the losing carrier rejects it again for the same reason (the port never completes).',
  },
  {
    name: 'sip-bye-not-forwarded',
    area: 'sip',
    item: '16',
    description:
      "When the caller hangs up an inbound call, the Telegent SBC answers the caller's BYE but never sends BYE to the partner SBC: the partner's leg stays up (a hung channel, billed until the partner's session timer ends it).",
  },
  {
    name: 'product-delete-in-package-accepted',
    area: 'products',
    item: '3',
    description:
      'products/delete deletes a Product an active Package still bundles (answered ProductStatus Deleted): the Package keeps billing an item whose Product no longer exists.',
  },
  {
    name: 'product-not-listed',
    area: 'products',
    item: '2',
    description:
      "The product lists (GET /v1.0/account/products, /v1.0/distributor/products) come from a catalog cache rebuilt nightly: a Product created today reads by its ID but is in no list (a partner's catalog UI never offers it).",
  },
  {
    name: 'outbound-answer-without-sdp',
    area: 'sip',
    item: '15',
    description: "Outbound calls to the PSTN are answered 200 OK with no SDP answer to the INVITE's offer: the call connects, is billed, and carries no audio.",
  },
  {
    name: 'sip-keepalive-wrong-transport',
    area: 'sip',
    item: '14',
    description:
      "The Telegent SBC sends its keepalive OPTIONS over TCP to a trunk the Voice Route names UDP (TrunkTransport1 ignored): a UDP-only partner SBC never sees a keepalive and the trunk reads down on Telegent's side.",
  },
  {
    name: 'eligibility-no-reason',
    area: 'porting',
    item: '8a',
    description:
      'portin/eligibility answers Eligible false with Message null: the partner cannot tell the subscriber why the number cannot be ported (the OpenAPI says the Message explains why).',
  },
  {
    name: 'subscription-read-inactive',
    area: 'subscriptions',
    item: '9',
    description:
      'POST /v1.0/subscriptions answers Active true, but the activation never reaches the record: GET /v1.0/subscriptions reads it Active false (no services granted, no recurring charge started).',
  },
  {
    name: 'subscriber-password-on-read',
    area: 'subscribers',
    item: '6',
    description:
      "GET /v1.0/subscribers/get answers the Password the subscriber was created with, in clear (the read model serialises the whole record): any holder of a token reads every subscriber's password.",
  },
  {
    name: 'number-update-clears-message-route',
    area: 'numbers',
    item: '13',
    family: 'readback',
    description:
      'numbers/update overwrites the whole number record: assigning the Voice Route (a request without MessageRouteId) leaves the number with no Message Route — its inbound SMS go nowhere from then on.',
  },
  {
    name: 'inbound-content-type-text',
    area: 'messaging',
    item: '11',
    description:
      "Inbound SMS/MMS posts carry their JSON body labelled Content-Type text/plain: a partner's JSON body parser (express.json(), [FromBody]…) reads nothing, and the message is lost at the partner.",
  },
];
