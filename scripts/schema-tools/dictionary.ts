/*
 * Field dictionary: what the suite knows about a response field from its NAME (and the docs), independent of the
 * operation. The generator merges these over what it infers from the vendor examples.
 * Every ID prefix lists the CANONICAL prefix (what the sandbox emits) first, then every prefix the docs show
 * (what the validator accepts). See schemas/rulings.json for the reasoning behind each entry.
 */
import type { Json } from './lib';
import { E164_SCHEMA_PATTERN } from '../../protocol/e164';

export const E164 = E164_SCHEMA_PATTERN;
/** ISO 8601 date-time whose offset the vendor sometimes omits (R-datetime-offset). */
export const ISO_LOCAL_OR_ZONED = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?(Z|[+-]\\d{2}:\\d{2})?$';
export const TOKEN_EXPIRY = '^(0[1-9]|1[0-2])/(0[1-9]|[12]\\d|3[01])/\\d{4} (0[1-9]|1[0-2]):[0-5]\\d:[0-5]\\d (AM|PM)$';
export const US_DATE = '^(0[1-9]|1[0-2])/(0[1-9]|[12]\\d|3[01])/\\d{4}$';
export const CLOCK_12H_OR_EMPTY = '^((0?[1-9]|1[0-2]):[0-5]\\d (AM|PM))?$';
export const ICCID = '^\\d{18,22}F?$';
export const ZIP_OR_EMPTY = '^(\\d{5}(-\\d{4})?)?$';
export const IPV4 = '^(\\d{1,3}\\.){3}\\d{1,3}$';

export interface IdKind {
  canonical: string;
  accepted: string[];
  ruling?: string;
  what: string;
}

/** ID kinds. canonical = what the sandbox emits; accepted = what the validator accepts. */
export const ID_KINDS: Record<string, IdKind> = {
  account: { canonical: 'AID', accepted: ['AID'], what: 'Account' },
  distributor: { canonical: 'DID', accepted: ['DID'], what: 'Distributor' },
  aggregator: { canonical: 'AGID', accepted: ['AGID'], what: 'Aggregator' },
  accountKey: { canonical: 'DID', accepted: ['DID', 'AGID'], ruling: 'R-id-account-key', what: 'Account key (distributor key)' },
  subscriber: { canonical: 'TSUID', accepted: ['TSUID', 'SID'], ruling: 'R-id-subscriber', what: 'Subscriber' },
  product: { canonical: 'PRID', accepted: ['PRID', 'PID'], ruling: 'R-id-product', what: 'Product' },
  package: { canonical: 'PID', accepted: ['PID', 'PKID'], ruling: 'R-id-package', what: 'Package' },
  packageItem: { canonical: 'PIID', accepted: ['PIID'], what: 'Package item' },
  subscription: { canonical: 'SUB', accepted: ['SUB'], what: 'Subscription' },
  messageRoute: { canonical: 'MRID', accepted: ['MRID'], what: 'Message route' },
  callRoute: { canonical: 'CRID', accepted: ['CRID'], what: 'Voice (call) route' },
  number: { canonical: 'NID', accepted: ['NID', 'TNID'], ruling: 'R-id-number', what: 'Telephone number' },
  order: { canonical: 'JNUOID', accepted: ['JNUOID', 'JNOID', 'TNOID'], ruling: 'R-id-order', what: 'Order' },
  message: { canonical: 'TMID', accepted: ['TMID', 'MSG'], ruling: 'R-id-message', what: 'Message' },
  campaign: { canonical: 'TCID', accepted: ['TCID', 'JCID'], ruling: 'R-id-campaign', what: '10DLC campaign' },
  messageFilter: { canonical: 'MFID', accepted: ['MFID'], what: 'Message filter' },
  callFilter: { canonical: 'CFID', accepted: ['CFID'], what: 'Call filter' },
  service: { canonical: 'SID', accepted: ['SID'], ruling: 'R-id-schedule', what: 'Service' },
  schedule: { canonical: 'SCH', accepted: ['SCH', 'SID'], ruling: 'R-id-schedule', what: 'Schedule' },
  workgroup: { canonical: 'WG', accepted: ['WG', 'WID'], ruling: 'R-id-workgroup', what: 'Workgroup' },
  workgroupActivity: { canonical: 'WAID', accepted: ['WAID'], what: 'Workgroup activity' },
  webhook: { canonical: 'WHID', accepted: ['WHID', 'WID'], ruling: 'R-id-webhook', what: 'Webhook' },
  threshold: { canonical: 'THID', accepted: ['THID'], what: 'Threshold' },
  thresholdAssignment: { canonical: 'TAID', accepted: ['TAID'], what: 'Threshold assignment' },
  feature: { canonical: 'FEID', accepted: ['FEID'], what: 'Feature' },
  featureAssignment: { canonical: 'FAID', accepted: ['FAID'], what: 'Feature assignment' },
  availabilityRequest: { canonical: 'T', accepted: ['T'], what: 'Availability request' },
};

