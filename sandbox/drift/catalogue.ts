/**
 * Drift modes: realistic platform defects the sandbox can simulate (all OFF by default).
 * Selected by name: startSandbox({ drift: [...] }) or SANDBOX_DRIFT=a,b.
 * `item` is the checklist item expected to catch it ('auth' = every item's negative checks, run first by item 1).
 * Every mode is declared here or in a data file beside this one (modes-*.ts), listed in allDriftModes().
 */
import type { BenignMode, DriftMode } from './types';
import { ADDON_DRIFTS } from './modes-addons';
import { SWEEP_DRIFTS } from './modes-sweep';
import { SIP_DRIFTS } from './modes-sip';
import { CDR_DRIFTS } from './modes-cdr';
import { DEPTH_DRIFTS } from './modes-depth';
import { HELD_OUT_BENIGN, HELD_OUT_DRIFTS } from './modes-held-out';
import { HUNT4_DRIFTS } from './modes-hunt4';
import { HUNT5_DRIFTS } from './modes-hunt5';
import { WIRE_BENIGN, WIRE_DRIFTS } from './modes-wire';
import { BENIGN4, BENIGN4_DRIFTS } from './modes-benign4';
import { BENIGN5, BENIGN5_DRIFTS } from './modes-benign5';

export type { BenignMode, DriftMode } from './types';

