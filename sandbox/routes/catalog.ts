import { HandlerMap, type Ctx } from './types';
import { crud, CrudCfg, deleter, filterActive, getOrLatest, idFrom, viewOf } from './crud';
import { bad, issuedPrefix, newId, notFound, pick, PREFIX, shownIccid, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';

const AGG = 'AGID-00000000-0000-4000-8000-0000000000a1';

const product: CrudCfg = {
  coll: 'products',
  what: 'Product',
  idField: 'ProductId',
  prefix: PREFIX.product,
  prefixFor: (sb) => issuedPrefix(sb.drift, 'product'),
  create: 'POST /v1.0/products',
  get: 'GET /v1.0/products',
  update: 'POST /v1.0/products/update',
  del: 'POST /v1.0/products/delete',
  required: ['SKU'],
  check: (_c, b) => {
    if (b.Cost !== undefined && b.Cost !== null && (typeof b.Cost !== 'number' || b.Cost < 0)) throw bad('Cost must be a non-negative number');
  },
  defaults: ({ dist }) => ({ Active: true, AggregatorId: AGG, DistributorId: dist }),
  // (drift product-cost-string is applied after shaping, in server.ts: the shaper would turn it back into a number)
  view: (sb, r) => (sb.drift.isDrift('product-cost-rounded') && typeof r.Cost === 'number' ? { Cost: Math.round(r.Cost) } : {}),
};

/** a package created without a SubscriberId has none (null) — R-sandbox-response-values */
function pkgView(sb: Sandbox, r: Rec) {
  return { DistributorId: r._dist, AggregatorId: AGG, SubscriberId: str(r.SubscriberId) ?? null };
}

/** money fields are non-negative numbers (or numeric strings, as the vendor's package-item examples send them) */
export function checkMoney(b: any, ...fields: string[]) {
  for (const f of fields) {
    const v = b?.[f];
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/^\$/, '')) : NaN;
    if (!Number.isFinite(n) || n < 0) throw bad(`${f} must be a non-negative amount`);
  }
}
const pkg: CrudCfg = {
  coll: 'packages',
  what: 'Package',
  idField: 'PackageId',
  prefix: PREFIX.package,
  get: 'GET /v1.0/packages',
  update: 'POST /v1.0/packages/update',
  del: 'POST /v1.0/packages/delete',
  view: pkgView,
  check: (_c, b) => checkMoney(b, 'Price'),
};
const pkgItem: CrudCfg = {
  coll: 'packageItems',
  what: 'Package item',
  idField: 'PackageItemId',
  prefix: PREFIX.packageItem,
  update: 'POST /v1.0/packages/items/update',
  del: 'POST /v1.0/packages/items/delete',
  check: (_c, b) => checkMoney(b, 'Price'),
  view: (_sb, r) => ({ AggregatorId: AGG, DistributorId: r._dist, Price: Number(r.Price ?? 0) }),
};
const service: CrudCfg = {
  coll: 'services',
  what: 'Service',
  idField: 'ServiceId',
  prefix: PREFIX.service,
  create: 'POST /v1.0/services',
  get: 'GET /v1.0/services',
  required: ['ServiceName'],
  check: (_c, b) => checkMoney(b, 'Cost', 'Price'),
  defaults: () => ({ Active: true }),
};
const subscription: CrudCfg = {
  coll: 'subscriptions',
  what: 'Subscription',
  idField: 'SubscriptionId',
  prefix: PREFIX.subscription,
  update: 'POST /v1.0/subscriptions/update',
  del: 'POST /v1.0/subscriptions/delete',
  check: ({ sb, dist }, b, existing) => {
    if (b.SubscriberId !== undefined) sb.store.get('subscribers', str(b.SubscriberId), dist, 'Subscriber');
    if (b.PackageId !== undefined) sb.store.get('packages', str(b.PackageId), dist, 'Package');
    if (b.TNID !== undefined && b.TNID !== null) b.TNID = resolveTnid(sb, dist, b.TNID)._id;
    const tnid = b.TNID ?? existing?.TNID;
    const n = tnid ? sb.store.find('numbers', tnid) : undefined;
    const sub = sb.store.find('subscribers', b.SubscriberId ?? existing?.SubscriberId);
    if (n && sub && (b.TNID !== undefined || b.Type !== undefined || b.SubscriberId !== undefined))
      checkSubscriptionNumber(sb, dist, n, sub, str(b.Type ?? existing?.Type), existing);
  },
};
/** seed 003 §7: Type "must match the kind of number the Subscription is on"; one subscription per number */
function checkSubscriptionNumber(sb: Sandbox, dist: string, n: Rec, sub: Rec, type: string | undefined, self?: Rec) {
  // drift subscription-type-mismatch-accepted: the Type is stored as sent, whatever the number's kind
  const mismatchOk = sb.drift.isDrift('subscription-type-mismatch-accepted');
  if (type && !mismatchOk && type.toLowerCase() !== String(n.NumberType).toLowerCase())
    throw bad(`Type ${type} does not match the number's type (${n.NumberType})`);
  if (n.AssignedSubscriberId && n.AssignedSubscriberId !== sub._id) throw bad(`Number ${n.Number} is assigned to another subscriber`);
  if (
    !sb.drift.isDrift('subscription-duplicate-accepted') &&
    sb.store.list('subscriptions', dist, (s) => s !== self && s.TNID === n._id && s.Active !== false).length
  )
    throw bad(`Number ${n.Number} already has an active subscription (one subscription per number)`);
}
function resolveTnid(sb: Sandbox, dist: string, v: unknown): Rec {
  const s = str(v);
  if (!s) throw bad('TNID is required');
  if (s.startsWith('+')) {
    const n = sb.store.numberByE164(s);
    if (!n || n._dist !== dist) throw notFound(`Number ${s} not found`);
    return n;
  }
  return sb.store.get('numbers', s, dist, 'Number');
}
/** drift package-item-add-unknown-package-accepted: an item added to a PackageId that names none is kept, orphaned */
function packageOrOrphan(sb: Sandbox, dist: string, id: string | undefined): Rec {
  if (!sb.drift.isDrift('package-item-add-unknown-package-accepted') || !id || sb.store.find('packages', id))
    return sb.store.get('packages', id, dist, 'Package');
  return { _id: id } as Rec;
}
function tryResolveTnid(sb: Sandbox, dist: string, v: unknown): Rec | undefined {
  try {
    return resolveTnid(sb, dist, v);
  } catch {
    return undefined;
  }
}
/** vendor OpenAPI Threshold_Request descriptions: "Supported values" of ThresholdType, ThresholdUnit, ThresholdAction */
const THRESHOLD_VALUES: Record<string, string[]> = {
  ThresholdType: ['Data', 'SMS', 'Voice'],
  ThresholdUnit: ['MB', 'GB', 'Count'],
  ThresholdAction: ['Alert', 'Pause', 'Restrict'],
};
const threshold: CrudCfg = {
  coll: 'thresholds',
  what: 'Threshold',
  idField: 'ThresholdId',
  prefix: PREFIX.threshold,
  create: 'POST /v1.0/subscriptions/thresholds/add',
  get: 'GET /v1.0/subscriptions/thresholds',
  update: 'POST /v1.0/subscriptions/thresholds/update',
  del: 'POST /v1.0/subscriptions/thresholds/delete',
  accountScoped: true,
  defaults: () => ({ Active: true }),
  check: (_c, b) => {
    for (const [f, values] of Object.entries(THRESHOLD_VALUES)) {
      const v = b?.[f];
      if (v === undefined || v === null) continue;
      const hit = values.find((x) => x.toLowerCase() === String(v).toLowerCase());
      if (!hit) throw bad(`${f} must be one of ${values.join(', ')}`);
      b[f] = hit;
    }
    if (b?.ThresholdAmount !== undefined && b.ThresholdAmount !== null && (typeof b.ThresholdAmount !== 'number' || b.ThresholdAmount < 0))
      throw bad('ThresholdAmount must be a non-negative integer');
  },
};
const thresholdHandlers = crud(threshold);
/** drift threshold-unit-readback (sandbox/drift/modes-addons.ts): a Data threshold written in MB reads back in GB */
function thresholdRead(ctx: Ctx) {
  const out: any = thresholdHandlers['GET /v1.0/subscriptions/thresholds'](ctx);
  if (ctx.sb.drift.isDrift('threshold-unit-readback') && out && typeof out === 'object' && String(out.ThresholdUnit).toUpperCase() === 'MB')
    out.ThresholdUnit = 'GB';
  return out;
}
const thresholdAsg: CrudCfg = {
  coll: 'thresholdAssignments',
  what: 'Threshold assignment',
  idField: 'ThresholdAssignmentId',
  prefix: PREFIX.thresholdAssignment,
  create: 'POST /v1.0/subscriptions/thresholds/assignments/add',
  update: 'POST /v1.0/subscriptions/thresholds/assignments/update',
  del: 'POST /v1.0/subscriptions/thresholds/assignments/delete',
  defaults: () => ({ Active: true }),
  check: ({ sb, dist }, b) => {
    if (b.ThresholdId !== undefined) sb.store.get('thresholds', str(b.ThresholdId), dist, 'Threshold');
    if (b.SubscriptionId !== undefined) sb.store.get('subscriptions', str(b.SubscriptionId), dist, 'Subscription');
  },
};
const feature: CrudCfg = {
  coll: 'features',
  what: 'Feature',
  idField: 'FeatureId',
  prefix: PREFIX.feature,
  create: 'POST /v1.0/subscriptions/features/add',
  get: 'GET /v1.0/subscriptions/features',
  update: 'POST /v1.0/subscriptions/features/update',
  del: 'POST /v1.0/subscriptions/features/delete',
  accountScoped: true,
  defaults: () => ({ Active: true }),
};
const featureAsg: CrudCfg = {
  coll: 'featureAssignments',
  what: 'Feature assignment',
  idField: 'FeatureAssignmentId',
  prefix: PREFIX.featureAssignment,
  create: 'POST /v1.0/subscriptions/features/assignments/add',
  update: 'POST /v1.0/subscriptions/features/assignments/update',
  del: 'POST /v1.0/subscriptions/features/assignments/delete',
  defaults: () => ({ Active: true }),
  check: ({ sb, dist }, b) => {
    if (b.FeatureId !== undefined) sb.store.get('features', str(b.FeatureId), dist, 'Feature');
    if (b.SubscriptionId !== undefined) sb.store.get('subscriptions', str(b.SubscriptionId), dist, 'Subscription');
  },
};

