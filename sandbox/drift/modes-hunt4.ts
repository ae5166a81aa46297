/**
 * Fourth hunt: realistic platform defects the certification did not catch before this hunt (each now caught by a
 * check named in its item's spec or helper, or warned under a ruling where the vendor documents are silent).
 */
import type { DriftMode } from './types';

export const HUNT4_DRIFTS: DriftMode[] = [
  {
    name: 'cancelled-number-can-send',
    area: 'status',
    item: '8',
    spill: 'traffic',
    description:
      'The messaging bar is applied on park only: a cancelled (deactivated) number still sends SMS, billed to the partner, while it waits for release.',
  },
  {
    name: 'data-remaining-not-decremented',
    area: 'data',
    item: '17',
    description:
      "data-usage/info counts the session in Used but keeps Remaining at the whole LimitValue: the partner's dashboard (and the subscriber) never see the cap come closer.",
  },
  {
    name: 'webhook-method-put',
    area: 'messaging',
    item: '10',
    description:
      "The delivery-report sender ignores the Message Route's CallbackMessageUrlMethod and sends every report with PUT: a partner receiver that accepts the configured POST answers 405 and the reports are lost.",
  },
  {
    name: 'status-future-applied-now',
    area: 'status',
    item: '8',
    description:
      'numbers/status ignores EffectiveDate: a change dated days ahead (a deactivation scheduled for the end of the month) takes effect the moment it is requested — the subscriber loses the line early.',
  },
  {
    name: 'sip-callee-bye-not-forwarded',
    area: 'sip',
    item: '16',
    description:
      "The Telegent SBC answers the partner SBC's BYE on an inbound call (200) but never ends the caller's leg: the caller hears silence and the call is billed on until the caller hangs up (or a session timer fires).",
  },
  {
    name: 'subscriber-numbers-not-linked',
    area: 'subscribers',
    item: '7',
    description:
      "GET /v1.0/subscribers/get keeps the subscriber's PhoneNumbers as written at create ([]): the numbers provisioned to it (AssignedSubscriberId) never show, and the partner's portal shows a subscriber without lines.",
  },
  {
    name: 'data-usage-first-number-only',
    area: 'data',
    item: '17',
    description:
      'numbers/data-usage applies the thresholds to the first number of its PhoneNumbers batch only (the answer lists every number): the other lines of a family plan keep no limit.',
  },
  {
    name: 'message-details-unknown-queued',
    area: 'messaging',
    item: '10',
    description:
      "GET /v1.0/message/details answers a MessageId the platform does not hold (mistyped, or another distributor's) with a default row — 200, Status Queued — instead of 404: the partner polls a message that does not exist forever.",
  },
  {
    name: 'sip-whitelist-not-enforced',
    area: 'sip',
    item: '15',
    spill: 'traffic',
    description:
      "The Telegent SBC serves INVITEs from any source: a host on none of the account's Voice Routes (no trunk, not in IpWhitelist) places PSTN calls billed to the partner's numbers (toll fraud).",
  },
  {
    name: 'parked-number-data-session',
    area: 'status',
    item: '8',
    description:
      'A park (suspend) bars messaging but never reaches the data network: a suspended line keeps attaching and using data (a subscriber suspended for non-payment browses on).',
  },
  {
    name: 'device-details-first-device-kept',
    area: 'data',
    item: '17',
    description:
      "numbers/device-details keeps the first device ever attached to the number: after the subscriber moves the SIM to another phone, support still sees the old phone's IMEI and model.",
  },
  {
    name: 'cdr-unanswered-billed',
    area: 'cdr',
    item: '18',
    description:
      'Mediation takes the INVITE for the answer: a call leg never answered (refused, or cancelled while ringing) comes in the voice CDRs ANSWERED, answered at its start and billed its ringing time.',
  },
  {
    name: 'message-disabled-still-sends',
    area: 'messaging',
    item: '8',
    spill: 'traffic',
    description:
      'The messaging gateway keeps the capabilities a number was provisioned with: MessageEnabled switched off through numbers/update reads back false, yet the number still sends SMS (billed).',
  },
  {
    name: 'inbound-body-html-escaped',
    area: 'messaging',
    item: '11',
    description:
      'A web layer HTML-escapes the text it relays: an inbound SMS "Tom & Jerry <3" reaches the partner\'s MessageUrl as "Tom &amp; Jerry &lt;3" (the subscriber sees entities).',
  },
  {
    name: 'subscriber-name-html-escaped',
    area: 'subscribers',
    item: '6',
    description:
      'The profile store HTML-escapes the display name it keeps: a Subscriber created as "Jane O\'Brien & Co" is answered and read back as "Jane O&#39;Brien &amp; Co" (on every invoice and portal page).',
  },
  {
    name: 'provision-subscriber-echo-wrong',
    area: 'numbers',
    item: '7',
    description:
      'numbers/provision assigns the number to the AssignedSubscriberId sent but answers another SubscriberId: a partner that books the answer ties the line to the wrong person.',
  },
  {
    name: 'data-throttle-not-applied',
    area: 'data',
    item: '17',
    description:
      'The policy function never applies the throttle: past ThrottleValue the line keeps full speed and data-usage/info reads CurrentBehavior Active (the plan the partner sold is not enforced).',
  },
  {
    name: 'voice-route-update-not-routed',
    area: 'voice',
    item: '13',
    description:
      "The SBC's directory learns a number's Voice Route at provision only: a route assigned through numbers/update reads back, but calls to the number never reach the trunk (a number given voice later never rings).",
  },
];