export function idPattern(kind: string): string {
  const k = ID_KINDS[kind];
  if (!k) throw new Error(`unknown id kind ${kind}`);
  const alts = k.accepted.length === 1 ? k.accepted[0] : `(${k.accepted.join('|')})`;
  return `^${alts}-\\S+$`;
}

export function id(kind: string, extra: Json = {}): Json {
  const k = ID_KINDS[kind];
  const s: Json = { type: 'string', pattern: idPattern(kind), 'x-id-kind': kind, 'x-id-canonical': `${k.canonical}-` };
  if (k.ruling) s['x-ruling'] = k.ruling;
  return { ...s, ...extra };
}

const e164: Json = { type: 'string', pattern: E164 };
const uri: Json = { type: 'string', format: 'uri' };
const bool: Json = { type: 'boolean' };
const int: Json = { type: 'integer' };
const str: Json = { type: 'string' };
const secret = (s: Json = str): Json => ({ ...s, 'x-secret': true });

export const NUMBER_TYPE_RESPONSE = ['mobile', 'mvno', 'iot', 'voip', 'Mobile', 'MVNO', 'IoT', 'VoIP'];
export const PRODUCT_TYPES = ['Sms-Only', 'Data-Only', 'Sms+Data', 'Sms+Data+Voice'];
export const PRODUCT_TYPES_LOWER = ['sms-only', 'data-only', 'sms+data', 'sms+data+voice'];
export const ORDER_STATUSES = ['Submitted', 'Pending', 'Pending Carrier Approval', 'Scheduled', 'Complete', 'Completed', 'Rejected', 'Cancelled', 'Error'];
export const STATUS_CHANGES = ['activate', 'cancel', 'swap', 'swap-sim', 'replace', 'park'];
/** R-status-verbs: the action codes as the numbers/status description writes them (`Cancel`, `Park`, `Swap-Sim`…) */
export const STATUS_CHANGES_TITLE = ['Activate', 'Cancel', 'Swap', 'Swap-Sim', 'Replace', 'Park'];
export const THROTTLE_SPEEDS = ['64-kbps', '128-kbps', '256-kbps', '512-kbps', '1-mbps', '5-mbps', '20-mbps', '50-mbps', '100-mbps'];
export const MESSAGE_STATUSES = [
  'Queued',
  'Sending',
  'Sent',
  'Delivered',
  'Undelivered',
  'Failed',
  'Received',
  'Rejected',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'received',
  'rejected',
];
export const DIRECTIONS = ['Inbound', 'Outbound', 'INBOUND', 'OUTBOUND', 'inbound', 'outbound'];