function subView(sb: Sandbox, s: Rec) {
  const v: any = { ...s, SubscriptionId: s._id, ICCID: shownIccid(sb.drift, s.ICCID) };
  if (sb.drift.isDrift('subscription-tnid-dropped')) v.TNID = null;
  return v;
}

function addItem(sb: Sandbox, dist: string, pkgRec: Rec, it: any, unresolved = false): Rec {
  const pid = str(it?.ProductId);
  if (!pid) throw bad('PackageItems[].ProductId is required');
  if (!unresolved) sb.store.get('products', pid, dist, 'Product');
  const id = newId(PREFIX.packageItem);
  return sb.store.insert('packageItems', id, dist, {
    PackageItemId: id,
    PackageId: pkgRec._id,
    ProductId: pid,
    Type: it.Type ?? null,
    Price: Number(it.Price ?? 0),
    Monthly: !!it.Monthly,
    Active: true,
  });
}

/** the active Packages bundling a Product (through an item of theirs not deleted nor inactive) */
function activePackagesWith(sb: Sandbox, dist: string, prid: string): string[] {
  const id = prid.toLowerCase();
  const items = sb.store.list('packageItems', dist, (it) => String(it.ProductId ?? '').toLowerCase() === id && it.Active !== false);
  const pkgs = items.map((it) => sb.store.find('packages', it.PackageId)).filter((p): p is Rec => !!p && !p._deleted && p.Active !== false);
  return [...new Set(pkgs.map((p) => p._id))];
}

