/*
 * Operation extensions for the client and the run ledger.
 *  x-billable: true   -> costs money or cannot be undone; the client never retries it blind.
 *  x-idempotent: false-> a second identical request would create a second thing (every create); POSTs not listed
 *                        here default to x-idempotent: true (reads, updates, deletes).
 *  x-cleanup          -> how `npm run cleanup` undoes what the operation created:
 *                        { operation, in: 'body'|'query', params: { Field: '$response.body#/Field' | '$request.body#/Field' | '$today:MM/DD/YYYY' | literal } }
 *                        (expressions may appear at any depth of params; $today:MM/DD/YYYY = today's UTC date in that format)
 *                        or { manual: 'why there is no API undo' }.
 */
import type { Json } from './lib';

const create = (cleanup?: Json, billable = false): Json => ({
  'x-idempotent': false,
  'x-billable': billable,
  ...(cleanup ? { 'x-cleanup': cleanup } : {}),
});
const del = (operation: string, params: Record<string, unknown>, where: 'body' | 'query' = 'body') => ({ operation, in: where, params });
const manual = (why: string) => ({ manual: why });
const R = (f: string) => `$response.body#/${f}`;

export const EXTENSIONS: Record<string, Json> = {
  'POST /v1.0/oauth2/tokens': { 'x-idempotent': true },
  // billable / irreversible
  'POST /v1.0/numbers/provision': create(
    del('POST /v1.0/numbers/status', { StatusChange: 'cancel', EffectiveDate: '$today:MM/DD/YYYY', PhoneNumbers: [{ Number: R('PhoneNumberAssigned') }] }),
    true,
  ),
  'POST /v1.0/numbers/portin': create(del('POST /v1.0/numbers/portin/cancel', { OrderId: R('OrderId') }), true),
  'POST /v1.0/numbers/portin/cancel': { 'x-billable': true, 'x-idempotent': true, 'x-irreversible': true },
  'POST /v1.0/numbers/portout': create(manual('a port-out PIN cannot be withdrawn through the API; the gaining carrier completes or abandons the port'), true),
  'POST /v1.0/numbers/status': { 'x-billable': true, 'x-idempotent': false },
  'POST /v1.0/numbers/reactivate': { 'x-billable': true, 'x-idempotent': false, 'x-ruling': 'R-status-verbs' },
  'POST /v1.0/numbers/update': { 'x-billable': true, 'x-idempotent': true },
  'POST /v1.0/numbers/refresh-nnid': { 'x-billable': false, 'x-idempotent': false },
  'POST /v1.0/message/outbound': create(manual('a sent message cannot be recalled'), true),
  'POST /v1.0/subscriptions': create(del('POST /v1.0/subscriptions/delete', { SubscriptionId: R('SubscriptionId') }), true),
  'POST /v1.0/subscriptions/update': { 'x-billable': true, 'x-idempotent': true },
  'POST /v1.0/sims/update-status': { 'x-billable': true, 'x-idempotent': true },
  'POST /v1.0/sims/clear-status': { 'x-billable': true, 'x-idempotent': true },
  'POST /v1.0/subscribers/transfer': { 'x-billable': true, 'x-idempotent': true },
  'POST /v1.0/account/create': create(manual('the API has no account delete: ask Telegent to close test accounts'), true),
  'POST /v1.0/distributor/create': create(manual('the API has no distributor delete: ask Telegent'), true),
  'POST /v1.0/subscribers/create': create(manual('the API has no subscriber delete: reuse test subscribers (unique Email per run)'), true),
  // creates with an API undo
  'POST /v1.0/message/routes': create(del('POST /v1.0/message/routes/delete', { MessageRouteId: R('MessageRouteId') })),
  'POST /v1.0/voice/routes': create(del('POST /v1.0/voice/routes/delete', { CallRouteId: R('CallRouteId') })),
  'POST /v1.0/services': create(del('POST /v1.0/services/delete', { ServiceId: R('ServiceId') })),
  'POST /v1.0/services/items/add': create(del('POST /v1.0/services/items/delete', { ServiceId: R('ServiceId') })),
  'POST /v1.0/products': create(del('POST /v1.0/products/delete', { ProductId: R('ProductId') })),
  'POST /v1.0/packages': create(del('POST /v1.0/packages/delete', { PackageId: R('PackageId') })),
  'POST /v1.0/packages/items/add': create(del('POST /v1.0/packages/items/delete', { PackageId: R('PackageId'), PackageItemId: R('PackageItemId') })),
  'POST /v1.0/subscribers/message-filter': create(del('POST /v1.0/subscribers/message-filter/delete', { MessageFilterId: R('FilterId') })),
  'POST /v1.0/subscribers/call-filter': create(del('POST /v1.0/subscribers/call-filter/delete', { CallFilterId: R('FilterId') })),
  'POST /v1.0/subscribers/guardians/relation': create(
    del('POST /v1.0/subscribers/guardians/relation/delete', { ParentSubscriberId: R('ParentSubscriberId'), ChildSubscriberId: R('ChildSubscriberId') }),
  ),
  'POST /v1.0/subscribers/message-filter/allowed-contacts/add': {
    'x-idempotent': true,
    'x-cleanup': del('POST /v1.0/subscribers/message-filter/allowed-contacts/remove', {
      SubscriberId: '$request.body#/SubscriberId',
      MessageFilterId: '$request.body#/MessageFilterId',
      Contacts: '$request.body#/Contacts',
    }),
  },
  'POST /v1.0/subscribers/message-filter/blocked-contacts/add': {
    'x-idempotent': true,
    'x-cleanup': del('POST /v1.0/subscribers/message-filter/blocked-contacts/remove', {
      SubscriberId: '$request.body#/SubscriberId',
      MessageFilterId: '$request.body#/MessageFilterId',
      Contacts: '$request.body#/Contacts',
    }),
  },
  'POST /v1.0/subscribers/call-filter/allowed-numbers/add': {
    'x-idempotent': true,
    'x-cleanup': del('POST /v1.0/subscribers/call-filter/allowed-numbers/remove', {
      SubscriberId: '$request.body#/SubscriberId',
      CallFilterId: '$request.body#/CallFilterId',
      Numbers: '$request.body#/Numbers',
    }),
  },
  'POST /v1.0/subscribers/call-filter/blocked-numbers/add': {
    'x-idempotent': true,
    'x-cleanup': del('POST /v1.0/subscribers/call-filter/blocked-numbers/remove', {
      SubscriberId: '$request.body#/SubscriberId',
      CallFilterId: '$request.body#/CallFilterId',
      Numbers: '$request.body#/Numbers',
    }),
  },
  'POST /v1.0/workgroups': create(del('POST /v1.0/workgroups/delete', { WorkgroupId: R('WorkgroupId') }, 'query')),
  'POST /v1.0/workgroups/activity': create(del('POST /v1.0/workgroups/activity/delete', { WorkgroupActivityId: R('WorkgroupActivityId') })),
  'POST /v1.0/subscriptions/thresholds/add': create(del('POST /v1.0/subscriptions/thresholds/delete', { ThresholdId: R('ThresholdId') })),
  'POST /v1.0/subscriptions/thresholds/assignments/add': create(
    del('POST /v1.0/subscriptions/thresholds/assignments/delete', { ThresholdAssignmentId: R('ThresholdAssignmentId') }),
  ),
  'POST /v1.0/subscriptions/features/add': create(del('POST /v1.0/subscriptions/features/delete', { FeatureId: R('FeatureId') })),
  'POST /v1.0/subscriptions/features/assignments/add': create(
    del('POST /v1.0/subscriptions/features/assignments/delete', { FeatureAssignmentId: R('FeatureAssignmentId') }),
  ),
  'POST /v1.0/webhook/create': create(del('POST /v1.0/webhook/delete', { WebhookId: R('WebhookId'), AccountId: '$request.body#/AccountId' })),
  'POST /v1.0/numbers/voicemail/activate': create(
    del('POST /v1.0/numbers/voicemail/delete', { PhoneNumber: '$request.body#/PhoneNumber', AccountId: '$request.body#/AccountId' }),
  ),
};
