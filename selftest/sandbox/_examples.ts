/** builds, for every operation, the vendor's own request example with the world's IDs substituted */
import { opTable, sampleFromSchema, resolveRef } from '../../sandbox/template';
import { projectDocument } from '../../sandbox/contract';
import { randomPortable, uniq, World } from './_world';

export interface Call {
  key: string;
  method: string;
  path: string;
  body?: any;
  query: Record<string, string>;
  fromVendorSample: boolean;
}

function idFor(key: string, field: string, w: World): string | undefined {
  const callish = /call-filter/.test(key);
  const map: Record<string, string | undefined> = {
    AccountId: w.accountId,
    AccountID: w.accountId,
    FromAccountId: w.accountId,
    ToAccountId: w.account2Id,
    SubscriberId: w.subscriberId,
    AssignedSubscriberId: w.subscriberId,
    ParentSubscriberId: w.subscriberId,
    ChildSubscriberId: w.subscriber2Id,
    MessageRouteId: w.messageRouteId,
    MessageRouteID: w.messageRouteId,
    VoiceRouteId: w.voiceRouteId,
    CallRouteId: w.voiceRouteId,
    CallRouteID: w.voiceRouteId,
    ProductId: w.productId,
    PackageId: w.packageId,
    PackageItemId: w.packageItemId,
    TNID: w.numberDId,
    SubscriptionId: w.subscriptionId,
    FilterId: callish ? w.callFilterId : w.messageFilterId,
    MessageFilterId: w.messageFilterId,
    CallFilterId: w.callFilterId,
    ServiceId: w.serviceId,
    ThresholdId: w.thresholdId,
    ThresholdAssignmentId: w.thresholdAssignmentId,
    FeatureId: w.featureId,
    FeatureAssignmentId: w.featureAssignmentId,
    WorkgroupId: w.workgroupId,
    ReferenceWorkgroupId: w.workgroupId,
    WorkgroupActivityId: w.workgroupActivityId,
    WebhookId: w.webhookId,
    OrderId: w.portOrderId,
    MessageId: w.messageId,
    DistributorId: w.distributorId,
    ScheduleId: 'SCH-00000000-0000-4000-8000-000000000001',
  };
  if (key === 'POST /v1.0/products/delete' && field === 'ProductId') return w.spareProductId; // R-product-in-use
  if (key === 'POST /v1.0/subscriptions' && field === 'TNID') return w.numberDId;
  if (/subscriptions\/update/.test(key) && field === 'TNID') return w.numberAId;
  return map[field];
}

function phoneFor(key: string, field: string, w: World): string | undefined {
  if (key === 'POST /v1.0/numbers/reactivate' && field === 'PhoneNumber') return w.numberC;
  if (field === 'PortInNumber') return randomPortable();
  if (key === 'POST /v1.0/numbers/portin/eligibility') return randomPortable();
  if (['Number', 'PhoneNumber', 'From', 'Owner', 'PortOutNumber', 'MSISDN', 'Phone', 'TelegentPhone'].includes(field)) return w.numberA;
  return undefined;
}

function subst(key: string, v: any, w: World, field = ''): any {
  if (Array.isArray(v)) {
    if (field === 'PhoneNumbers' && v.length && typeof v[0] === 'object')
      return v.map((x, i) => ({ ...subst(key, x, w), Number: i === 0 ? w.numberA : w.numberB }));
    if (field === 'To') return v.map((x, i) => ({ Number: i === 0 ? w.numberB : '+18015737111' }));
    return v.map((x) => subst(key, x, w, field));
  }
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = subst(key, x, w, k);
    return o;
  }
  if (typeof v !== 'string') return v;
  const id = idFor(key, field, w);
  if (id && /^[A-Z]{2,6}-/.test(v)) return id;
  if (id && ['AccountId', 'ScheduleId', 'DistributorId'].includes(field)) return id;
  const ph = phoneFor(key, field, w);
  if (ph && /^\+?\d+$/.test(v)) return ph;
  if (field === 'Email') return `ex-${uniq()}@example.com`;
  if (field === 'ICCID' && key === 'POST /v1.0/numbers/provision') return '89' + String(Date.now()).padStart(17, '0').slice(-17);
  return v;
}

export function buildCalls(w: World): Call[] {
  const doc = projectDocument();
  const calls: Call[] = [];
  for (const meta of opTable().values()) {
    const op = doc.paths[meta.path][meta.method.toLowerCase()];
    let sample: any = meta.requestSamples[0];
    let fromVendor = sample !== undefined;
    const query: Record<string, string> = {};
    if (meta.method === 'GET' && sample && typeof sample === 'object') {
      for (const [k, v] of Object.entries(sample)) query[k] = String(subst(meta.key, v, w, k));
      sample = undefined;
    }
    for (const p of op.parameters ?? []) {
      const pp = resolveRef(doc, p);
      if (pp.in !== 'query' || query[pp.name] !== undefined) continue;
      const v = idFor(meta.key, pp.name, w) ?? phoneFor(meta.key, pp.name, w);
      if (v && (pp.required || /Id$|ID$|Number$|^Phone/.test(pp.name))) query[pp.name] = v;
    }
    if (meta.key === 'GET /v1.0/message/search') delete query.phoneNumber;
    if (meta.key === 'GET /v1.0/numbers') {
      delete query.Number;
      delete query.ICCID;
    }
    if (meta.method === 'POST' && sample === undefined && meta.hasBody) {
      const rb = op.requestBody?.content?.['application/json']?.schema;
      sample = sampleFromSchema(doc, rb);
      fromVendor = false;
    }
    calls.push({
      key: meta.key,
      method: meta.method,
      path: meta.path,
      body: sample === undefined ? undefined : subst(meta.key, sample, w),
      query,
      fromVendorSample: fromVendor,
    });
  }
  const rank = (k: string) =>
    /(\/delete|\/remove|portin\/cancel|subscribers\/transfer)$/.test(k)
      ? 3
      : /\/update$/.test(k)
        ? 2
        : /^POST .*(\/add|\/create|\/activate)$/.test(k) ||
            /^POST \/v1\.0\/(products|packages|services|workgroups|subscriptions|message\/routes|voice\/routes)$/.test(k)
          ? 0
          : 1;
  // the token op first; order reads after the op that created them
  // deletes: children (deeper paths) before their parents
  return calls.sort((a, b) => rank(a.key) - rank(b.key) || (rank(a.key) === 3 ? b.path.split('/').length - a.path.split('/').length : 0));
}