/**
 * vendor OpenAPI POST /v1.0/products/delete: "Products included in active packages cannot be deleted — remove them
 * from all packages first" — refused 400 (ruling R-product-in-use); drift product-delete-in-package-accepted deletes it
 */
function productDelete(ctx: Ctx) {
  const id = idFrom(product, { ...ctx.query, ...ctx.body });
  const inUse = id && !ctx.sb.drift.isDrift('product-delete-in-package-accepted') ? activePackagesWith(ctx.sb, ctx.dist, id) : [];
  if (inUse.length) throw bad(`Product ${id} is included in active package(s) ${inUse.join(', ')}: remove it from all packages first`);
  return deleter(product, 'POST /v1.0/products/delete')(ctx);
}

/** drift product-not-listed: the product lists come from a catalog cache rebuilt nightly — a product created today is missing */
function listedProducts(sb: Sandbox, dist: string, query: Record<string, string>): Rec[] {
  const r = list(sb, dist, 'products', query);
  return sb.drift.isDrift('product-not-listed') ? r.filter((p) => p._created < sb.now() - 86_400_000) : r;
}

function list(sb: Sandbox, dist: string, coll: any, query: Record<string, string>, acctId?: string) {
  return sb.store.list(coll, dist, (r) => filterActive(query)(r) && (!acctId || !r._acct || r._acct === acctId));
}