/** Cost: a number (R-cost-type). The currency string is tolerated only where the vendor shows it (overrides.ts). */
export const COST: Json = { type: 'number', 'x-ruling': 'R-cost-type' };
export const COST_STRING_TOLERATED: Json = { 'x-tolerated': [{ type: 'string', pattern: '^\\$?\\d+(\\.\\d+)?$' }] };
/** MessageEnabled / VoiceEnabled: booleans; "true"/"false" strings tolerated only where the vendor shows them (inventory). */
const BOOL_FLAG: Json = { type: 'boolean', 'x-ruling': 'R-message-enabled-type' };
export const BOOL_STRING_TOLERATED: Json = { 'x-tolerated': [{ type: 'string', enum: ['true', 'false'] }] };

/** By field name (exact, case-sensitive). Applies everywhere unless an operation override says otherwise. */
export const FIELDS: Record<string, Json> = {
  // --- identifiers
  AccountId: id('account'),
  AccountID: id('account', { 'x-ruling': 'R-accountid-spelling' }),
  DistributorId: id('distributor'),
  AggregatorId: id('aggregator'),
  AccountKey: id('accountKey'),
  SubscriberId: id('subscriber'),
  AssignedSubscriberId: id('subscriber'),
  ParentSubscriberId: id('subscriber'),
  ChildSubscriberId: id('subscriber'),
  ProductId: id('product'),
  PackageId: id('package'),
  PackageItemId: id('packageItem'),
  SubscriptionId: id('subscription'),
  MessageRouteId: id('messageRoute'),
  MRID: id('messageRoute'),
  CallRouteId: id('callRoute'),
  VoiceRouteId: id('callRoute'),
  PhoneNumberId: id('number'),
  TNID: id('number'),
  Tnid: id('number'),
  OrderId: id('order'),
  UpdateOrderId: id('order'),
  MessageId: id('message'),
  MessageID: id('message'),
  CampaignId: id('campaign'),
  CampaignID: id('campaign'),
  ServiceId: id('service'),
  ScheduleId: id('schedule'),
  WorkgroupId: id('workgroup'),
  WorkgroupActivityId: id('workgroupActivity'),
  WebhookId: id('webhook'),
  ThresholdId: id('threshold'),
  ThresholdAssignmentId: id('thresholdAssignment'),
  FeatureId: id('feature'),
  FeatureAssignmentId: id('featureAssignment'),
  RequestId: id('availabilityRequest'),
  // FilterId depends on the filter kind: set per operation (message filter MFID-, call filter CFID-).
  // --- phone numbers (E.164)
  Number: e164,
  PhoneNumber: e164,
  PhoneNumberAssigned: e164,
  Phone: e164,
  Owner: e164,
  From: e164,
  TelegentPhone: e164,
  MSISDN: e164,
  PortInNumber: e164,
  PortOutNumber: e164,
  'AllowedContacts[]': e164,
  'BlockedContacts[]': e164,
  'AllowedNumbers[]': e164,
  'BlockedNumbers[]': e164,
  'NotificationPhones[]': e164,
  'PhoneNumbers[]': e164,
  // --- dates and times
  tokenExpiry: { type: 'string', pattern: TOKEN_EXPIRY, 'x-ruling': 'R-token-expiry-format' },
  OriginalDatePurchased: { type: 'string', pattern: US_DATE, 'x-ruling': 'R-datetime-offset' },
  CreatedOn: {
    type: 'string',
    pattern: `(${ISO_LOCAL_OR_ZONED})|(^\\d{2}:\\d{2}:\\d{2} [A-Z]{3,4} \\d{4}-\\d{2}-\\d{2}$)`,
    'x-ruling': 'R-created-on-format',
  },
  // --- urls, emails
  MessageUrl: uri,
  CallbackMessageUrl: uri,
  VoiceUrl: uri,
  CallbackVoiceUrl: uri,
  TrunkUri1: uri,
  TrunkUri2: uri,
  WssUri: uri,
  QRCode: uri,
  QrCode: uri,
  QrActivationLink: uri,
  MediaUrl: uri,
  WebhookUrl: uri,
  AnnouncementUrl: uri,
  Email: { type: 'string', format: 'email' },
  // --- secrets echoed by the vendor (never log)
  token: secret({ type: 'string', minLength: 1 }),
  Secret: secret(),
  MessagePasswordToken: secret(),
  CallbackMessagePasswordToken: secret(),
  VoicePasswordToken: secret(),
  CallbackVoicePasswordToken: secret(),
  AuthenticationPassword: secret(),
  AuthenticationToken: secret(),
  PortOutPin: secret(),
  PortOutPIN: secret(),
  // --- typed values
  ICCID: { type: 'string', pattern: ICCID, 'x-ruling': 'R-iccid-format' },
  Iccid: { type: 'string', pattern: ICCID, 'x-ruling': 'R-iccid-format' },
  ZipCode: { type: 'string', pattern: ZIP_OR_EMPTY },
  Zipcode: { type: 'string', pattern: ZIP_OR_EMPTY },
  IpAddress: { type: 'string', pattern: IPV4 },
  Cost: COST,
  Price: { type: 'number', 'x-ruling': 'R-package-item-price-type' },
  MessageEnabled: BOOL_FLAG,
  VoiceEnabled: BOOL_FLAG,
  DataEnabled: bool,
  Active: bool,
  Monthly: bool,
  Successful: bool,
  successful: bool,
  Eligible: bool,
  VoicemailEnabled: bool,
  VoicemailActivated: bool,
  NumberType: { type: 'string', enum: NUMBER_TYPE_RESPONSE, 'x-ruling': 'R-number-type' },
  Classification: { type: 'string', enum: ['MVNO', 'IoT', 'VoIP', 'mvno', 'iot', 'voip'], 'x-ruling': 'R-number-type' },
  ProductType: { type: 'string', enum: [...PRODUCT_TYPES, ...PRODUCT_TYPES_LOWER], 'x-ruling': 'R-product-type-case' },
  MessageType: { type: 'string', enum: ['a2p', 'p2p', 'A2P', 'P2P'], 'x-ruling': 'R-message-type-case' },
  OrderStatus: { type: 'string', enum: ORDER_STATUSES, 'x-ruling': 'R-order-status' },
  UpdateOrderStatus: { type: 'string', enum: ORDER_STATUSES, 'x-ruling': 'R-order-status' },
  OrderType: { type: 'string', enum: ['portin', 'portout', 'provision', 'update', 'status'], 'x-ruling': 'R-order-status', 'x-provisional': true },
  ChangeType: { type: 'string', enum: [...STATUS_CHANGES, ...STATUS_CHANGES_TITLE], 'x-ruling': 'R-status-verbs' },
  ThrottleSpeed: {
    type: 'string',
    pattern: '^(\\d+-(kbps|mbps)|thr\\d+(kbps|mbps))$',
    'x-ruling': 'R-throttle-speed',
  },
  ValueUnit: { type: 'string', enum: ['MB'] },
  Direction: { type: 'string', enum: DIRECTIONS, 'x-ruling': 'R-message-direction-case' },
  Role: { type: 'string', enum: ['Subscriber', 'Manager', 'Account Admin'] },
  RouteType: { type: 'string', enum: ['Trunk', 'URL', 'Forward'] },
  MessageUrlMethod: { type: 'string', enum: ['GET', 'POST'] },
  CallbackMessageUrlMethod: { type: 'string', enum: ['GET', 'POST'] },
  VoiceUrlMethod: { type: 'string', enum: ['GET', 'POST'] },
  CallbackVoiceUrlMethod: { type: 'string', enum: ['GET', 'POST'] },
  MessageAuthenticationType: { type: 'string', enum: ['None', 'Basic', 'Bearer'] },
  CallbackMessageAuthenticationType: { type: 'string', enum: ['None', 'Basic', 'Bearer'] },
  VoiceAuthenticationType: { type: 'string', enum: ['None', 'Basic', 'Bearer'] },
  TrunkTransport1: { type: 'string', enum: ['UDP', 'TCP', 'TLS'] },
  TrunkTransport2: { type: 'string', enum: ['UDP', 'TCP', 'TLS'] },
  TrunkPort1: { type: 'string', pattern: '^\\d{1,5}$' },
  TrunkPort2: { type: 'string', pattern: '^\\d{1,5}$' },
  TrunkIp1: { type: 'string', pattern: IPV4 },
  TrunkIp2: { type: 'string', pattern: IPV4 },
  Trunk1Priortiy: { type: 'integer', 'x-ruling': 'R-trunk-priority-spelling' },
  Trunk2Priortiy: { type: 'integer', 'x-ruling': 'R-trunk-priority-spelling' },
  Trunk1Weight: int,
  Trunk2Weight: int,
  BillingFrequency: { type: 'string', 'x-ruling': 'R-billing-frequency' },
  SimStatus: { type: 'string', enum: ['Active', 'Suspended', 'Empty'] },
  FilterMode: { type: 'string', enum: ['ACTIVE', 'MONITOR_ONLY', 'INACTIVE', 'WHITELIST', 'BLACKLIST', 'CHILD', 'TEENAGER', 'ADOLESCENT'] },
  TranscriptionAction: { type: 'string', enum: ['WARNING', 'TERMINATE', 'NOTIFY'] },
  Relation: { type: 'string', enum: ['Parent', 'Guardian'], 'x-ruling': 'R-guardian-relation' },
  // counters
  TotalSubscribers: int,
  TotalAccounts: int,
  TotalRoutes: int,
  TotalServices: int,
  TotalProducts: int,
  TotalPackages: int,
  TotalSubscriptions: int,
  TotalSchedules: int,
  TotalResults: int,
  ResultsTotal: int,
  ResultsTotalRecords: int,
  ResultsPages: int,
  PageNumber: int,
  Page: int,
  Results: int,
  Total: int,
  SwapsRemaining: int,
  NotifyValue: int,
  ThrottleValue: int,
  LimitValue: int,
  ThresholdAmount: int, // integers in the requests and every example
};