export const DRIFT_CATALOGUE: DriftMode[] = [
  // auth
  {
    name: 'token-scope-not-enforced',
    area: 'auth',
    item: '1',
    description: 'A token scoped (ApiEndpoint) to one endpoint is accepted by every other endpoint.',
  },
  { name: 'expired-token-accepted', area: 'auth', item: '1', description: 'Expired tokens keep working.' },
  { name: 'no-token-accepted', area: 'auth', item: '1', description: 'Requests without an Authorization header are served (auth not enforced).' },
  { name: 'token-expiry-iso', area: 'auth', item: '1', description: 'tokenExpiry returned as ISO 8601 instead of the documented MM/DD/YYYY hh:mm:ss AM/PM.' },
  { name: 'token-field-renamed', area: 'auth', item: '1', description: 'The token response carries access_token instead of token.' },
  {
    name: 'token-path-unserved',
    area: 'auth',
    item: '1',
    spill: 'everywhere',
    description: 'The token endpoint answers 404 at both documented spellings (/v1.0/oauth2/tokens and /v1.0/OAuth2/tokens): no token can be had.',
  },
  // account
  { name: 'account-id-prefix', area: 'account', item: '1', description: 'AccountId issued with an ACC- prefix instead of AID-.' },
  { name: 'account-name-not-echoed', area: 'account', item: '1', description: 'account/create answers with a truncated AccountName (first 8 characters).' },
  // products / packages
  { name: 'product-cost-string', area: 'products', item: '2', description: 'Product Cost returned as a currency string ("$12.34") instead of a number.' },
  {
    name: 'product-cost-rounded',
    area: 'products',
    item: '2',
    description: 'Product Cost is stored as an integer: 12.34 comes back as 12 (decimal → int mapping bug).',
  },
  { name: 'package-id-missing', area: 'packages', item: '3', description: 'POST /v1.0/packages omits PackageId from the response.' },
  // routes
  {
    name: 'message-route-auth-dropped',
    area: 'routes',
    item: '4',
    description: 'message/routes create answers without the callback authentication (CallbackMessageAuthenticationType null): the callback auth was not saved.',
  },
  {
    name: 'message-route-urls-swapped',
    area: 'routes',
    item: '4',
    description: 'GET /v1.0/message/routes returns MessageUrl and CallbackMessageUrl swapped (read-side mapping bug).',
  },
  {
    name: 'voice-route-field-renamed',
    area: 'routes',
    item: '5',
    description: 'Voice route responses spell Trunk1Priority instead of the documented (sic) Trunk1Priortiy.',
  },
  // subscribers
  { name: 'subscriber-email-not-unique', area: 'subscribers', item: '6', description: 'A second subscriber with an e-mail already in use is accepted.' },
  { name: 'subscriber-id-prefix', area: 'subscribers', item: '6', description: 'SubscriberId issued as SUBS-… instead of TSUID-….' },
  // numbers
  { name: 'number-not-e164', area: 'numbers', item: '7', description: 'PhoneNumberAssigned returned as national digits (2015550100) instead of E.164.' },
  { name: 'provision-without-route-accepted', area: 'numbers', item: '7', description: 'Provisioning without MessageRouteId succeeds.' },
  { name: 'other-account-id-visible', area: 'account', item: '1', description: 'Resources of another distributor are served instead of 404.' },
  { name: 'missing-required-accepted', area: 'http', item: '4', description: 'Request validation is off: missing required fields / wrong types answer 200.' },
  {
    name: 'number-message-route-dropped',
    area: 'numbers',
    item: '7',
    description: 'GET /v1.0/numbers reads a freshly provisioned number back without its MessageRouteId (assignment not persisted on the read side).',
  },
  // status
  { name: 'status-change-not-applied', area: 'status', item: '8', description: 'numbers/status answers Complete but the number keeps its previous Status.' },
  {
    name: 'parked-number-can-send',
    area: 'status',
    item: '8',
    spill: 'traffic',
    description: 'A parked (or cancelled) number can still send messages.',
  },
  { name: 'reactivate-not-restoring', area: 'status', item: '8', description: 'numbers/reactivate answers Success but the number stays Cancelled.' },
  {
    name: 'reactivate-wrong-number',
    area: 'status',
    item: '8',
    description: 'numbers/reactivate answers with another PhoneNumber than the number it reactivated.',
  },
  // porting
  { name: 'eligibility-always-true', area: 'porting', item: '8a', description: 'Eligibility answers Eligible:true for numbers that cannot be ported.' },
  { name: 'portin-stuck', area: 'porting', item: '8c', description: 'Port-in orders never leave Submitted.' },
  {
    name: 'portin-skips-scheduled',
    area: 'porting',
    item: '8e',
    description: 'Port-in orders jump from Pending Carrier Approval to Completed (Scheduled never observed).',
  },
  {
    name: 'portin-reject-not-resumed',
    area: 'porting',
    item: '8e',
    description: 'portin/update on a Rejected order answers Updated but the order stays Rejected.',
  },
  {
    name: 'portin-update-wrong-order',
    area: 'porting',
    item: '8c',
    description: 'numbers/portin/update updates the order but its answer names another OrderId.',
  },
  { name: 'portin-cancel-not-final', area: 'porting', item: '8d', description: 'A cancelled port-in accepts portin/update and resumes.' },
  {
    name: 'portin-cancel-repeat-resubmits',
    area: 'porting',
    item: '8d',
    description: 'portin/cancel on an order already cancelled answers 200 and puts the order back to Pending Carrier Approval (a repeat that un-cancels).',
  },
  { name: 'order-id-prefix', area: 'porting', item: '8b', description: 'Port-in OrderId issued as ORD-… instead of JNUOID-….' },
  { name: 'portout-pin-echoed', area: 'porting', item: '8f', description: 'The port-out response echoes the PIN (PortOutPIN) — a secret leak.' },
  { name: 'portout-no-order', area: 'porting', item: '8f', description: 'The port-out OrderId cannot be read back with GET /v1.0/numbers/order (404).' },
  // subscriptions
  { name: 'subscription-not-readable', area: 'subscriptions', item: '9', description: 'GET /v1.0/subscriptions answers 404 for a subscription just created.' },
  {
    name: 'subscription-tnid-dropped',
    area: 'subscriptions',
    item: '9',
    description: 'The subscription response carries TNID null instead of the number it was created for.',
  },
  // messaging
  { name: 'dlr-never-sent', area: 'messaging', item: '10', description: 'No delivery report is ever POSTed to CallbackMessageUrl.' },
  { name: 'dlr-without-auth', area: 'messaging', item: '10', description: "Delivery reports are POSTed without the route's configured Authorization." },
  { name: 'dlr-wrong-url', area: 'messaging', item: '10', description: 'Delivery reports are POSTed to MessageUrl instead of CallbackMessageUrl.' },
  {
    name: 'dlr-id-unprefixed',
    area: 'messaging',
    item: '10',
    description: 'Delivery reports name the message without its TMID- prefix ("00348008…"): the report cannot be tied to the MessageId the API answered.',
  },
  {
    name: 'message-id-prefix',
    area: 'messaging',
    item: '10',
    spill: 'everywhere', // every message gets the prefix: item 11's inbound SMS fails on it too (a pack with an item-11 mode split on it)
    description: 'The outbound MessageId is issued as SMS-… instead of TMID-….',
  },
  { name: 'inbound-missing-segment', area: 'messaging', item: '11', description: 'The inbound webhook payload has no Segment field.' },
  {
    name: 'inbound-never-sent',
    area: 'messaging',
    item: '11',
    description: "Messages to sandbox-hosted numbers never reach the receiving route's MessageUrl.",
  },
  { name: 'inbound-from-not-e164', area: 'messaging', item: '11', description: 'The inbound webhook From is national digits instead of E.164.' },
  { name: 'mms-without-media-url', area: 'messaging', item: '12', description: 'Inbound MMS webhook without MMS_Media_URL.' },
  // voice
  {
    name: 'voice-route-never-propagates',
    area: 'voice',
    item: '13',
    description: 'Number → voice route assignments never take effect for the SBC (propagation stuck).',
  },
  { name: 'number-voice-route-not-echoed', area: 'voice', item: '13', description: 'numbers/update answers with the previous VoiceRouteId.' },
  // data
  { name: 'data-usage-not-updated', area: 'data', item: '17', description: 'A data session does not update data-usage/info (Used stays 0 B).' },
  { name: 'wrong-apn-accepted', area: 'data', item: '17', description: 'A device attaching on the wrong APN for the number type gets a session.' },
  { name: 'device-details-empty', area: 'data', item: '17', description: 'device-details never reports the attached device (IMEI empty).' },
  // http-level
  { name: 'create-returns-201', area: 'http', item: '1', description: 'Create operations answer 201 instead of the documented 200.' },
  { name: 'error-as-200', area: 'http', item: '1', description: 'Not-found errors answer HTTP 200 with an error body { StatusCode: 404, … }.' },
  { name: 'wrong-content-type', area: 'http', item: '1', description: 'JSON responses are sent as text/plain.' },
  { name: 'error-body-shape', area: 'http', item: '1', description: 'Error bodies use { "error": "…" } instead of { StatusCode, Message }.' },
];

