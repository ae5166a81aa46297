/**
 * Benign hunt 4: more forms the vendor's own documents and examples show (or the HTTP / JSON RFCs allow) for the same
 * answer. The certification must pass on each (`npm run matrix -- --no-faults --only <mode>`). Implemented in
 * sandbox/benign-forms.ts (response, header and webhook forms) and where the behaviour lives.
 */
import type { BenignMode, DriftMode } from './types';

export const BENIGN4: BenignMode[] = [
  {
    name: 'order-dates-seven-fraction',
    description:
      'Order timestamps (OrderDate, UpdateOrderDate, RequestDate) carry seven fractional digits and a "+00:00" offset ("2026-11-30T17:23:23.1234567+00:00") instead of milliseconds and Z.',
    basis:
      'vendor OpenAPI 200 examples: numbers/portin and numbers/portout OrderDate "2025-05-14T18:00:00.0000000+00:00", numbers/update UpdateOrderDate "2025-05-14T22:21:08.2813656+00:00", numbers/availability RequestDate "2025-05-14T18:37:18.2408767Z"; R-datetime-offset',
  },
  {
    name: 'timestamps-no-offset',
    description:
      'Reads write their timestamps without a UTC offset, as the vendor examples do: GET /v1.0/numbers/order OrderDate with two fractional digits, numbers/status EffectiveDate "…T00:00:00", GET /v1.0/numbers NextSwapResetDate, message/details CreatedOn with three.',
    basis:
      'vendor OpenAPI examples: GET /v1.0/numbers/order OrderDate "2025-12-08T00:12:08.89", numbers/status EffectiveDate "2023-12-31T00:00:00", GET /v1.0/numbers NextSwapResetDate "2025-09-04T22:09:41.56", message/details CreatedOn "2025-05-15T20:15:37.157"; ruling R-datetime-offset (read as UTC)',
  },
  {
    name: 'numbers-message-type-upper',
    description: 'GET /v1.0/numbers answers MessageType in upper case ("P2P", "A2P") for a number provisioned p2p / a2p.',
    basis: 'vendor OpenAPI GET /v1.0/numbers example (MessageType "A2P"); ruling R-message-type-case',
  },
  {
    name: 'details-direction-upper',
    description: 'message/details answers Direction in upper case ("OUTBOUND", "INBOUND").',
    basis: 'vendor OpenAPI GET /v1.0/message/details example (Direction "OUTBOUND"); ruling R-message-direction-case',
  },
  {
    name: 'subscription-type-title',
    description:
      'Subscription answers (create, GET /v1.0/subscriptions, lists) spell Type in Title case ("Mvno", "Iot") for a subscription created "mvno" / "iot".',
    basis: 'seed 003 §7 field table (Type "`Voip`, `Mvno`, `Iot`"); ruling R-subscription-type-case',
  },
  {
    name: 'device-details-vendor-case',
    description:
      'numbers/device-details answers NumberType "IoT" / "Mobile" (not the provisioned "iot" / "mvno"), and data-usage/info answers each number\'s Status in upper case ("ACTIVE").',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/device-details example (NumberType "IoT") and POST /v1.0/numbers/data-usage/info example (PhoneNumbers[].Status "ACTIVE"); ruling R-number-type',
  },
  {
    name: 'response-extra-fields',
    description: 'Every JSON object answer carries two undocumented fields (CorrelationId, ServerTime).',
    basis:
      'ruling R-response-extra-fields (undocumented fields are warnings) + seed 003 §4.1 message route answer (InboundBypass, OutboundBypass: fields beyond the vendor example)',
  },
  {
    name: 'optional-fields-absent',
    description:
      'Answers leave out every optional field they have no value for (instead of answering it null): GET /v1.0/numbers Cnam, QrActivationLink, OriginalDatePurchased…, numbers/provision ErrorMessage, message/details Region, CampaignId….',
    basis: 'ruling R-response-required ("Must emit every hard-required field; may omit, or answer null for, any optional field it has no value for")',
  },
  {
    name: 'empty-arrays-absent',
    description: "Answers leave out optional lists that are empty (IpWhiteList [], a subscriber's PhoneNumbers [], Numbers [] …) instead of answering [].",
    basis: 'ruling R-response-required (every field not documented as returned is optional: it may be absent)',
  },
  {
    name: 'json-content-type-spellings',
    description:
      'JSON answers (success and error) are labelled in turn "application/json; charset=UTF-8", "application/json;charset=UTF-8" and "Application/JSON; charset=\\"utf-8\\"".',
    basis:
      'RFC 9110 §8.3.1 (type, subtype and parameter names are case-insensitive; whitespace around ";" optional; quoted parameter values) + RFC 8259 §11 (application/json, no charset parameter defined)',
  },
  {
    name: 'webhook-json-charset',
    description: 'Delivery reports and inbound message posts are labelled "application/json; charset=utf-8".',
    basis: 'Phase 2 connectivity page (JSON posts) + RFC 9110 §8.3.1 (media type parameters) + RFC 8259 §8.1 (JSON is UTF-8)',
  },
  {
    name: 'inbound-segment-string',
    description: 'Inbound SMS / MMS posts carry Segment as a digit string ("1").',
    basis:
      'ruling R-webhook-inbound-shape (Segment: "the same count as a digit string is tolerated with a warning"); the inbound payload\'s types are not published (reference README)',
  },
  {
    name: 'message-status-lower-case',
    description: 'Delivery reports and message/details spell the message Status in lower case ("delivered", "queued").',
    basis:
      'vendor OpenAPI GET /v1.0/message/filter example (Status "delivered") beside "Queued" / "Received"; ruling R-message-status (Title case or lower case)',
  },
  {
    name: 'token-answer-minimal',
    description: 'The token answer carries only token and tokenExpiry (no successful flag).',
    basis: "ruling R-response-required (token and tokenExpiry are the token answer's documented fields; successful is optional) + seed 003 §1",
  },
  {
    name: 'dlr-created-on-mst',
    description: 'Delivery reports stamp CreatedOn and DeliveredOn in the Mountain-time form of the outbound answer ("16:45:59 MST 2026-11-30").',
    basis:
      'vendor OpenAPI POST /v1.0/message/outbound example (CreatedOn "16:45:59 MST 2025-01-23"); ruling R-created-on-format; the DLR payload is not documented (R-webhook-dlr)',
  },
  {
    name: 'retry-after-http-date',
    description: 'The first call of each operation is refused 429 with Retry-After given as an HTTP date two seconds ahead (instead of delay-seconds).',
    basis:
      'seed 003 §11 (429: "The response may include a Retry-After header"; retry with backoff) + RFC 9110 §10.2.3 (Retry-After = HTTP-date / delay-seconds)',
  },
  {
    name: 'dlr-to-list',
    description: 'Delivery reports name the recipient as message/outbound answers it: To [{ "Number": "+1…" }] instead of a string.',
    basis:
      'vendor OpenAPI POST /v1.0/message/outbound 200 example (To [{ "Number": … }]) beside GET /v1.0/message/details (To a string); the DLR payload is not documented (R-webhook-dlr: modelled on a message answer)',
  },
  {
    name: 'dlr-minimal',
    description: 'Delivery reports carry only MessageId, Status, To and From.',
    basis: 'ruling R-webhook-dlr (MessageId, Status, To, From expected; every other field optional — the payload is not documented)',
  },
  {
    name: 'dlr-message-id-underscore',
    description: "Delivery reports name the message as Message_ID (the inbound webhook's spelling) instead of MessageId.",
    basis:
      'Phase 2 connectivity page inbound payload (Message_ID) beside message/outbound (MessageId); ruling R-dlr-message-id (MessageId, MessageID or Message_ID)',
  },
  {
    name: 'number-status-upper',
    description: 'GET /v1.0/numbers and numbers/inventory spell a number\'s Status in upper case ("ACTIVE", "PARKED", "CANCELLED").',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/data-usage/info example (a number\'s Status "ACTIVE") + ruling R-status-verbs (number Status words are not documented)',
  },
  {
    name: 'message-route-bypass-echo',
    description: 'Message route answers (create, reads, the account list) carry InboundBypass / OutboundBypass (false when not set).',
    basis: 'seed 003 §4.1 message route response (InboundBypass, OutboundBypass, IntelligentRouteEnabled echoed)',
  },
  {
    name: 'eligibility-national-number',
    description:
      'numbers/portin/eligibility reads a 10-digit US number ("3136398786") as its E.164 form (+13136398786) and answers for that number, instead of refusing it 400.',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/portin/eligibility PhoneNumber "(E.164 format)": what to send, no document says another form is refused; the call reads only (nothing is created); ruling R-e164-request-form',
  },
  {
    name: 'inbound-merged-shape',
    description: 'Inbound SMS / MMS posts carry the Phase 2 fields plus the older page\'s Timestamp and Direction ("inbound").',
    basis:
      'reference README: the Phase 2 connectivity page shape and the older docs page shape (Timestamp, Direction); ruling R-webhook-inbound-shape; R-response-extra-fields',
  },
  {
    name: 'subscription-tnid-spelling',
    description: "Subscription answers (create, GET /v1.0/subscriptions, the package and distributor lists) spell the number's ID Tnid instead of TNID.",
    basis:
      'vendor OpenAPI: the same number ID is spelled TNID (GET /v1.0/numbers, subscriptions) and Tnid (numbers/inventory PhoneNumbers[], numbers/update); key casing is a representation difference (protocol/contract/semantics/normalise.ts, R-ip-whitelist-spelling)',
  },
  {
    name: 'inbound-mms-media-list',
    description: 'Inbound MMS posts carry MMS_Media_URL as a list even for one media file (["https://…"]).',
    basis: 'ruling R-webhook-inbound-shape (MMS_Media_URL: a URL or a non-empty list of URLs — the cardinality is not documented)',
  },
  {
    name: 'address-null-string',
    description: 'Account answers (account/create, GET /v1.0/account) write address fields without a value as the string "NULL" (Country excepted).',
    basis: 'vendor OpenAPI GET /v1.0/account example (BillingAddress.Street2 "NULL"); ruling R-null-string-literal',
  },
  {
    name: 'update-tnid-null',
    description: 'numbers/update answers Tnid null (the number is updated all the same).',
    basis: 'vendor OpenAPI POST /v1.0/numbers/update 200 example (Tnid null); R-nullable-from-examples',
  },
  {
    name: 'status-order-pending',
    description:
      'numbers/status with today\'s EffectiveDate answers OrderStatus "Pending"; the order reads Pending and the number keeps its status for 300 ms more, then the change is made and the order reads Complete.',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/status (answers an order: OrderId, OrderStatus) + GET /v1.0/numbers/order ("Poll this endpoint … to confirm completion"); ruling R-order-completion (status orders)',
  },
  {
    name: 'list-after-write-lag',
    description:
      "List reads (the account's message and voice routes, the product lists, a package's items and subscriptions, the distributor's subscriptions) leave out an entry a POST created for 300 ms of wall time.",
    basis:
      'no read-after-write consistency is documented; ruling R-read-after-write (reads trail writes; "A list that must name what was just added … is read again within the same window: listed late passes with a warning")',
  },
  {
    name: 'portin-pending-spelling',
    description: 'A port-in order reads OrderStatus "Pending" (the word its submit answered) where it would read "Submitted".',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/portin ("returns an OrderId with an initial status of `Pending`"; 200 example Status "Pending") beside seed 003 §8.2 / seed 001 item 8e (Submitted first); ruling R-portin-status-spelling',
  },
  {
    name: 'reactivate-pending',
    description:
      'numbers/reactivate answers Status "Pending" (StatusMessage "Reactivation submitted"); the number reads Cancelled for 300 ms more, then Active.',
    basis:
      'vendor OpenAPI ReactivateNumber_Result (Status a nullable string, no example: the vocabulary is not documented) + the vendor\'s asynchronous number changes (provision / status / update answer orders that complete later: GET /v1.0/numbers/order "Poll this endpoint … to confirm completion"); rulings R-reactivate-echo, R-order-completion',
  },
  {
    name: 'update-read-lag',
    description:
      'numbers/update answers UpdateOrderStatus "Complete" with the change, but GET /v1.0/numbers and numbers/inventory read the number as before (VoiceRouteId, VoiceEnabled…) for 300 ms more.',
    basis:
      'seed 001 item 13 ("Allow up to 10 minutes for propagation") + reference README (voice-route changes propagate on a 10-minute automation cycle); no read-after-write consistency is documented (R-read-after-write)',
  },
  {
    name: 'usage-settings-lag',
    description:
      'numbers/data-usage answers Complete with the thresholds set, but numbers/data-usage/settings reads the previous ones for 300 ms more (a number without earlier thresholds is not listed yet).',
    basis: 'no read-after-write consistency is documented (R-read-after-write); the data thresholds are applied by the usage back-end (seed 003 §9)',
  },
  {
    name: 'details-status-lag',
    description: 'message/details reads a delivered message Sent for 500 ms after its delivery report (Delivered) was posted, then Delivered.',
    basis:
      'vendor OpenAPI GET /v1.0/message/details ("Includes delivery status") + seed 003 §4.1 (delivery receipts go to CallbackMessageUrl): nothing orders the store\'s update before the receipt; R-message-status (Sent in transit), R-read-after-write',
  },
  {
    name: 'token-rate-limited-once',
    description: 'The first token request is refused 429 with Retry-After: 1 (the token endpoint is rate-limited like every other).',
    basis:
      'seed 003 §11 (429 "Your account has exceeded the rate limit … The response may include a Retry-After header"; the table covers every code the platform returns, the token endpoint included; retry 429 with backoff)',
  },
];

/** The defects beside the lines the hunt's rulings draw (each caught at its item). */
export const BENIGN4_DRIFTS: DriftMode[] = [
  {
    name: 'eligibility-national-misread',
    area: 'porting',
    item: '8a',
    description:
      'numbers/portin/eligibility accepts a 10-digit US number but reads it as "+" and the digits (+3136398786: another country\'s number) and answers eligibility for that number.',
  },
];