const nstr = (extra: Json = {}): Json => ({ type: 'string', nullable: true, ...extra });
/** Billing / mailing address as every vendor account and distributor example shows it (all six keys, any may be null). */
export const ADDRESS: Json = {
  type: 'object',
  required: ['Street1', 'Street2', 'City', 'State', 'Zip', 'Country'],
  'x-ruling': 'R-null-string-literal',
  properties: {
    Street1: nstr(),
    Street2: nstr(),
    City: nstr(),
    State: nstr(),
    Zip: nstr({ pattern: ZIP_OR_EMPTY }),
    Country: nstr(),
  },
};
FIELDS.BillingAddress = ADDRESS;
FIELDS.MailingAddress = ADDRESS;
for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
  FIELDS[`${day}StartTime`] = { type: 'string', pattern: CLOCK_12H_OR_EMPTY };
  FIELDS[`${day}EndTime`] = { type: 'string', pattern: CLOCK_12H_OR_EMPTY };
}
FIELDS.Filter = { type: 'string', enum: ['All', 'Active', 'Inactive'] };

/** Field-name fallbacks by suffix when a field is not in FIELDS. */
export function heuristic(name: string, sample: unknown): Json | undefined {
  if (typeof sample === 'string') {
    if (/^\+\d{6,}$/.test(sample)) return { ...e164 };
    if (/^https?:\/\/|^wss?:\/\//.test(sample)) return { ...uri };
  }
  if (/(Date|Deleted|DeliveredOn|CreatedAt)$/.test(name) && typeof sample === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(sample)) {
    return 'date-time-candidate';
  }
  return undefined;
}