/**
 * Issue 12: responses that are well-formed but SAY THE WRONG THING — caught by the semantic families, not the schema.
 * Each is implemented where the behaviour lives (sandbox/routes/*, sandbox/cdr) and is invisible to the specs.
 */
const R = 'readback' as const;
const S = 'status' as const;
const L = 'lifecycle' as const;
const X = 'crosschannel' as const;
export const SEMANTIC_DRIFTS: DriftMode[] = [
  // read-back equality
  {
    name: 'account-billing-city-readback',
    area: 'account',
    item: '1',
    family: R,
    description: 'GET /v1.0/account serves a stale BillingAddress.City (not the one account/create wrote).',
  },
  {
    name: 'product-list-billing-frequency-wrong',
    area: 'products',
    item: '2',
    family: R,
    description: 'The product lists show a product created MRC as NRC (and NRC as MRC).',
  },
  { name: 'product-description-readback', area: 'products', item: '2', family: R, description: 'GET /v1.0/products serves Description cut to 12 characters.' },
  {
    name: 'package-monthly-readback',
    area: 'packages',
    item: '3',
    family: R,
    description: 'GET /v1.0/packages reads Monthly inverted (bit-field mapping bug).',
  },
  {
    name: 'package-item-price-truncated',
    area: 'packages',
    item: '3',
    family: R,
    description: 'packages/items/add stores Price as whole units: "1.12" answers 1.',
  },
  {
    name: 'message-route-method-readback',
    area: 'routes',
    item: '4',
    family: R,
    description: 'GET /v1.0/message/routes reads CallbackMessageUrlMethod as GET (column default) instead of the POST saved.',
  },
  {
    name: 'message-route-list-stale',
    area: 'routes',
    item: '4',
    family: R,
    description: 'GET /v1.0/account/message/routes lists the route with its CallbackMessageUrl lost (null: a stale cache).',
  },
  {
    name: 'voice-route-port-readback',
    area: 'routes',
    item: '5',
    family: R,
    description: 'GET /v1.0/voice/routes reads TrunkPort1 as 5060 instead of the port written.',
  },
  {
    name: 'voice-route-whitelist-readback',
    area: 'routes',
    item: '5',
    family: R,
    description: "GET /v1.0/account/voice/routes lists the route with its IP allow-list empty (where the vendor's example shows the addresses).",
  },
  {
    name: 'subscriber-account-link-wrong',
    area: 'subscribers',
    item: '6',
    family: R,
    description: "subscribers/get links the subscriber to the distributor's default Account instead of the one it was created in.",
  },
  { name: 'subscriber-name-readback', area: 'subscribers', item: '6', family: R, description: 'subscribers/get reads Name back as its first word only.' },
  {
    name: 'provision-iccid-echo-wrong',
    area: 'numbers',
    item: '7',
    description: 'numbers/provision pairs the SIM sent but its answer names another ICCID (the last digit changed).',
  },
  { name: 'number-iccid-readback', area: 'numbers', item: '7', family: R, description: 'GET /v1.0/numbers serves the ICCID without its last (check) digit.' },
  {
    name: 'inventory-voice-route-stale',
    area: 'numbers',
    item: '7',
    family: R,
    description: 'numbers/inventory entries carry VoiceRouteId null although the number was provisioned on a voice route.',
  },
  {
    name: 'status-effective-date-shifted',
    area: 'status',
    item: '8',
    family: R,
    description: 'numbers/status echoes EffectiveDate one day late (time-zone shift on a date-only value).',
  },
  { name: 'portin-number-echo-wrong', area: 'porting', item: '8b', family: R, description: 'numbers/portin answers PhoneNumber with its last digit changed.' },
  {
    name: 'package-subscriptions-stale',
    area: 'subscriptions',
    item: '9',
    family: R,
    description: 'packages/subscriptions lists the subscription with ICCID null (stale index).',
  },
  {
    name: 'message-details-body-truncated',
    area: 'messaging',
    item: '10',
    family: R,
    description: 'message/details serves Body cut at 20 characters (a preview column).',
  },
  {
    name: 'number-voice-route-readback',
    area: 'voice',
    item: '13',
    family: R,
    description: 'After numbers/update, GET /v1.0/numbers still serves the previous VoiceRouteId (stale replica).',
  },
  { name: 'data-usage-thresholds-swapped', area: 'data', item: '17', family: R, description: 'data-usage/settings reads NotifyValue and LimitValue swapped.' },
  // status semantics
  {
    name: 'provision-error-under-200',
    area: 'numbers',
    item: '7',
    family: S,
    description: 'numbers/provision answers 200 with an ErrorMessage (reservation time-out) while reporting the order Complete.',
  },
  { name: 'provision-order-failed-read', area: 'numbers', item: '7', family: S, description: 'GET /v1.0/numbers/order reads a provisioning order as Failed.' },
  {
    name: 'status-change-type-wrong',
    area: 'status',
    item: '8',
    family: R,
    description: 'numbers/status makes the change asked for but names another in ChangeType (park and activate answered "cancel", cancel answered "park").',
  },
  {
    name: 'status-change-reports-failed',
    area: 'status',
    item: '8',
    family: S,
    description: 'numbers/status applies the change but answers OrderStatus Failed.',
  },
  {
    name: 'reactivate-reports-failure',
    area: 'status',
    item: '8',
    family: S,
    description: 'numbers/reactivate restores the number but answers Status Failed.',
  },
  {
    name: 'portin-update-reports-failure',
    area: 'porting',
    item: '8c',
    family: S,
    description: 'portin/update applies the correction but answers Status Failed.',
  },
  { name: 'portout-reports-failure', area: 'porting', item: '8f', family: S, description: 'numbers/portout creates the order but answers Status Failed.' },
  {
    name: 'subscription-create-unsuccessful',
    area: 'subscriptions',
    item: '9',
    family: S,
    description: 'POST /v1.0/subscriptions answers 200 with Successful:false.',
  },
  {
    name: 'message-outbound-failed',
    area: 'messaging',
    item: '10',
    family: S,
    spill: 'everywhere', // every send answers Failed: item 11's SMS meets it first (a pack with an item-11 mode split on it)
    description: 'message/outbound sends the message but answers Status Failed.',
  },
  {
    name: 'dlr-reports-failure',
    area: 'messaging',
    item: '10',
    family: S,
    description: 'The delivery report says Failed (CARRIER_TIMEOUT) for a message that was delivered.',
  },
  {
    name: 'number-update-order-failed',
    area: 'voice',
    item: '13',
    family: S,
    spill: 'everywhere', // every numbers/update answers Failed: item 11 moves B to a route of its own with one too
    description: 'numbers/update applies the change but answers UpdateOrderStatus Failed.',
  },
  { name: 'data-usage-set-failed', area: 'data', item: '17', family: S, description: 'numbers/data-usage saves the thresholds but answers Status Failed.' },
  { name: 'data-usage-info-error', area: 'data', item: '17', family: S, description: 'data-usage/info answers every number with Status ERROR.' },
  { name: 'device-details-error', area: 'data', item: '17', family: S, description: 'device-details finds the device but answers Status Error.' },
  // lifecycle order
  { name: 'provision-order-regresses', area: 'numbers', item: '7', family: L, description: 'A provisioning order answered Complete reads back Pending.' },
  {
    name: 'number-parks-itself',
    area: 'numbers',
    item: '7',
    family: L,
    spill: 'everywhere',
    description: 'GET /v1.0/numbers reports an Active number as Parked although nobody parked it (the inventory says Active).',
  },
  { name: 'status-restore-cancels', area: 'status', item: '8', family: L, description: 'StatusChange "activate" on a parked number cancels it.' },
  {
    name: 'status-cancel-suspends',
    area: 'status',
    item: '8',
    family: L,
    description: 'StatusChange "cancel" leaves the number Suspended instead of Cancelled.',
  },
  { name: 'number-reactivate-parks', area: 'status', item: '8', family: L, description: 'numbers/reactivate restores the number Parked instead of Active.' },
  {
    name: 'portin-completed-at-submit',
    area: 'porting',
    item: '8b',
    family: L,
    description: 'numbers/portin answers Status Completed at submission (before any carrier decision).',
  },
  {
    name: 'portin-scheduled-at-submit',
    area: 'porting',
    item: '8b',
    family: L,
    description: 'numbers/portin answers Status Scheduled at submission (before carrier approval).',
  },
  {
    name: 'portin-cancelled-at-submit',
    area: 'porting',
    item: '8b',
    family: L,
    description: 'numbers/portin answers Status Cancelled at submission (a duplicate guard cancels the new order under 200).',
  },
  {
    name: 'portin-cancel-reverts',
    area: 'porting',
    item: '8d',
    family: L,
    description: 'A cancelled port-in reads back once as Pending Carrier Approval (the cancel reached the carrier late).',
  },
  {
    name: 'portin-regresses-after-schedule',
    area: 'porting',
    item: '8e',
    family: L,
    description: 'Once Scheduled has been read, the next read shows the order back in Pending Carrier Approval.',
  },
  {
    name: 'number-status-unprompted',
    area: 'voice',
    item: '13',
    family: L,
    description: 'A number updated through numbers/update reads back Parked (nobody asked for a status change).',
  },
  // cross-channel consistency
  { name: 'dlr-to-mismatch', area: 'messaging', item: '10', family: X, description: 'The delivery report names the sender as To.' },
  { name: 'dlr-from-mismatch', area: 'messaging', item: '10', family: X, description: 'The delivery report names the recipient as From.' },
  {
    name: 'details-status-contradicts',
    area: 'messaging',
    item: '10',
    family: X,
    description: 'message/details says Undelivered for a message whose delivery report said Delivered.',
  },
  {
    name: 'inbound-from-mismatch',
    area: 'messaging',
    item: '11',
    family: X,
    description: "The inbound post at B names B itself as From instead of A (the message's sender).",
  },
  {
    name: 'inbound-owner-mismatch',
    area: 'messaging',
    item: '11',
    family: X,
    description: 'The inbound post names the sender as Owner instead of the receiving number.',
  },
  {
    name: 'inbound-sms-with-media',
    area: 'messaging',
    item: '11',
    family: X,
    description: 'A plain SMS arrives at B with an MMS_Media_URL (relayed through the MMS path).',
  },
  { name: 'dlr-type-mismatch', area: 'messaging', item: '12', family: X, description: 'The delivery report of an MMS says MessageType sms.' },
  {
    name: 'portin-completed-number-missing',
    area: 'porting',
    item: '8e',
    family: X,
    description: 'A port-in reads Completed but the number never appears on the account (GET /v1.0/numbers 404).',
  },
  {
    name: 'portin-completed-number-inactive',
    area: 'porting',
    item: '8e',
    family: X,
    description: 'A port-in reads Completed but the number reads Status Pending.',
  },
  {
    name: 'portin-completed-not-listed',
    area: 'porting',
    item: '8e',
    family: X,
    description: 'A port-in reads Completed but numbers/inventory does not list the number.',
  },
  { name: 'cdr-voice-numbers-swapped', area: 'cdr', item: '18', family: X, description: 'Voice CDRs carry from and to swapped relative to the SIP dialog.' },
  { name: 'cdr-voice-direction-swapped', area: 'cdr', item: '18', family: X, description: 'Voice CDRs carry the opposite direction to the SIP dialog.' },
  { name: 'cdr-sms-to-wrong', area: 'cdr', item: '18', family: X, description: 'Outbound SMS CDRs name the sender as the recipient.' },
];