export const catalogHandlers: HandlerMap = {
  ...crud(product),
  ...crud(pkg),
  ...crud(pkgItem),
  ...crud(service),
  ...crud(subscription),
  ...thresholdHandlers,
  'GET /v1.0/subscriptions/thresholds': thresholdRead,
  ...crud(thresholdAsg),
  ...crud(feature),
  ...crud(featureAsg),
  'POST /v1.0/products/delete': productDelete,
  'GET /v1.0/products': ({ sb, dist, query }) => {
    const id = str(pick(query, 'ProductId'));
    if (!id) throw bad('ProductId is required');
    const v: any = viewOf(product, sb, getOrLatest(sb, 'products', id, dist, 'Product', 'product-unknown-id-200'));
    // drift: Description stored in a 12-character column (silently truncated)
    if (sb.drift.isDrift('product-description-readback') && typeof v.Description === 'string') v.Description = v.Description.slice(0, 12);
    return respond('GET /v1.0/products', v);
  },
  'POST /v1.0/packages': ({ sb, dist, body }) => {
    const name = str(body.PackageName);
    if (!name) throw bad('PackageName is required');
    checkMoney(body, 'Price');
    (Array.isArray(body.PackageItems) ? body.PackageItems : []).forEach((it: any) => checkMoney(it, 'Price'));
    if (body.SubscriberId !== undefined && body.SubscriberId !== null && body.SubscriberId !== '')
      sb.store.get('subscribers', str(body.SubscriberId), dist, 'Subscriber');
    const items = Array.isArray(body.PackageItems) ? body.PackageItems : [];
    // drift package-unknown-product-accepted: the items' ProductIds are stored unresolved (a dangling reference)
    const dangling = sb.drift.isDrift('package-unknown-product-accepted');
    if (!dangling) for (const it of items) sb.store.get('products', str(it?.ProductId), dist, 'Product');
    const id = newId(issuedPrefix(sb.drift, 'package'));
    const { PackageItems: _pi, ...rest } = body;
    const rec = sb.store.insert('packages', id, dist, { ...rest, PackageId: id, Active: true });
    for (const it of items) addItem(sb, dist, rec, it, dangling);
    const v: any = viewOf(pkg, sb, rec);
    const out = respond('POST /v1.0/packages', v);
    if (sb.drift.isDrift('package-id-missing')) delete out.PackageId;
    return out;
  },
  'GET /v1.0/packages': (ctx) => {
    const out: any = crud(pkg)['GET /v1.0/packages'](ctx);
    // drift: Monthly read back inverted (a bit-field mapping bug on the read side)
    if (ctx.sb.drift.isDrift('package-monthly-readback') && out && typeof out.Monthly === 'boolean') out.Monthly = !out.Monthly;
    return out;
  },
  'GET /v1.0/packages/items': ({ sb, dist, query }) => {
    const p = sb.store.get('packages', str(pick(query, 'PackageId')), dist, 'Package');
    return respond(
      'GET /v1.0/packages/items',
      sb.store.list('packageItems', dist, (i) => i.PackageId === p._id).map((i) => viewOf(pkgItem, sb, i)),
    );
  },
  'POST /v1.0/packages/items/add': ({ sb, dist, body }) => {
    const p = packageOrOrphan(sb, dist, str(body.PackageId));
    checkMoney(body, 'Price');
    // drift package-item-add-unknown-product-accepted: the added item's ProductId is stored unresolved
    const it = addItem(sb, dist, p, body, sb.drift.isDrift('package-item-add-unknown-product-accepted'));
    // drift: the item's Price is stored as whole currency units (1.12 → 1)
    if (sb.drift.isDrift('package-item-price-truncated')) it.Price = Math.floor(Number(it.Price ?? 0));
    const out = respond('POST /v1.0/packages/items/add', viewOf(pkgItem, sb, it));
    // drift: the answer is built from the request, but the item's write is rolled back (never in the package)
    if (sb.drift.isDrift('package-item-add-not-kept')) it._deleted = true;
    return out;
  },
  'GET /v1.0/packages/subscriptions': ({ sb, dist, query }) => {
    const p = sb.store.get('packages', str(pick(query, 'PackageId')), dist, 'Package');
    // drift: the package's subscription list is served from a stale index without the SIM (ICCID null)
    const stale = sb.drift.isDrift('package-subscriptions-stale');
    return respond('GET /v1.0/packages/subscriptions', {
      ...viewOf(pkg, sb, p),
      Subscriptions: sb.store.list('subscriptions', dist, (s) => s.PackageId === p._id).map((s) => ({ ...subView(sb, s), ...(stale ? { ICCID: null } : {}) })),
    });
  },
  'POST /v1.0/subscriptions': ({ sb, dist, body }) => {
    for (const f of ['SubscriberId', 'PackageId']) if (!str(body[f])) throw bad(`${f} is required`);
    const sub = sb.store.get('subscribers', str(body.SubscriberId), dist, 'Subscriber');
    // R-subscription-tnid-optional: TNID is optional in the vendor's request schema → a subscription without a number
    // drift subscription-unknown-tnid-accepted: a TNID that names no number is stored unresolved
    const unresolved = sb.drift.isDrift('subscription-unknown-tnid-accepted');
    const n = str(body.TNID) ? (unresolved ? tryResolveTnid(sb, dist, body.TNID) : resolveTnid(sb, dist, body.TNID)) : undefined;
    // drift subscription-unknown-package-accepted: the PackageId is stored unresolved (billing finds no price plan)
    if (!sb.drift.isDrift('subscription-unknown-package-accepted')) sb.store.get('packages', str(body.PackageId), dist, 'Package');
    const type = str(body.Type);
    if (n) checkSubscriptionNumber(sb, dist, n, sub, type);
    const id = newId(PREFIX.subscription);
    const rec = sb.store.insert(
      'subscriptions',
      id,
      dist,
      {
        SubscriptionId: id,
        SubscriberId: sub._id,
        TNID: n?._id ?? (unresolved ? (str(body.TNID) ?? null) : null),
        ICCID: body.ICCID ?? n?.Iccid ?? null,
        PackageId: str(body.PackageId),
        Type: type ?? n?.NumberType ?? null,
        Active: true,
      },
      sub._acct,
    );
    if (n && !n.AssignedSubscriberId) n.AssignedSubscriberId = sub._id;
    const out: any = respond('POST /v1.0/subscriptions', subView(sb, rec));
    // drift: the billing side failed to attach the package, reported as Successful:false under 200
    if (sb.drift.isDrift('subscription-create-unsuccessful')) out.Successful = false;
    return out;
  },
  'GET /v1.0/subscriptions': ({ sb, dist, query }) => {
    const id = str(pick(query, 'SubscriptionId'));
    if (!id) throw bad('SubscriptionId is required');
    if (sb.drift.isDrift('subscription-not-readable')) throw notFound('Not found');
    const v = subView(sb, sb.store.get('subscriptions', id, dist, 'Subscription'));
    // drift subscription-read-inactive: the activation the create answered never reached the subscription's record
    if (sb.drift.isDrift('subscription-read-inactive')) v.Active = false;
    return respond('GET /v1.0/subscriptions', v);
  },
  'GET /v1.0/subscriptions/thresholds/assignments': ({ sb, dist, query }) => {
    const t = sb.store.get('thresholds', str(pick(query, 'ThresholdId')), dist, 'Threshold');
    return respond(
      'GET /v1.0/subscriptions/thresholds/assignments',
      sb.store.list('thresholdAssignments', dist, (a) => a.ThresholdId === t._id).map((a) => ({ ...a, ThresholdAssignmentId: a._id })),
    );
  },
  'GET /v1.0/subscriptions/features/assignments': ({ sb, dist, query }) => {
    const f = sb.store.get('features', str(pick(query, 'FeatureId')), dist, 'Feature');
    return respond(
      'GET /v1.0/subscriptions/features/assignments',
      sb.store.list('featureAssignments', dist, (a) => a.FeatureId === f._id).map((a) => ({ ...a, FeatureAssignmentId: a._id })),
    );
  },
  // services: the vendor documents no response body for update / delete
  'POST /v1.0/services/update': (ctx) => {
    const r = ctx.sb.store.get('services', str(ctx.body.ServiceId), ctx.dist, 'Service');
    checkMoney(ctx.body, 'Cost', 'Price');
    for (const [k, v] of Object.entries(ctx.body)) if (k !== 'ServiceId') r[k] = v;
    return { __status: 200, body: viewOf(service, ctx.sb, r) };
  },
  'POST /v1.0/services/delete': (ctx) => {
    deleter(service, 'POST /v1.0/services/delete')(ctx);
    return { __status: 200, body: { ServiceId: ctx.body.ServiceId, ServiceStatus: 'Deleted' } };
  },
  'GET /v1.0/services/items': ({ sb, dist, query }) => {
    const s = sb.store.get('services', str(pick(query, 'ServiceId')), dist, 'Service');
    return respond('GET /v1.0/services/items', { ServiceId: s._id, Items: sb.store.list('serviceItems', dist, (i) => i.ServiceId === s._id) });
  },
  'POST /v1.0/services/items/add': ({ sb, dist, body }) => {
    const s = sb.store.get('services', str(body.ServiceId), dist, 'Service');
    checkMoney(body, 'Price');
    const id = newId('SIID-');
    const it = sb.store.insert('serviceItems', id, dist, {
      ServiceId: s._id,
      DistributorId: body.DistributorId ?? dist,
      Price: body.Price ?? 0,
      Monthly: !!body.Monthly,
      Active: true,
    });
    return respond('POST /v1.0/services/items/add', { ...it, Successful: true });
  },
  'POST /v1.0/services/items/update': ({ sb, dist, body }) => {
    const s = sb.store.get('services', str(body.ServiceId), dist, 'Service');
    const it = sb.store.list('serviceItems', dist, (i) => i.ServiceId === s._id).pop();
    if (!it) throw notFound('Not found');
    checkMoney(body, 'Price');
    if (body.Price !== undefined) it.Price = body.Price;
    if (body.Monthly !== undefined) it.Monthly = body.Monthly;
    return respond('POST /v1.0/services/items/update', { ...it, Successful: true });
  },
  'POST /v1.0/services/items/delete': ({ sb, dist, body }) => {
    const s = sb.store.get('services', str(body.ServiceId), dist, 'Service');
    for (const it of sb.store.list('serviceItems', dist, (i) => i.ServiceId === s._id)) sb.store.remove('serviceItems', it);
    return respond('POST /v1.0/services/items/delete', { Successful: true });
  },
  // lists
  'GET /v1.0/account/products': ({ sb, dist, query }) => {
    // benign product-list-distributor-only: products created through the API are distributor-level, not the Account's
    const r = sb.drift.isDrift('product-list-distributor-only') ? [] : listedProducts(sb, dist, query);
    return respond('GET /v1.0/account/products', {
      DistributorId: dist,
      TotalProducts: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => listedProductView(sb, x)),
    });
  },
  'GET /v1.0/distributor/products': ({ sb, dist, query }) => {
    const r = listedProducts(sb, dist, query);
    return respond('GET /v1.0/distributor/products', {
      DistributorId: dist,
      TotalProducts: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => listedProductView(sb, x)),
    });
  },
  'GET /v1.0/account/packages': ({ sb, dist, query }) => {
    const r = list(sb, dist, 'packages', query);
    return respond('GET /v1.0/account/packages', {
      DistributorId: dist,
      TotalPackages: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => viewOf(pkg, sb, x)),
    });
  },
  'GET /v1.0/distributor/packages': ({ sb, dist, query }) => {
    const r = list(sb, dist, 'packages', query);
    return respond('GET /v1.0/distributor/packages', {
      DistributorId: dist,
      TotalPackages: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => viewOf(pkg, sb, x)),
    });
  },
  'GET /v1.0/account/subscriptions': ({ sb, dist, query }) => {
    const r = list(sb, dist, 'subscriptions', query);
    return respond('GET /v1.0/account/subscriptions', {
      AccountId: sb.account(dist, pick(query, 'AccountId'))._id,
      TotalSubscriptions: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => subView(sb, x)),
    });
  },
  'GET /v1.0/distributor/subscriptions': ({ sb, dist, query }) => {
    const r = list(sb, dist, 'subscriptions', query);
    return respond('GET /v1.0/distributor/subscriptions', {
      DistributorId: dist,
      TotalSubscriptions: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => subView(sb, x)),
    });
  },
  'GET /v1.0/account/services': ({ sb, dist, query }) => {
    const r = list(sb, dist, 'services', query);
    return respond('GET /v1.0/account/services', {
      AggregatorId: AGG,
      TotalServices: r.length,
      Filter: pick(query, 'Filter') ?? 'All',
      Results: r.map((x) => ({ ...x, ServiceId: x._id })),
    });
  },
};

/**
 * A product as the product lists show it; benign billing-frequency-code: BillingFrequency as the code the vendor's
 * account/products and distributor/products examples show ("1" for the eSim product the guide creates with "MRC").
 */
function listedProductView(sb: Sandbox, x: Rec) {
  const v: any = viewOf(product, sb, x);
  // drift product-list-billing-frequency-wrong: the list swaps the product's billing cadence (MRC shown NRC and back)
  if (sb.drift.isDrift('product-list-billing-frequency-wrong') && typeof v.BillingFrequency === 'string')
    v.BillingFrequency = v.BillingFrequency.toUpperCase() === 'MRC' ? 'NRC' : 'MRC';
  if (sb.drift.isDrift('billing-frequency-code') && typeof v.BillingFrequency === 'string')
    v.BillingFrequency = v.BillingFrequency.toUpperCase() === 'MRC' ? '1' : v.BillingFrequency.toUpperCase() === 'NRC' ? '0' : v.BillingFrequency;
  return v;
}
