/**
 * Drift modes of the fifth hunt that skip the check of one request field on one operation: the platform takes the
 * value as sent (an enum outside its list, a URL without a scheme, a required field left out). Each mode names the
 * operation and the field, and whether its value (enum, format) or its presence (required) goes unchecked; the request
 * validator (server.ts readInput) and the handler's own check both consult it.
 */
type Unchecked = { op: string; field: string; skip: 'value' | 'presence' };
const UNCHECKED: Record<string, Unchecked> = {
  'voice-route-type-unchecked': { op: 'POST /v1.0/voice/routes', field: 'RouteType', skip: 'value' },
  'voice-route-transport-unchecked': { op: 'POST /v1.0/voice/routes', field: 'TrunkTransport1', skip: 'value' },
  'message-route-method-unchecked': { op: 'POST /v1.0/message/routes', field: 'MessageUrlMethod', skip: 'value' },
  'message-route-callback-auth-unchecked': { op: 'POST /v1.0/message/routes', field: 'CallbackMessageAuthenticationType', skip: 'value' },
  'message-route-url-unchecked': { op: 'POST /v1.0/message/routes', field: 'MessageUrl', skip: 'value' },
  'voice-route-callback-method-unchecked': { op: 'POST /v1.0/voice/routes', field: 'CallbackVoiceUrlMethod', skip: 'value' },
  'subscriber-password-optional': { op: 'POST /v1.0/subscribers/create', field: 'Password', skip: 'presence' },
  'product-cost-optional': { op: 'POST /v1.0/products', field: 'Cost', skip: 'presence' },
  'subscriber-email-format-unchecked': { op: 'POST /v1.0/subscribers/create', field: 'Email', skip: 'value' },
  'subscription-type-optional': { op: 'POST /v1.0/subscriptions', field: 'Type', skip: 'presence' },
  'eligibility-number-optional': { op: 'POST /v1.0/numbers/portin/eligibility', field: 'PhoneNumber', skip: 'presence' },
};

/** Whether an active drift mode leaves `field` of `op` unchecked. */
export function fieldUnchecked(isDrift: (name: string) => boolean, op: string, field: string): boolean {
  return Object.entries(UNCHECKED).some(([mode, u]) => u.op === op && u.field === field && isDrift(mode));
}

/** Whether a request-validation finding is about a field an active drift mode leaves unchecked. */
export function findingUnchecked(isDrift: (name: string) => boolean, op: string, f: { pointer?: string; message?: string }): boolean {
  const presence = /required (field|property)/.test(String(f.message ?? ''));
  const about = (u: Unchecked) => (u.skip === 'presence') === presence && (f.pointer ?? '').replace(/^\/?(body)?\//, '') === u.field;
  return Object.entries(UNCHECKED).some(([mode, u]) => u.op === op && isDrift(mode) && about(u));
}
