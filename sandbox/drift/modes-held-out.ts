/**
 * Held-out defects: realistic platform defects a second hunt found the certification did not catch (each caught since
 * by a check named in its item's spec, or kept because it covers a distinct defect an existing check catches).
 */
import type { BenignMode, DriftMode } from './types';

export const HELD_OUT_DRIFTS: DriftMode[] = [
  {
    name: 'mms-media-rehosted-empty',
    area: 'messaging',
    item: '12',
    description:
      'The platform re-hosts the MMS media but never writes the bytes: the MMS_Media_URL of the inbound post answers 200 with an empty body (the partner shows a broken image).',
  },
  {
    name: 'reactivate-orphans-number',
    area: 'status',
    item: '8',
    family: 'readback',
    description:
      'numbers/reactivate brings the cancelled number back Active but without its subscriber (AssignedSubscriberId null): an orphan number, which seed 003 §2 says Telegent never has.',
  },
  {
    name: 'cdr-mms-dropped',
    area: 'cdr',
    item: '18',
    description: 'MMS records never reach the SMS CDR file (the mediation layer keeps SMS only): MMS traffic is not billed to the partner.',
  },
  {
    name: 'mms-media-rehosted-html',
    area: 'messaging',
    item: '12',
    description:
      'The re-hosted MMS media is missing and the media store answers its "not found" web page with 200 (a soft 404): MMS_Media_URL leads to an HTML page, not the image sent.',
  },
  {
    name: 'dlr-status-sent-only',
    area: 'messaging',
    item: '10',
    description:
      'The platform reports only the hand-off to the carrier: the delivery report says Status Sent and no report with the final status (Delivered) ever follows.',
  },
  {
    name: 'inventory-status-stale',
    area: 'status',
    item: '8',
    description:
      'GET /v1.0/numbers/inventory is served from a replica that never receives status changes: a parked or cancelled number stays listed Active (and the Filter by status misses it).',
  },
  {
    name: 'sip-cancel-not-forwarded',
    area: 'sip',
    item: '16',
    description:
      "The Telegent SBC answers the caller's CANCEL of an inbound call (200, 487) but never cancels the partner SBC's ringing leg: the partner's phone rings on for a caller who is gone.",
  },
  {
    name: 'inbound-details-not-found',
    area: 'messaging',
    item: '11',
    description:
      'Received messages are kept apart from the message store: GET /v1.0/message/details for the Message_ID of an inbound post answers 404 (the partner cannot look up a message it received).',
  },
  {
    name: 'inbound-details-parties-swapped',
    area: 'messaging',
    item: '11',
    description:
      "message/details maps every message as sent by its owner: a received message reads From the receiving number and To the sender (the partner's support tools show the conversation backwards).",
  },
  {
    name: 'cdr-end-at-session-timer',
    area: 'cdr',
    item: '18',
    description:
      'Mediation never sees the hang-up of a call: each answered leg is closed by the 30-minute session timer — its CDR endTime 30 minutes after the answer and durationSeconds 1800 (a one-second call billed half an hour).',
  },
  {
    name: 'token-one-per-account',
    area: 'auth',
    item: '1',
    description:
      'The gateway keeps one session per AccountKey: a new token (for any endpoint) revokes every earlier one — a partner holding a token per endpoint, as seed 003 §1 says, gets 401s (masked by a client that fetches a token again on 401).',
  },
];

export const HELD_OUT_BENIGN: BenignMode[] = [
  {
    name: 'dlr-intermediate-first',
    description: 'Each message gets an intermediate delivery report (Status Sent: handed to the carrier) before the report with its final status.',
    basis: 'seed 003 §4.1 (CallbackMessageUrl: "delivery receipts and status callbacks") + R-message-status (Queued, Sending, Sent are transit statuses)',
  },
  {
    name: 'inventory-drops-cancelled',
    description: 'GET /v1.0/numbers/inventory no longer lists a cancelled number (it is listed again once reactivated).',
    basis:
      'vendor OpenAPI GET /v1.0/numbers/inventory: "all phone numbers currently provisioned in your account" (a cancelled number awaiting release may fall outside it)',
  },
];