/**
 * Benign modes (SANDBOX_BENIGN=a,b): the platform answering in another way the vendor documents or shows in its own
 * examples. The certification must still PASS with each (0 false failures) — `npm run matrix` runs them like faults.
 */
export const BENIGN_CATALOGUE: BenignMode[] = [
  {
    name: 'optional-null',
    description:
      'Documented-optional fields the suite never wrote answered null (GET /v1.0/numbers Cnam, QrActivationLink, SwapsRemaining…; message/details Region, CampaignId).',
    basis: 'vendor OpenAPI: the fields are optional / nullable',
  },
  {
    name: 'scope-mismatch-401',
    description: 'A token scoped to another endpoint is refused 401 (the appendix) instead of 403 (the error table).',
    basis: 'seed 003 §11 vs appendix; ruling R-scope',
  },
  {
    name: 'inventory-true-strings',
    description: 'numbers/inventory answers MessageEnabled / VoiceEnabled as "true" / "false" strings.',
    basis: "vendor's inventory 200 example",
  },
  {
    name: 'mst-timestamps',
    description: 'message/outbound stamps CreatedOn in Mountain time ("16:45:59 MST 2025-01-23").',
    basis: "vendor's message/outbound 200 example",
  },
  {
    name: 'webhook-redelivered',
    description: 'Every delivery report is posted twice (same payload): at-least-once delivery.',
    basis: 'Phase 2 connectivity page (webhooks are retried)',
  },
  {
    name: 'ipwhitelist-casing',
    description: 'Voice route responses spell the allow-list IpWhiteList only (not IpWhitelist).',
    basis: "vendor's voice route 200 example (IpWhiteList)",
  },
  {
    name: 'effective-date-us-format',
    description: 'numbers/status echoes EffectiveDate in the request format MM/DD/YYYY instead of ISO.',
    basis: 'vendor OpenAPI numbers/status (EffectiveDate MM/DD/YYYY)',
  },
  {
    name: 'portin-submitted-status',
    description: 'numbers/portin answers Status "Submitted" (the checklist word) instead of "Pending".',
    basis: 'seed 001 item 8e (Submitted is the first status)',
  },
  {
    name: 'number-type-mobile',
    description: 'Number reads name an mvno line NumberType "Mobile" (GET /v1.0/numbers) / "mobile" (numbers/inventory).',
    basis: "vendor's GET /v1.0/numbers and inventory examples; ruling R-number-type",
  },
  {
    name: 'throttle-speed-internal',
    description: 'numbers/data-usage/settings reads ThrottleSpeed in the internal spelling ("1-mbps" → "thr1024kbps").',
    basis: "vendor's data-usage/settings example; ruling R-throttle-speed",
  },
  {
    name: 'iccid-f-padding',
    description: 'GET /v1.0/numbers serves a 19-digit ICCID padded with the filler nibble F ("…5850F").',
    basis: 'vendor example Iccid "8901240397190557414F"; ruling R-iccid-format',
  },
  {
    name: 'voice-route-legacy-id',
    description: 'GET /v1.0/numbers shows VoiceRouteId in the legacy form "T<digits>" instead of the CRID.',
    basis: 'vendor\'s GET /v1.0/numbers example (VoiceRouteId "T9992774"); ruling R-id-voice-route-legacy',
  },
  {
    name: 'portin-rejection-as-error',
    description: 'A carrier rejection of a port-in reads OrderStatus "Error" with the carrier\'s reason in OrderStatusMessage (instead of "Rejected").',
    basis: 'vendor OpenAPI GET /v1.0/numbers/order examples (Error + 8A-ACCOUNT_NUM_REQ_OR_INCORRECT); ruling R-portin-status-spelling',
  },
  {
    name: 'portin-complete-spelling',
    description: 'A completed port-in reads OrderStatus "Complete" (instead of "Completed").',
    basis: 'vendor OpenAPI GET /v1.0/numbers/order ("If status is Complete, the number is active"); ruling R-portin-status-spelling',
  },
  {
    name: 'orders-complete-later',
    description: 'numbers/provision answers OrderStatus "Pending"; the order (and the number\'s Status) reads Pending for 300 ms more, then Complete.',
    basis: 'vendor OpenAPI GET /v1.0/numbers/order: "Poll this endpoint after a provision … If status is Complete, the number is active"',
  },
  {
    name: 'update-order-pending',
    description:
      'numbers/update answers UpdateOrderStatus "Pending"; the update order reads Pending and the number reads as before the update (VoiceRouteId, VoiceEnabled…) for 300 ms more, then Complete with the change made.',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/update (answers an order: UpdateOrderId, UpdateOrderStatus) + GET /v1.0/numbers/order ("Poll this endpoint … to confirm completion") + seed 001 item 13 ("Allow up to 10 minutes for propagation"); ruling R-order-completion',
  },
  {
    name: 'portin-update-picked-up-later',
    description:
      'After portin/update a rejected port-in keeps reading Rejected with the old reason for one carrier step (the carrier has not picked the correction up yet), then Pending Carrier Approval → Scheduled → Completed.',
    basis:
      'seed 003 §8.2 ("a request can be open for days while the losing carrier responds"; step 3 update) + vendor OpenAPI POST /v1.0/numbers/portin/update (answers Updated, not the carrier\'s decision)',
  },
  {
    name: 'product-list-distributor-only',
    description:
      "Products created through POST /v1.0/products are distributor-level: GET /v1.0/distributor/products lists them, GET /v1.0/account/products (the Account's pre-loaded catalog) does not.",
    basis:
      'vendor OpenAPI GET /v1.0/distributor/products ("products configured at the distributor level … can be included in packages offered to accounts") + seed 003 §6.1 (Telegent pre-loads the standard catalog onto an Account)',
  },
  {
    name: 'strict-id-format',
    description:
      'An ID in a prefix the platform never issues for that kind (a PackageId "PKID-…" where packages are "PID-…") is refused 400 as an invalid value instead of 404.',
    basis: 'seed 003 §11 (400: "contains an invalid value") + vendor OpenAPI package responses (PackageId "PID-…"); ruling R-id-package',
  },
  {
    name: 'address-country-null',
    description: 'Account answers (account/create, GET /v1.0/account) carry BillingAddress / MailingAddress Country null although the create sent "USA".',
    basis: 'vendor OpenAPI POST /v1.0/account/create: request sample Country "USA", its 200 example (the same account) Country null; ruling R-address-country',
  },
  {
    name: 'ipwhitelist-single-route-empty',
    description:
      'Single-route voice answers (POST /v1.0/voice/routes, GET /v1.0/voice/routes, update) carry IpWhiteList [] although IpWhitelist was sent; the account route list carries the addresses.',
    basis:
      'vendor OpenAPI voice/routes create and update (request samples with two addresses, 200 examples IpWhiteList []), GET /v1.0/voice/routes (IpWhiteList []), GET /v1.0/account/voice/routes (IpWhitelist with the addresses); seed 003 §4.2; ruling R-ip-whitelist-echo',
  },
  {
    name: 'message-route-enabled-false',
    description:
      'The message/routes create answer and GET /v1.0/account/message/routes show MessageRouteEnabled false for a route created enabled (delivery unchanged; GET /v1.0/message/routes shows true).',
    basis:
      'vendor OpenAPI POST /v1.0/message/routes (request sample MessageRouteEnabled true, 200 example false), GET /v1.0/account/message/routes example (false), GET /v1.0/message/routes example (true); ruling R-message-route-enabled-echo',
  },
  {
    name: 'number-status-inactive',
    description: 'A cancelled number reads Status "Inactive" (GET /v1.0/numbers, numbers/inventory) instead of "Cancelled".',
    basis:
      'number Status words are not documented (R-status-verbs); "Inactive" is the vendor\'s status-filter word (GET /v1.0/packages, /v1.0/services, /v1.0/subscriptions: "Active, Inactive, All")',
  },
  {
    name: 'portin-cancel-idempotent',
    description:
      'portin/cancel on an order already cancelled answers 200 { OrderId, Status: "Cancelled" } (an idempotent repeat) instead of 400; the order stays Cancelled.',
    basis:
      'seed 003 §8.2 step 4 ("Cancel is final … you can\'t un-cancel": nothing says a repeat is refused) + the vendor portin/cancel answer; ruling R-portin-cancel-repeat',
  },
  {
    name: 'portin-date-iso-only',
    description: 'numbers/portin/update refuses PortInDate in MM/DD/YYYY (400) and takes only YYYY-MM-DD.',
    basis: 'vendor OpenAPI portin/update PortInDate: "Requested date for the port to complete (YYYY-MM-DD)"; ruling R-portin-date-format',
  },
  {
    name: 'token-expiry-grace',
    description: 'An expired token is still accepted for 20 s after its tokenExpiry, then refused 401.',
    basis: "R-token-expiry-grace (no grace period is documented; a platform clock behind the partner's looks the same)",
  },
  {
    name: 'route-secrets-omitted',
    description:
      'Message and voice route responses leave out the stored passwords / bearer tokens (MessagePasswordToken, CallbackMessagePasswordToken, …) instead of echoing them.',
    basis: 'seed 003 §4.1 message route response (no password fields); ruling R-route-secret-echo',
  },
  {
    name: 'message-id-msg',
    description: 'Message IDs (message/outbound MessageId, the inbound Message_ID, delivery reports, CDRs) are issued as MSG-… instead of TMID-….',
    basis: 'vendor OpenAPI GET /v1.0/message/filter example (an outbound message with MessageId "MSG-abc123"); ruling R-id-message',
  },
  {
    name: 'dlr-extra-fields',
    description: 'Delivery reports carry undocumented extra fields (Carrier, Segments, Mcc, Mnc).',
    basis: 'R-response-extra-fields (undocumented fields are warnings)',
  },
  {
    name: 'inbound-old-shape',
    description: 'Inbound SMS / MMS posts use the older documented shape (MessageId, From, To, Text, Timestamp, Direction; no Owner, Segment or media field).',
    basis: 'reference README: an older docs page shows this shape; ruling R-webhook-inbound-shape (passes with a warning)',
  },
  {
    name: 'read-after-write-lag',
    description: 'A resource a POST just created answers 404 on a GET naming it for 300 ms (reads trail writes); lists are not touched.',
    basis: 'no read-after-write consistency is documented; ruling R-read-after-write (passes with a warning)',
  },
  {
    name: 'mms-media-rehosted',
    description: "Inbound MMS posts name the platform's own copy of the media (a working URL in its media store) instead of the URL sent.",
    basis: 'seed 001 item 12 only asks MMS_Media_URL populated; ruling R-mms-media-url (re-hosted media passes with a warning)',
  },
  {
    name: 'reactivate-number-null',
    description: 'numbers/reactivate answers PhoneNumber null (the number is reactivated all the same).',
    basis: 'vendor OpenAPI ReactivateNumber_Result: PhoneNumber nullable, no example; ruling R-reactivate-echo (passes with a warning)',
  },
  {
    name: 'cdr-api-spellings',
    description:
      'CDR files spell Direction and RecordType in upper case ("OUTBOUND", "SMS") and times without an offset with two fractional digits ("2026-11-30T17:23:23.12", UTC), as the API does.',
    basis:
      'vendor OpenAPI GET /v1.0/message/details example (Direction "OUTBOUND"; R-message-direction-case) + GET /v1.0/numbers/order examples and seed 003 §8.2 step 5 (OrderDate "2025-12-08T00:12:08.89"; R-datetime-offset); ruling R-cdr-spellings',
  },
  {
    name: 'dlr-message-id-search-spelling',
    description: 'Delivery reports name the message as MessageID (the message search spelling) instead of MessageId.',
    basis:
      'vendor OpenAPI GET /v1.0/message/search example (Results[].MessageID) beside message/outbound and message/details (MessageId) and the inbound webhook (Message_ID); the DLR payload is not documented (R-webhook-dlr); ruling R-dlr-message-id',
  },
  {
    name: 'data-limit-default',
    description:
      'numbers/data-usage sent without LimitValue is accepted and the default limit of 20 MB applied (instead of a 400 for the missing required field).',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/data-usage description ("Unless a LimitValue is specified, the default data limit is 20 MB"); ruling R-data-limit-default (passes with a warning)',
    addon: true,
  },
  {
    name: 'guide-id-prefixes',
    description: "Products are issued as PID-… and Packages as PKID-… (the guide's spelling) instead of PRID-… / PID-….",
    basis: 'seed 003 §6.2 and §7 (ProductId "PID-…", PackageId "PKID-…"); reference README known conflicts; rulings R-id-product, R-id-package',
  },
  {
    name: 'subscriber-id-sid',
    description: 'Subscribers are issued as SID-… instead of TSUID-….',
    basis:
      'vendor OpenAPI POST /v1.0/subscriptions request sample and GET /v1.0/distributor/subscriptions example (SubscriberId "SID-…"), numbers/inventory example (AssignedSubscriberId "SID-…"); ruling R-id-subscriber',
  },
  {
    name: 'number-id-tnid',
    description: 'Numbers are issued as TNID-… (PhoneNumberId, TNID, Tnid) instead of NID-….',
    basis: 'vendor OpenAPI GET /v1.0/numbers example (TNID "TNID-…") and numbers/inventory example (Tnid "TNID-…"); ruling R-id-number',
  },
  {
    name: 'order-id-alternates',
    description: 'Port-in and port-out orders are issued as JNOID-…, provisioning / status / update orders as TNOID-… (instead of JNUOID-…).',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/portin and /numbers/portout 200 examples (OrderId "JNOID-…"), GET /v1.0/numbers and numbers/inventory examples (OrderId "TNOID-…"); ruling R-id-order',
  },
  {
    name: 'error-message-null',
    description: 'Every error body is { "StatusCode": <status>, "Message": null } — no message text.',
    basis: 'vendor OpenAPI error schemas (BadRequest_Result … GatewayTimeout_Result: required [StatusCode], Message nullable); ruling R-error-schema',
  },
  {
    name: 'token-path-spec-spelling',
    description:
      'The token endpoint is served only at /v1.0/OAuth2/tokens, as the OpenAPI paths key spells it (case-sensitive routing): /v1.0/oauth2/tokens answers 404.',
    basis:
      'vendor OpenAPI paths key "/v1.0/OAuth2/tokens" (the descriptions and seed 003 §1 write /v1.0/oauth2/tokens); reference README known conflicts; ruling R-token-path',
  },
  {
    name: 'inventory-own-paging',
    description: 'numbers/inventory serves its own page size (2 numbers a page) whatever TotalNumbersRequested asks; TotalResults counts them all.',
    basis:
      'vendor OpenAPI GET /v1.0/numbers/inventory ("a paginated list"; PageNumber, TotalNumbersRequested "int", TotalResults 346 beside two numbers listed in its example)',
  },
  {
    name: 'inventory-default-active',
    description: 'numbers/inventory without a Filter lists Active numbers only (Filter "Active" in the answer).',
    basis: 'vendor OpenAPI GET /v1.0/numbers/inventory example (Filter "Active" in the answer; the parameter is an undocumented "Filter string")',
  },
  {
    name: 'status-change-type-null',
    description: 'numbers/status answers ChangeType null (the change is made all the same).',
    basis:
      'R-response-required (ChangeType is optional and nullable: no doc says numbers/status returns it) + vendor OpenAPI numbers/status example (ChangeType "activate" for a StatusChange "replace": the order\'s own word, not an echo); ruling R-change-type-echo (passes with a warning)',
  },
  {
    name: 'portin-update-confirmation-only',
    description: 'numbers/portin/update answers a confirmation without the OrderId ({ Status: "Updated", Message }); the order is updated all the same.',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/portin/update description ("Returns confirmation that the port-in order has been updated"; OrderId is promised for portin and portin/cancel only) + R-response-required; ruling R-portin-update-echo (passes with a warning)',
  },
  {
    name: 'status-action-title-case',
    description:
      'numbers/status answers ChangeType in Title case ("Park", "Activate", "Cancel", "Swap-Sim"), as the operation\'s description writes the action codes.',
    basis:
      'vendor OpenAPI POST /v1.0/numbers/status description ("Use action codes such as `Cancel`, `Park`, `Swap`, `Replace`, `Swap-Sim`, or `Activate`"; "Each result includes … the action taken") beside the request enum in lower case; ruling R-status-verbs',
  },
  {
    name: 'iccid-f-stored',
    description:
      'Every answer carrying a 19-digit ICCID shows it padded with the filler nibble F (numbers/provision ICCID, GET /v1.0/numbers, numbers/inventory and numbers/update Iccid, subscriptions ICCID).',
    basis: 'vendor OpenAPI GET /v1.0/numbers and POST /v1.0/numbers/update examples (Iccid "8901240397190557414F"); ruling R-iccid-format',
  },
  {
    name: 'billing-frequency-code',
    description: 'The product lists (GET /v1.0/account/products, /v1.0/distributor/products) show BillingFrequency as a code ("1" for MRC, "0" for NRC).',
    basis:
      'vendor OpenAPI GET /v1.0/account/products and /v1.0/distributor/products examples (BillingFrequency "1" for the "eSim" product seed 003 §6.1 creates with "MRC"); ruling R-billing-frequency',
  },
];

export function allDriftModes(): DriftMode[] {
  return [
    ...DRIFT_CATALOGUE,
    ...SEMANTIC_DRIFTS,
    ...ADDON_DRIFTS,
    ...SWEEP_DRIFTS,
    ...SIP_DRIFTS,
    ...CDR_DRIFTS,
    ...DEPTH_DRIFTS,
    ...HELD_OUT_DRIFTS,
    ...WIRE_DRIFTS,
    ...BENIGN4_DRIFTS,
    ...BENIGN5_DRIFTS,
    ...HUNT4_DRIFTS,
    ...HUNT5_DRIFTS,
  ];
}
export function allBenignModes(): BenignMode[] {
  return [...BENIGN_CATALOGUE, ...HELD_OUT_BENIGN, ...WIRE_BENIGN, ...BENIGN4, ...BENIGN5];
}
