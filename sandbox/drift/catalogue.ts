/**
 * Drift modes: realistic platform defects the sandbox can simulate (all OFF by default).
 * Selected by name: startSandbox({ drift: [...] }) or SANDBOX_DRIFT=a,b.
 * `item` is the checklist item expected to catch it ('auth' = every item's negative checks, run first by item 1).
 * The SIP (sandbox/sip/) and CDR (sandbox/cdr/) engineers add their own modes with registerDriftModes().
 */
export interface DriftMode {
  name: string;
  area: 'auth' | 'account' | 'products' | 'packages' | 'routes' | 'subscribers' | 'numbers' | 'status' | 'porting' | 'subscriptions' | 'messaging' | 'voice' | 'sip' | 'data' | 'cdr' | 'http';
  item: string;
  description: string;
}

export const DRIFT_CATALOGUE: DriftMode[] = [
  // auth
  { name: 'token-scope-not-enforced', area: 'auth', item: '1', description: 'A token scoped (ApiEndpoint) to one endpoint is accepted by every other endpoint.' },
  { name: 'expired-token-accepted', area: 'auth', item: '1', description: 'Expired tokens keep working.' },
  { name: 'no-token-accepted', area: 'auth', item: '1', description: 'Requests without an Authorization header are served (auth not enforced).' },
  { name: 'token-expiry-iso', area: 'auth', item: '1', description: 'tokenExpiry returned as ISO 8601 instead of the documented MM/DD/YYYY hh:mm:ss AM/PM.' },
  { name: 'token-field-renamed', area: 'auth', item: '1', description: 'The token response carries access_token instead of token.' },
  // account
  { name: 'account-id-prefix', area: 'account', item: '1', description: 'AccountId issued with an ACC- prefix instead of AID-.' },
  { name: 'account-name-not-echoed', area: 'account', item: '1', description: 'account/create answers with a truncated AccountName (first 8 characters).' },
  // products / packages
  { name: 'product-cost-string', area: 'products', item: '2', description: 'Product Cost returned as a currency string ("$12.34") instead of a number.' },
  { name: 'product-cost-rounded', area: 'products', item: '2', description: 'Product Cost is stored as an integer: 12.34 comes back as 12 (decimal → int mapping bug).' },
  { name: 'package-id-missing', area: 'packages', item: '3', description: 'POST /v1.0/packages omits PackageId from the response.' },
  // routes
  { name: 'message-route-auth-dropped', area: 'routes', item: '4', description: 'message/routes create answers without the callback authentication (CallbackMessageAuthenticationType null): the callback auth was not saved.' },
  { name: 'message-route-urls-swapped', area: 'routes', item: '4', description: 'GET /v1.0/message/routes returns MessageUrl and CallbackMessageUrl swapped (read-side mapping bug).' },
  { name: 'voice-route-field-renamed', area: 'routes', item: '5', description: 'Voice route responses spell Trunk1Priority instead of the documented (sic) Trunk1Priortiy.' },
  // subscribers
  { name: 'subscriber-email-not-unique', area: 'subscribers', item: '6', description: 'A second subscriber with an e-mail already in use is accepted.' },
  { name: 'subscriber-id-prefix', area: 'subscribers', item: '6', description: 'SubscriberId issued as SUBS-… instead of TSUID-….' },
  // numbers
  { name: 'number-not-e164', area: 'numbers', item: '7', description: 'PhoneNumberAssigned returned as national digits (2015550100) instead of E.164.' },
  { name: 'provision-without-route-accepted', area: 'numbers', item: '7', description: 'Provisioning without MessageRouteId succeeds.' },
  { name: 'other-account-id-visible', area: 'account', item: '1', description: 'Resources of another distributor are served instead of 404.' },
  { name: 'missing-required-accepted', area: 'http', item: '4', description: 'Request validation is off: missing required fields / wrong types answer 200.' },
  { name: 'number-message-route-dropped', area: 'numbers', item: '7', description: 'GET /v1.0/numbers reads a freshly provisioned number back without its MessageRouteId (assignment not persisted on the read side).' },
  // status
  { name: 'status-change-not-applied', area: 'status', item: '8', description: 'numbers/status answers Complete but the number keeps its previous Status.' },
  { name: 'parked-number-can-send', area: 'status', item: '8', description: 'A parked (or cancelled) number can still send messages.' },
  { name: 'reactivate-not-restoring', area: 'status', item: '8', description: 'numbers/reactivate answers Success but the number stays Cancelled.' },
  // porting
  { name: 'eligibility-always-true', area: 'porting', item: '8a', description: 'Eligibility answers Eligible:true for numbers that cannot be ported.' },
  { name: 'portin-stuck', area: 'porting', item: '8c', description: 'Port-in orders never leave Submitted.' },
  { name: 'portin-skips-scheduled', area: 'porting', item: '8e', description: 'Port-in orders jump from Pending Carrier Approval to Completed (Scheduled never observed).' },
  { name: 'portin-reject-not-resumed', area: 'porting', item: '8e', description: 'portin/update on a Rejected order answers Updated but the order stays Rejected.' },
  { name: 'portin-cancel-not-final', area: 'porting', item: '8d', description: 'A cancelled port-in accepts portin/update and resumes.' },
  { name: 'order-id-prefix', area: 'porting', item: '8b', description: 'Port-in OrderId issued as ORD-… instead of JNUOID-….' },
  { name: 'portout-pin-echoed', area: 'porting', item: '8f', description: 'The port-out response echoes the PIN (PortOutPIN) — a secret leak.' },
  { name: 'portout-no-order', area: 'porting', item: '8f', description: 'The port-out OrderId cannot be read back with GET /v1.0/numbers/order (404).' },
  // subscriptions
  { name: 'subscription-not-readable', area: 'subscriptions', item: '9', description: 'GET /v1.0/subscriptions answers 404 for a subscription just created.' },
  { name: 'subscription-tnid-dropped', area: 'subscriptions', item: '9', description: 'The subscription response carries TNID null instead of the number it was created for.' },
  // messaging
  { name: 'dlr-never-sent', area: 'messaging', item: '10', description: 'No delivery report is ever POSTed to CallbackMessageUrl.' },
  { name: 'dlr-without-auth', area: 'messaging', item: '10', description: 'Delivery reports are POSTed without the route\'s configured Authorization.' },
  { name: 'dlr-wrong-url', area: 'messaging', item: '10', description: 'Delivery reports are POSTed to MessageUrl instead of CallbackMessageUrl.' },
  { name: 'message-id-prefix', area: 'messaging', item: '10', description: 'The outbound MessageId is issued as SMS-… instead of TMID-….' },
  { name: 'inbound-missing-segment', area: 'messaging', item: '11', description: 'The inbound webhook payload has no Segment field.' },
  { name: 'inbound-old-shape', area: 'messaging', item: '11', description: 'The inbound webhook uses the legacy shape (MessageId, From, To, Text, Timestamp, Direction).' },
  { name: 'inbound-never-sent', area: 'messaging', item: '11', description: 'Messages to sandbox-hosted numbers never reach the receiving route\'s MessageUrl.' },
  { name: 'inbound-from-not-e164', area: 'messaging', item: '11', description: 'The inbound webhook From is national digits instead of E.164.' },
  { name: 'mms-without-media-url', area: 'messaging', item: '12', description: 'Inbound MMS webhook without MMS_Media_URL.' },
  // voice
  { name: 'voice-route-never-propagates', area: 'voice', item: '13', description: 'Number → voice route assignments never take effect for the SBC (propagation stuck).' },
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

const extra: DriftMode[] = [];
/** for sandbox/sip and sandbox/cdr to add their modes (names must be unique) */
export function registerDriftModes(modes: DriftMode[]): void {
  for (const m of modes) if (!allDriftModes().some((x) => x.name === m.name)) extra.push(m);
}
export function allDriftModes(): DriftMode[] {
  return [...DRIFT_CATALOGUE, ...extra];
}
