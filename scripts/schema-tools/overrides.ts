/*
 * Hand refinements per operation, applied by generate.ts after mechanical inference.
 * Key: operation key ("METHOD /path" as in the project document). Value: node path -> patch.
 * Node path: '' = the 200 body; 'A.B' = property B of property A; 'A[]' = items of array A.
 * Patch keys: `$replace` (whole node), `$required` (exact required list), `$optional` (drop from required),
 * `$delete` (keywords to remove); every other key is assigned onto the node.
 */
import type { Json } from './lib';
import { BOOL_STRING_TOLERATED, COST, COST_STRING_TOLERATED, E164, MESSAGE_STATUSES, ORDER_STATUSES, id, ISO_LOCAL_OR_ZONED } from './dictionary';

const prov = { 'x-provisional': true };
const pkgSub = { pattern: '^((TSUID|SID)-\\S+|\\d+)$', 'x-ruling': 'R-package-subscriber-id' };
const mfid = id('messageFilter');
const cfid = id('callFilter');
const deleted = (ruling?: string) => ({ type: 'string', enum: ['Deleted'], ...(ruling ? { 'x-ruling': ruling } : {}) });

const SUBSCRIPTION_ITEM: Json = {
  type: 'object',
  required: ['SubscriptionId', 'SubscriberId', 'TNID', 'PackageId', 'Type', 'Active'],
  properties: {
    SubscriptionId: id('subscription'),
    SubscriberId: id('subscriber'),
    TNID: id('number'),
    ICCID: { type: 'string', pattern: '^\\d{18,22}F?$', 'x-ruling': 'R-iccid-format' },
    PackageId: id('package'),
    Type: { type: 'string', 'x-ruling': 'R-subscription-type-case' },
    Active: { type: 'boolean' },
  },
  'x-provisional': true,
  'x-ruling': 'R-no-example-ops',
};

const WEBHOOK_RESULT: Json = {
  type: 'object',
  required: ['WebhookId'],
  'x-provisional': true,
  'x-ruling': 'R-no-example-ops',
  properties: {
    WebhookId: id('webhook'),
    AccountId: id('account', { nullable: true }),
    WebhookUrl: { type: 'string', format: 'uri', maxLength: 255, nullable: true },
    Method: { type: 'string', enum: ['POST', 'PUT', 'GET', null], nullable: true },
    DataFormat: { type: 'string', maxLength: 50, nullable: true },
    AuthenticationType: { type: 'string', enum: ['None', 'Basic', 'Token', null], nullable: true },
    AuthenticationUsername: { type: 'string', maxLength: 255, nullable: true },
    AuthenticationPassword: { type: 'string', maxLength: 255, nullable: true, 'x-secret': true },
    AuthenticationToken: { type: 'string', maxLength: 255, nullable: true, 'x-secret': true },
    SubscribedEvents: {
      type: 'string',
      maxLength: 255,
      nullable: true,
      'x-ruling': 'R-webhook-voice-event',
      pattern: '^((Order_Update|New_Sms|Call_Completed|Call_On_Hold|Call_Recording|Call_In_Progress|Call_Ringing)(, ?|$))*$',
    },
    Active: { type: 'boolean', nullable: true },
  },
};

const SERVICE: Json = {
  type: 'object',
  required: ['ServiceId', 'ServiceName', 'Cost', 'Monthly', 'Active'],
  properties: {
    ServiceId: id('service'),
    ServiceName: { type: 'string' },
    Cost: COST,
    Monthly: { type: 'boolean' },
    Active: { type: 'boolean' },
  },
};

