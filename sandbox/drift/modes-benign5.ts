/**
 * Benign hunt 5: more forms the vendor's own documents and examples show (or the HTTP / JSON RFCs allow) for the same
 * answer. The certification must pass on each (`npm run matrix -- --no-faults --only <mode>`). Implemented in
 * sandbox/benign-forms5.ts (answer, wire and webhook forms).
 */
import type { BenignMode, DriftMode } from './types';

export const BENIGN5: BenignMode[] = [
  {
    name: 'provision-order-date-six-fraction',
    description: 'numbers/provision answers OrderDate with six fractional digits and a "+00:00" offset ("2026-11-30T17:23:23.123000+00:00").',
    basis: 'vendor OpenAPI POST /v1.0/numbers/provision 200 example + seed 003 §8.1 response (OrderDate "2025-10-29T12:36:19.338438+00:00"); R-datetime-offset',
  },
  {
    name: 'order-dates-seven-fraction-z',
    description: 'numbers/status OrderDate and numbers/availability RequestDate carry seven fractional digits and Z ("…T18:20:58.5133475Z").',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/status example (OrderDate "2025-05-15T18:20:58.5133475Z") and POST /v1.0/numbers/availability example (RequestDate "2025-05-14T18:37:18.2408767Z")',
  },
  {
    name: 'details-direction-lower',
    description: 'message/details answers Direction in lower case ("outbound", "inbound").',
    basis: 'vendor OpenAPI GET /v1.0/message/filter example (Direction "outbound"); ruling R-message-direction-case (any of the documented casings)',
  },
  {
    name: 'voice-route-list-example-shape',
    description:
      "GET /v1.0/account/voice/routes writes each route as the vendor's example does: AccountID only, the allow-list spelled IpWhitelist (not IpWhiteList), no VoiceUrl, RouteEnabled true.",
    basis:
      'vendor OpenAPI GET /v1.0/account/voice/routes 200 example (Results[]: AccountID, IpWhitelist, RouteEnabled, CallRouteStatus; no VoiceUrl) beside GET /v1.0/voice/routes (AccountId, IpWhiteList, VoiceUrl); rulings R-ip-whitelist-spelling, R-accountid-spelling, R-response-required',
  },
  {
    name: 'route-lists-accountid-only',
    description:
      "The account's route lists spell each route's account AccountID only (no AccountId); single-route answers (create, read, update) AccountId only (no AccountID).",
    basis:
      'vendor OpenAPI GET /v1.0/account/message/routes and /v1.0/account/voice/routes examples (Results[].AccountID) beside POST / GET /v1.0/message/routes and /v1.0/voice/routes (AccountId); ruling R-accountid-spelling (the documented spelling per operation)',
  },
  {
    name: 'product-list-distributor-null',
    description: "The product lists (GET /v1.0/account/products, /v1.0/distributor/products) answer each product's DistributorId null.",
    basis: 'vendor OpenAPI GET /v1.0/account/products and /v1.0/distributor/products examples (Results[].DistributorId null); R-nullable-from-examples',
  },
  {
    name: 'status-numbers-qrcode-url',
    description: 'numbers/status answers each number in Numbers[] with a QrCode URL (instead of null).',
    basis: 'vendor OpenAPI POST /v1.0/numbers/status 200 example (Numbers[].QrCode "https://qrcodeimage.com")',
  },
  {
    name: 'lists-newest-first',
    description: 'List reads (Results, PhoneNumbers, Messages … and lists answered as a bare array) name their entries newest first.',
    basis:
      "no document states the order of a list answer (vendor OpenAPI list operations: Results arrays, no sort parameter); RFC 8259 §5 (an array is an ordered sequence, its order is the server's)",
  },
  {
    name: 'response-keys-reversed',
    description: "Every JSON object in an answer writes its members in reverse order (the vendor examples' order turned around).",
    basis: 'RFC 8259 §4 (an object is an unordered collection of name/value pairs); no vendor document gives meaning to member order',
  },
  {
    name: 'json-pretty-printed',
    description: 'Answers and webhook posts are pretty-printed JSON: two-space indents, CRLF line ends, a final CRLF.',
    basis: 'RFC 8259 §2 (insignificant whitespace — space, tab, LF, CR — is allowed before or after any structural character)',
  },
  {
    name: 'json-ascii-escaped',
    description:
      'Answers and webhook posts write every character outside ASCII as a \\uXXXX escape (an inbound UCS-2 text arrives escaped, surrogate pairs for an emoji).',
    basis:
      'RFC 8259 §7 (any character may be escaped; outside the BMP as a UTF-16 surrogate pair) + seed 001 item 11 / R-sms-segment-count (the text must arrive unaltered: the same characters)',
  },
  {
    name: 'error-extra-fields',
    description: 'Every error body carries members beyond StatusCode and Message (ErrorCode, TraceId, Errors []).',
    basis:
      'ruling R-error-schema (StatusCode required, extra fields are warnings) + R-response-extra-fields; seed 003 §11 documents the codes, not the whole body',
  },
  {
    name: 'reads-unavailable-once',
    description: 'The first GET /v1.0/numbers/order is refused 503 with Retry-After: 1.',
    basis: 'seed 003 §11 (503 Service Unavailable: retry with exponential backoff, honour Retry-After)',
  },
  {
    name: 'reads-gateway-timeout-once',
    description: 'The first read of the account message route list (GET /v1.0/account/message/routes) is refused 504 Gateway Timeout, without Retry-After.',
    basis: 'seed 003 §11 (504: "An upstream service did not respond in time. Treat this the same as 408 — retry with backoff")',
  },
  {
    name: 'reads-request-timeout-once',
    description: 'The first read of the account voice route list (GET /v1.0/account/voice/routes) is refused 408 Request Timeout, without Retry-After.',
    basis: 'seed 003 §11 (408 Request Timeout: retry with exponential backoff, start 1 s)',
  },
  {
    name: 'gzip-unasked',
    description: 'Every JSON answer is gzip-coded (Content-Encoding: gzip), although the request sent no Accept-Encoding.',
    basis:
      'RFC 9110 §12.5.3 ("If no Accept-Encoding header field is in the request, any content coding is considered acceptable by the user agent") + §8.4.1.3 (gzip)',
  },
  {
    name: 'chunked-answers',
    description: 'JSON answers are sent with Transfer-Encoding: chunked (no Content-Length), in chunks of 64 bytes.',
    basis: 'RFC 9112 §7.1 (chunked transfer coding; a recipient must be able to parse it) + §6.3 (message body length)',
  },
  {
    name: 'connection-close',
    description: 'Every answer carries Connection: close and the platform closes the connection after it (no keep-alive).',
    basis: 'RFC 9112 §9.6 (a server may close after any response, signalled by Connection: close); no vendor document promises persistent connections',
  },
  {
    name: 'webhooks-posted-late',
    description: 'Delivery reports, inbound message posts and the other webhooks are posted 1.5 s after the event.',
    basis:
      'no document says how soon the platform posts a webhook (ruling R-webhook-late); seed 003 §4.1 (delivery receipts go to CallbackMessageUrl) gives no deadline',
  },
  {
    name: 'availability-other-areas-first',
    description: 'numbers/availability lists two other area codes (993, 787) before the one asked for.',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/availability 200 example (AreaCode "201" asked; AvailableNumberAreas 993 and 787); no document says the list holds the area asked for only, or first',
  },
  {
    name: 'numbers-iccid-upper-key',
    description: "GET /v1.0/numbers spells the number's SIM ICCID (the provision answer's spelling) instead of Iccid.",
    basis: 'vendor OpenAPI: numbers/provision and seed 003 §8.1 answer ICCID, GET /v1.0/numbers and numbers/update Iccid; ruling R-field-key-casing',
  },
  {
    name: 'inventory-tnid-upper-key',
    description: "numbers/inventory spells each number's ID TNID (GET /v1.0/numbers' spelling) instead of Tnid.",
    basis: 'vendor OpenAPI: GET /v1.0/numbers answers TNID, numbers/inventory Tnid; ruling R-field-key-casing',
  },
  {
    name: 'voice-route-ipwhitelist-request-spelling',
    description: 'Single voice route answers (create, read, update) spell the allow-list IpWhitelist (the request spelling) instead of IpWhiteList.',
    basis:
      'vendor OpenAPI GET /v1.0/account/voice/routes example (Results[].IpWhitelist) and the voice route requests (IpWhitelist); ruling R-ip-whitelist-spelling',
  },
  {
    name: 'provision-answer-guide-shape',
    description: "numbers/provision answers the guide's fields only: no QRCode, no ZipCode.",
    basis:
      'seed 003 §8.1 provision response (OrderDate, OrderId, OrderStatus, PhoneNumberAssigned, PhoneNumberId, ICCID, SubscriberId, ErrorMessage); ruling R-response-required',
  },
  {
    name: 'reads-rate-limited-retry-now',
    description: 'The first GET /v1.0/subscriptions is refused 429 with Retry-After: 0 (retry at once).',
    basis: 'seed 003 §11 (429: "The response may include a Retry-After header") + RFC 9110 §10.2.3 (delay-seconds, a non-negative integer: 0 allowed)',
  },
  {
    name: 'webhook-auth-scheme-lower',
    description: 'Webhook posts write the Authorization scheme in lower case ("basic …", "bearer …").',
    basis: 'RFC 9110 §11.1 (the authentication scheme is case-insensitive) + RFC 7617 / RFC 6750; seed 003 §4.1 (callback authentication Basic / Bearer)',
  },
  {
    name: 'dlr-before-answer',
    description: 'message/outbound hands the message over before answering: its delivery report is posted before the outbound answer leaves.',
    basis:
      'no document orders the delivery report after the outbound answer (seed 003 §4.1: receipts go to CallbackMessageUrl); a fast carrier may report first',
  },
  {
    name: 'token-expiry-utc',
    description: 'tokenExpiry keeps the documented format (MM/DD/YYYY hh:mm:ss AM/PM) but writes the wall clock in UTC, not Mountain time.',
    basis:
      'seed 003 §1 / vendor OpenAPI token example (tokenExpiry "05/02/2025 06:36:13 PM": no zone written); ruling R-token-expiry-tz (the zone is an assumption: an expiry read far ahead is a warning)',
  },
  {
    name: 'data-usage-decimal-units',
    description: 'numbers/data-usage/info writes Used and Remaining in decimal units (1 MB = 1,000,000 bytes) with one decimal ("1.6 MB").',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/data-usage/info example (Used "0 B", Remaining "20 MB": units, no base, no decimals documented); ruling R-data-usage-used-units (decimal or binary)',
  },
  {
    name: 'catalogue-answers-guide-shape',
    description: "products and packages create answers leave out AggregatorId, DistributorId and SubscriberId, as the guide's responses do.",
    basis:
      'seed 003 §6.1 product response and §6.2 package response (no AggregatorId / DistributorId / SubscriberId) beside the vendor OpenAPI examples that carry them; ruling R-response-required',
  },
  {
    name: 'subscriber-account-nested-only',
    description: 'Subscriber answers name the account only in the nested Account { AccountId, CompanyName } (no top-level AccountId).',
    basis: 'vendor OpenAPI POST /v1.0/subscribers/create example and seed 003 §3 response (Account { AccountId, CompanyName }, no AccountId beside it)',
  },
  {
    name: 'inbound-redelivered',
    description: 'Every inbound SMS / MMS post is posted twice (the same payload, the same Message_ID): at-least-once delivery.',
    basis: 'Phase 2 connectivity page (webhooks are retried: a partner may receive a post again) — the inbound counterpart of benign webhook-redelivered',
  },
  {
    name: 'reads-server-error-once',
    description: 'The first GET /v1.0/message/routes is refused 500 (an unexpected error); the next one answers.',
    basis:
      'seed 003 §11 retry strategy ("For transient errors (408, 429, 500, 503, 504), implement exponential backoff"); R-platform-unavailable (a 500 fails only once the retries are spent)',
  },
  {
    name: 'token-unavailable-once',
    description: 'The first token request is refused 503 with Retry-After: 1.',
    basis: 'seed 003 §11 (503 Service Unavailable: retry after a short delay; the table covers every code the platform returns, the token endpoint included)',
  },
  {
    name: 'route-details-documented-extras',
    description:
      "GET /v1.0/message/routes also answers the route's timeout setting (MessageUrlTimeout) and the numbers using it (PhoneNumbers); GET /v1.0/voice/routes the forwarding, IVR, workgroup and schedule fields (null when unset).",
    basis:
      'seed 004 "Message Route Details: Returns webhook URLs, HTTP methods, timeout settings, and associated phone numbers"; "Voice Route Details: Returns SIP trunk configuration, forwarding rules, IVR settings, workgroup assignments, and schedule information"; R-response-extra-fields',
  },
  {
    name: 'details-delivery-extras',
    description: 'message/details also answers DeliveredOn (the delivery time, null before), ErrorCode and ErrorMessage (null).',
    basis:
      'seed 004 "Message Details: … Includes delivery status, timestamps, content, sender/recipient information, and any error codes"; R-response-extra-fields',
  },
  {
    name: 'availability-number-list',
    description: 'numbers/availability also answers a page of matching numbers (AvailableNumbers [{ Number, NGP, AreaCode }]) beside the areas.',
    basis: 'seed 004 "Search Available Numbers: … Returns a paginated list of matching numbers"; R-response-extra-fields',
  },
  {
    name: 'cdr-rows-newest-first',
    description: 'Each CDR file lists its records newest first (reverse order of the calls and messages).',
    basis: 'Phase 2 (CDR delivery by webhook / e-mail, voice and SMS in separate files; the field layout — and any record order — is not public: R-cdr-layout)',
  },
  {
    name: 'date-header-asctime',
    description: 'Every answer writes its Date header in the obsolete asctime form ("Tue Dec  1 02:09:11 2026", UTC, no zone written).',
    basis:
      'RFC 9110 §5.6.7 ("A recipient that parses a timestamp value in an HTTP field MUST accept all three HTTP-date formats"; asctime-date is UTC); the Date header is what the suite reads the platform clock from (R-platform-clock-skew)',
  },
  {
    name: 'idle-connections-closed',
    description: 'The platform closes a keep-alive connection after 20 ms idle (the next request needs a new connection).',
    basis:
      'RFC 9112 §9.5 ("A client, server, or proxy MAY close the transport connection at any time") and §9.3.1 (a client must be ready to retry on a new connection); no vendor document promises persistent connections',
  },
  {
    name: 'mms-media-redirect',
    description: 'Inbound MMS posts name a media link of the platform that answers 302 Found to where its media store serves the image.',
    basis:
      'seed 001 item 12 (MMS_Media_URL populated: a URL, how it is served is not documented) + RFC 9110 §15.4.3 (302 Found: the target resides under another URI) ; ruling R-mms-media-url',
  },
  {
    name: 'early-hints',
    description: 'Every successful JSON answer is preceded by an informational 103 Early Hints response (a Link header).',
    basis:
      'RFC 9110 §15.2 ("A client MUST be able to parse one or more 1xx responses received prior to a final response, even if the client does not expect one") + RFC 8297 (103 Early Hints)',
  },
];

/** The defect beside a line this hunt draws (caught at its item). */
export const BENIGN5_DRIFTS: DriftMode[] = [
  {
    name: 'mms-media-redirect-dead',
    area: 'messaging',
    item: '12',
    description: 'Inbound MMS posts name a media link that redirects (302) to a copy in the media store that was never written (it answers 404).',
  },
];