const portStatus = { type: 'string', enum: ['Pending', ...ORDER_STATUSES.filter((s) => s !== 'Pending')], 'x-ruling': 'R-portin-submit-status' };
const messageStatus = {
  type: 'string',
  'x-ruling': 'R-message-status',
  'x-provisional': true,
  enum: [...MESSAGE_STATUSES],
};
const keywordsBody: Json = {
  '': { $required: ['CustomKeywords'] },
  SystemKeywords: {
    $replace: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      ...prov,
      description: 'category -> keywords (categories seen: Profanity, Violence)',
    },
  },
  SeverityMap: {
    $replace: { type: 'object', additionalProperties: { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH'] }, ...prov, description: 'keyword -> severity' },
  },
};

export const OVERRIDES: Record<string, Record<string, Json>> = {
  'POST /v1.0/oauth2/tokens': { '': { 'x-ruling': 'R-token-path' } },
  'POST /v1.0/numbers/availability': {
    AreaCode: { pattern: '^\\d{3}$' },
    'AvailableNumberAreas[].AreaCode': { type: 'integer', minimum: 200, maximum: 999, 'x-ruling': 'R-area-code-type' },
    'AvailableNumberAreas[].NGP': { pattern: '^[A-Z0-9]{3}$' },
  },
  'POST /v1.0/numbers/provision': { ErrorMessage: { type: 'string', nullable: true, $delete: ['x-provisional', 'x-ruling'] } },
  'POST /v1.0/numbers/portin': { Status: portStatus },
  'POST /v1.0/numbers/portout': { Status: { ...portStatus, 'x-ruling': 'R-portin-submit-status' } },
  'POST /v1.0/numbers/portin/update': { Status: { type: 'string', enum: ['Updated'], 'x-ruling': 'R-portin-submit-status' } },
  'POST /v1.0/numbers/portin/cancel': { Status: { type: 'string', enum: ['Cancelled'] } },
  'GET /v1.0/numbers/order': {
    '': { $optional: ['OrderStatusMessage'] },
    OrderStatusMessage: { nullable: true, 'x-ruling': 'R-order-status' },
    OrderType: { 'x-ruling': 'R-order-status' },
  },
  'GET /v1.0/numbers/inventory': {
    Filter: { type: 'string', enum: ['All', 'Active', 'Inactive', 'Cancelled', 'Parked'], 'x-provisional': true },
    'PhoneNumbers[].Status': {
      type: 'string',
      enum: ['Active', 'Inactive', 'Parked', 'Cancelled', 'Pending', 'Suspended'],
      'x-provisional': true,
      'x-ruling': 'R-status-verbs',
    },
    'PhoneNumbers[].Cnam': { nullable: true },
    'PhoneNumbers[]': { $optional: ['PortOutPin', 'Cnam', 'QrActivationLink', 'AssignedSubscriberId', 'Iccid'] },
    'PhoneNumbers[].PortOutPin': { 'x-ruling': 'R-portout-pin', nullable: true },
    'PhoneNumbers[].VoiceRouteId': { nullable: true, 'x-ruling': 'R-voice-route-nullable' },
    'PhoneNumbers[].MessageRouteId': { nullable: true, 'x-ruling': 'R-voice-route-nullable' },
    // the vendor's inventory example shows "true" strings (R-message-enabled-type): tolerated here, with a warning
    'PhoneNumbers[].MessageEnabled': BOOL_STRING_TOLERATED,
    'PhoneNumbers[].VoiceEnabled': BOOL_STRING_TOLERATED,
  },
  'GET /v1.0/numbers': {
    Status: {
      type: 'string',
      enum: ['Active', 'Inactive', 'Parked', 'Cancelled', 'Pending', 'Suspended'],
      'x-provisional': true,
      'x-ruling': 'R-status-verbs',
    },
    OriginalDatePurchased: { nullable: true },
    AssignedSubscriberId: { nullable: true },
    '': { $optional: ['Cnam', 'QrActivationLink', 'Iccid'] },
    VoiceRouteId: { nullable: true, 'x-ruling': 'R-id-voice-route-legacy', 'x-tolerated': [{ type: 'string', pattern: '^T\\d+$' }] },
    MessageRouteId: { nullable: true, 'x-ruling': 'R-voice-route-nullable' },
  },
  'POST /v1.0/numbers/update': {
    Tnid: { nullable: true },
    VoiceRouteId: { nullable: true, 'x-ruling': 'R-voice-route-nullable' },
    MessageRouteId: { nullable: true, 'x-ruling': 'R-voice-route-nullable' },
    Iccid: { nullable: true },
    CnamFirstName: { nullable: true },
    CnamLastName: { nullable: true },
  },
  'POST /v1.0/numbers/status': { EffectiveDate: { pattern: ISO_LOCAL_OR_ZONED, 'x-ruling': 'R-effective-date-format', $delete: ['format'] } },
  'POST /v1.0/numbers/data-usage': { Status: { type: 'string', enum: ['Complete', 'Error', 'Pending'], 'x-provisional': true } },
  'POST /v1.0/numbers/data-usage/settings': {
    Status: { type: 'string', enum: ['Complete', 'Error', 'Pending'], 'x-provisional': true },
    'PhoneNumbers[].Status': { type: 'string', enum: ['Success', 'Error', 'Failed'], 'x-provisional': true },
  },
  'POST /v1.0/numbers/data-usage/info': {
    Status: { type: 'string', enum: ['Complete', 'Error', 'Pending'], 'x-provisional': true },
    'PhoneNumbers[].Used': { pattern: '^\\d+(\\.\\d+)? (B|KB|MB|GB|TB)$' },
    'PhoneNumbers[].Remaining': { pattern: '^\\d+(\\.\\d+)? (B|KB|MB|GB|TB)$' },
  },
  'POST /v1.0/numbers/data-usage/update-renewal-info': {
    Status: { type: 'string', enum: ['Complete', 'Error', 'Pending'], 'x-provisional': true },
    'PhoneNumbers[].Status': { type: 'string', enum: ['Success', 'Error', 'Failed'], 'x-provisional': true },
  },
  'POST /v1.0/numbers/device-details': {
    IMEI: { pattern: '^\\d{8,16}$' },
    TAC: { pattern: '^\\d{6,8}$' },
    Status: { type: 'string', enum: ['Success', 'Error', 'Failed'], 'x-provisional': true },
  },
  'POST /v1.0/message/routes/delete': { MessageRouteStatus: deleted() },
  'POST /v1.0/voice/routes/delete': { CallRouteStatus: deleted() },
  'POST /v1.0/voice/routes': {
    IpWhiteList: { 'x-ruling': 'R-ip-whitelist-spelling' },
    'IpWhiteList[]': {
      $replace: { type: 'object', required: ['IpAddress'], properties: { IpAddress: { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}$' } } },
    },
  },
  'GET /v1.0/voice/routes': {
    IpWhiteList: { 'x-ruling': 'R-ip-whitelist-spelling' },
    'IpWhiteList[]': {
      $replace: { type: 'object', required: ['IpAddress'], properties: { IpAddress: { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}$' } } },
    },
  },
  'POST /v1.0/voice/routes/update': {
    IpWhiteList: { 'x-ruling': 'R-ip-whitelist-spelling' },
    'IpWhiteList[]': {
      $replace: { type: 'object', required: ['IpAddress'], properties: { IpAddress: { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}$' } } },
    },
  },
  'GET /v1.0/account/voice/routes': {
    'Results[].IpWhitelist': { 'x-ruling': 'R-ip-whitelist-spelling' },
    'Results[].CallRouteStatus': { type: 'string', enum: ['Active', 'Inactive', 'Deleted'], 'x-provisional': true },
  },
  'POST /v1.0/message/outbound': {
    Status: messageStatus,
    MessageType: { type: 'string', enum: ['sms', 'mms'], 'x-ruling': 'R-message-type-case' },
    Type: { type: 'string', enum: ['a2p', 'p2p', 'A2P', 'P2P'], 'x-ruling': 'R-message-type-case' },
    'MmsBase64[].BaseType': { pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' },
    '': { $optional: ['MmsMedia', 'MmsBase64', 'CampaignId'] },
  },
  'GET /v1.0/message/details': {
    Status: messageStatus,
    MessageType: { type: 'string', enum: ['sms', 'mms'], 'x-ruling': 'R-message-type-case' },
    Type: { type: 'string', enum: ['a2p', 'p2p', 'A2P', 'P2P'], 'x-ruling': 'R-message-type-case' },
    To: { pattern: E164 },
    '': { $optional: ['CampaignId'] },
  },
  'GET /v1.0/message/search': {
    'Results[].Status': messageStatus,
    'Results[].Type': { type: 'string', enum: ['a2p', 'p2p', 'A2P', 'P2P'], 'x-ruling': 'R-message-type-case' },
    'Results[].MmsBase64[].BaseType': { pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' },
    'Results[]': { $optional: ['MmsMedia', 'MmsBase64', 'CampaignID'] },
    'Results[].Cost': COST_STRING_TOLERATED, // the vendor's search example shows "$0.0045" (R-cost-type): tolerated here, with a warning
  },
  'GET /v1.0/message/filter': { 'Messages[].Status': messageStatus, 'Messages[].To': { pattern: E164 } },
  'POST /v1.0/message/device-delivery': {
    DeviceDeliveryStatus: { type: 'string', enum: ['Delivered', 'Pending', 'Failed', 'Unknown'], 'x-provisional': true },
  },
  'GET /v1.0/account': { 'BillingAddress.Street2': { 'x-ruling': 'R-null-string-literal' } },
  'GET /v1.0/distributor/accounts': { 'BillingAddress.Street2': { 'x-ruling': 'R-null-string-literal' } },
  'GET /v1.0/distributor/subscribers': {
    'Subscribers[].Account': { $replace: { type: 'object', nullable: true, properties: { AccountId: id('account'), CompanyName: { type: 'string' } } } },
    'Subscribers[].Subscriptions[]': { $replace: SUBSCRIPTION_ITEM },
  },
  'POST /v1.0/subscribers/message-filter': { FilterId: mfid },
  'GET /v1.0/subscribers/message-filter': { '[].FilterId': mfid },
  'POST /v1.0/subscribers/message-filter/update': { FilterId: mfid },
  'POST /v1.0/subscribers/message-filter/delete': { FilterId: mfid, Status: deleted() },
  'POST /v1.0/subscribers/message-filter/allowed-contacts/add': { FilterId: mfid },
  'POST /v1.0/subscribers/message-filter/allowed-contacts/remove': { FilterId: mfid },
  'POST /v1.0/subscribers/message-filter/blocked-contacts/add': { FilterId: mfid },
  'POST /v1.0/subscribers/message-filter/blocked-contacts/remove': { FilterId: mfid },
  'GET /v1.0/subscribers/message-filter/keywords': keywordsBody,
  'GET /v1.0/subscribers/call-filter/keywords': keywordsBody,
  'POST /v1.0/subscribers/call-filter': {
    FilterId: cfid,
    TimeRestrictions: { $replace: { type: 'object', nullable: true, ...prov, 'x-ruling': 'R-nullable-from-examples' } },
    '': { $optional: ['TimeRestrictions', 'KeywordFilter'] },
  },
  'GET /v1.0/subscribers/call-filter': { '[].FilterId': cfid },
  'POST /v1.0/subscribers/call-filter/update': { FilterId: cfid },
  'POST /v1.0/subscribers/call-filter/delete': { FilterId: cfid, Status: deleted() },
  'POST /v1.0/subscribers/call-filter/allowed-numbers/add': { FilterId: cfid },
  'POST /v1.0/subscribers/call-filter/allowed-numbers/remove': { FilterId: cfid },
  'POST /v1.0/subscribers/call-filter/blocked-numbers/add': { FilterId: cfid },
  'POST /v1.0/subscribers/call-filter/blocked-numbers/remove': { FilterId: cfid },
  'POST /v1.0/subscribers/guardians/relation/delete': { Status: deleted() },
  'POST /v1.0/workgroups': { Type: { type: 'string', enum: ['IVR', 'simultaneous', 'round-robin', 'ring'], 'x-ruling': 'R-id-workgroup' } },
  'GET /v1.0/workgroups': { Type: { type: 'string', enum: ['IVR', 'simultaneous', 'round-robin', 'ring'], 'x-ruling': 'R-id-workgroup' } },
  'POST /v1.0/workgroups/update': { Type: { type: 'string', enum: ['IVR', 'simultaneous', 'round-robin', 'ring'], 'x-ruling': 'R-id-workgroup' } },
  'GET /v1.0/account/workgroups': {
    'Workgroups[].Type': { type: 'string', enum: ['IVR', 'simultaneous', 'round-robin', 'ring'], 'x-ruling': 'R-id-workgroup' },
  },
  'POST /v1.0/workgroups/activity': { WorkgroupActivityStatus: { type: 'string', enum: ['Created'] } },
  'POST /v1.0/workgroups/activity/update': { WorkgroupActivityStatus: { type: 'string', enum: ['Updated'] } },
  'POST /v1.0/workgroups/activity/delete': { WorkgroupActivityStatus: deleted() },
  'POST /v1.0/products/delete': { ProductStatus: deleted() },
  'POST /v1.0/packages/delete': { PackageStatus: deleted() },
  'POST /v1.0/packages/items/delete': { PackageItemStatus: deleted() },
  'POST /v1.0/subscriptions/delete': { SubscriptionStatus: deleted() },
  'POST /v1.0/subscriptions/thresholds/delete': { ThresholdStatus: deleted() },
  'POST /v1.0/subscriptions/thresholds/assignments/delete': { ThresholdAssignmentStatus: deleted() },
  'POST /v1.0/subscriptions/features/delete': { FeatureStatus: deleted() },
  'POST /v1.0/subscriptions/features/assignments/delete': { FeatureAssignmentStatus: deleted() },
  'POST /v1.0/sims/clear-status': { SimStatus: { type: 'string', enum: ['Empty'] } },
  // --- operations without a vendor example (R-no-example-ops): modelled on the vendor's component or a sibling operation
  'GET /v1.0/account/webhooks': { '': { $replace: { type: 'array', items: WEBHOOK_RESULT, 'x-provisional': true, 'x-ruling': 'R-no-example-ops' } } },
  'GET /v1.0/webhook': { '': { $replace: WEBHOOK_RESULT } },
  'POST /v1.0/webhook/create': { '': { $replace: WEBHOOK_RESULT } },
  'POST /v1.0/webhook/update': { '': { $replace: WEBHOOK_RESULT } },
  'POST /v1.0/webhook/delete': {
    '': {
      $replace: {
        type: 'object',
        required: ['WebhookId', 'WebhookStatus'],
        'x-provisional': true,
        'x-ruling': 'R-no-example-ops',
        properties: { WebhookId: id('webhook'), WebhookStatus: { type: 'string', enum: ['Deleted'] } },
      },
    },
  },
  'POST /v1.0/numbers/reactivate': {
    // vendor ReactivateNumber_Result: four nullable strings, no required list; the Status values are a guess
    '': {
      $replace: {
        type: 'object',
        'x-provisional': true,
        'x-ruling': 'R-no-example-ops',
        properties: {
          PhoneNumber: { type: 'string', pattern: E164, nullable: true },
          AccountId: id('account', { nullable: true }),
          Status: {
            type: 'string',
            enum: ['Active', 'Complete', 'Success', 'Error', null],
            nullable: true,
            'x-provisional': true,
            'x-ruling': 'R-status-verbs',
          },
          StatusMessage: { type: 'string', nullable: true },
        },
      },
    },
  },
  'POST /v1.0/services/update': { '': { $replace: { ...SERVICE, 'x-provisional': true, 'x-ruling': 'R-no-example-ops' } } },
  'POST /v1.0/services/delete': {
    '': {
      $replace: {
        type: 'object',
        required: ['ServiceId', 'ServiceStatus'],
        'x-provisional': true,
        'x-ruling': 'R-no-example-ops',
        properties: { ServiceId: id('service'), ServiceStatus: { type: 'string', enum: ['Deleted'] } },
      },
    },
  },
  'GET /v1.0/packages': { SubscriberId: pkgSub },
  'POST /v1.0/packages': { SubscriberId: pkgSub },
  'POST /v1.0/packages/update': { SubscriberId: pkgSub },
  'GET /v1.0/packages/subscriptions': { SubscriberId: pkgSub },
  'GET /v1.0/account/packages': { 'Results[].SubscriberId': pkgSub },
  'GET /v1.0/distributor/packages': { 'Results[].SubscriberId': pkgSub },
};

/** Type/Status fields of subscriptions. */
for (const k of ['GET /v1.0/subscriptions', 'POST /v1.0/subscriptions', 'POST /v1.0/subscriptions/update']) {
  OVERRIDES[k] = {
    ...(OVERRIDES[k] ?? {}),
    Type: { type: 'string', 'x-ruling': 'R-subscription-type-case', pattern: '^(?:[Vv]oip|VOIP|[Mm]vno|MVNO|[Ii]o[Tt]|IOT)$' },
  };
}
for (const [k, p] of [
  ['GET /v1.0/account/subscriptions', 'Results[].Type'],
  ['GET /v1.0/distributor/subscriptions', 'Results[].Type'],
  ['GET /v1.0/packages/subscriptions', 'Subscriptions[].Type'],
]) {
  OVERRIDES[k] = {
    ...(OVERRIDES[k] ?? {}),
    [p]: { type: 'string', 'x-ruling': 'R-subscription-type-case', pattern: '^(?:[Vv]oip|VOIP|[Mm]vno|MVNO|[Ii]o[Tt]|IOT)$' },
  };
}

/** FilterMode per filter kind (request enums of the two create operations). */
const MF_MODES = { type: 'string', enum: ['ACTIVE', 'MONITOR_ONLY', 'INACTIVE'] };
const CF_MODES = { type: 'string', enum: ['WHITELIST', 'BLACKLIST', 'CHILD', 'TEENAGER', 'ADOLESCENT'] };
for (const [k, p, e] of [
  ['POST /v1.0/subscribers/message-filter', 'FilterMode', MF_MODES],
  ['GET /v1.0/subscribers/message-filter', '[].FilterMode', MF_MODES],
  ['POST /v1.0/subscribers/message-filter/update', 'FilterMode', MF_MODES],
  ['POST /v1.0/subscribers/call-filter', 'FilterMode', CF_MODES],
  ['GET /v1.0/subscribers/call-filter', '[].FilterMode', CF_MODES],
  ['POST /v1.0/subscribers/call-filter/update', 'FilterMode', CF_MODES],
] as Array<[string, string, Json]>) {
  OVERRIDES[k] = { ...(OVERRIDES[k] ?? {}), [p]: e };
}

/** Fields the create request makes optional may be absent (or null) in its responses (R-response-required). */
const optionalEcho: Array<[string, string, string[]]> = [
  ['POST /v1.0/numbers/provision', '', ['ICCID', 'SubscriberId']],
  ['POST /v1.0/numbers/portin', '', ['ICCID']],
  ['POST /v1.0/subscriptions', '', ['ICCID']],
  ['GET /v1.0/subscriptions', '', ['ICCID']],
  ['POST /v1.0/subscriptions/update', '', ['ICCID']],
  ['GET /v1.0/account/subscriptions', 'Results[]', ['ICCID']],
  ['GET /v1.0/distributor/subscriptions', 'Results[]', ['ICCID']],
  ['GET /v1.0/packages/subscriptions', 'Subscriptions[]', ['ICCID']],
];
for (const [k, p, fields] of optionalEcho) {
  const ov = (OVERRIDES[k] = OVERRIDES[k] ?? {});
  ov[p] = { ...(ov[p] ?? {}), $optional: [...(ov[p]?.$optional ?? []), ...fields] };
  for (const f of fields) {
    const fp = p ? `${p}.${f}` : f;
    ov[fp] = { ...(ov[fp] ?? {}), nullable: true };
  }
}
