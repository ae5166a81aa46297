import { HandlerMap } from './types';
import { bad, isE164, isoOffset, newId, notFound, pick, PREFIX, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';

function subscriberOf(sb: Sandbox, dist: string, id: unknown, field = 'SubscriberId'): Rec {
  const s = str(id);
  if (!s) throw bad(`${field} is required`);
  return sb.store.get('subscribers', s, dist, 'Subscriber');
}

function phones(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(`${field} must be an array of E.164 phone numbers`);
  v.forEach((x, i) => {
    if (!isE164(x)) throw bad(`${field}[${i}] must be an E.164 phone number`);
  });
  return v as string[];
}

function keywords(kf: unknown) {
  const empty = { CustomKeywords: [] as string[], SystemKeywords: {}, SeverityMap: {} };
  if (typeof kf !== 'string' || !kf.trim()) return empty;
  let s = kf.trim();
  if (!s.startsWith('{')) s = `{${s}}`;
  try {
    const o = JSON.parse(s);
    return { CustomKeywords: o.CustomKeywords ?? [], SystemKeywords: o.SystemKeywords ?? {}, SeverityMap: o.SeverityMap ?? {} };
  } catch {
    return empty;
  }
}

/**
 * SMS filter levels (seed 003 §10.3: CHILD | ADOLESCENT | TEENAGER on top of the allow / block lists). The documented
 * message-filter fields carry no level (FilterMode is ACTIVE | MONITOR_ONLY | INACTIVE): ruling R-sms-filter-level —
 * the level rides in `FilterLevel`; the sandbox refuses another value, stores it and echoes it (an undocumented
 * response field: a warning, R-response-extra-fields).
 */
const SMS_FILTER_LEVELS = ['CHILD', 'ADOLESCENT', 'TEENAGER'];
function checkFilterLevel(b: any) {
  const v = b?.FilterLevel;
  if (v === undefined || v === null || v === '') return;
  if (typeof v !== 'string' || !SMS_FILTER_LEVELS.includes(v.toUpperCase())) throw bad(`FilterLevel must be one of ${SMS_FILTER_LEVELS.join(', ')}`);
  b.FilterLevel = v.toUpperCase();
}
function withLevel(c: FilterCfg, f: Rec | undefined, out: any) {
  if (c.kind === 'message' && f && out && typeof out === 'object' && f.FilterLevel) out.FilterLevel = f.FilterLevel;
  return out;
}

interface FilterCfg {
  kind: 'message' | 'call';
  coll: 'messageFilters' | 'callFilters';
  prefix: string;
  base: string; // /v1.0/subscribers/message-filter
  idParam: string; // MessageFilterId | CallFilterId
  allowed: string; // AllowedContacts | AllowedNumbers
  blocked: string;
  listField: string; // Contacts | Numbers
  allowedPath: string; // allowed-contacts | allowed-numbers
  blockedPath: string;
}

type FilterGet = (sb: Sandbox, dist: string, src: Record<string, unknown>, requireSub: boolean) => Rec;

/** One filter by its ID (and, when given, its subscriber): 400 without the ID, 404 when not the subscriber's. */
function filterGetter(c: FilterCfg): FilterGet {
  return (sb, dist, src, requireSub) => {
    const id = str(pick(src, c.idParam, 'FilterId'));
    if (!id) throw bad(`${c.idParam} is required`);
    const f = sb.store.get(c.coll, id, dist, `${c.kind === 'message' ? 'Message' : 'Call'} filter`);
    const sid = str(pick(src, 'SubscriberId'));
    if (requireSub && !sid) throw bad('SubscriberId is required');
    if (sid && sid.toLowerCase() !== String(f.SubscriberId).toLowerCase()) throw notFound(`Filter ${id} not found for subscriber ${sid}`);
    return f;
  };
}

function checkFilterBody(c: FilterCfg, b: any): void {
  if (b.Phone !== undefined && b.Phone !== null && b.Phone !== '' && !isE164(b.Phone)) throw bad('Phone must be an E.164 phone number');
  phones(b[c.allowed], c.allowed);
  phones(b[c.blocked], c.blocked);
  phones(b.NotificationPhones, 'NotificationPhones');
}

/** The allow and block lists of a filter: read, add (incrementally), remove. */
function listHandlers(c: FilterCfg, get: FilterGet): HandlerMap {
  const h: HandlerMap = {};
  for (const [path, field] of [
    [c.allowedPath, c.allowed],
    [c.blockedPath, c.blocked],
  ] as const) {
    h[`GET ${c.base}/${path}`] = ({ sb, dist, query }) => respond(`GET ${c.base}/${path}`, get(sb, dist, query, true)[field] ?? []);
    h[`POST ${c.base}/${path}/add`] = ({ sb, dist, body }) => {
      const f = get(sb, dist, body, true);
      const add = phones(body[c.listField], c.listField);
      if (!add.length) throw bad(`${c.listField} must be a non-empty array`);
      const list = [...new Set([...(f[field] ?? []), ...add])];
      f[field] = list;
      // drift: the answer carries the whole list, the stored list loses an entry (read back by GET …/<list>)
      if (c.kind === 'call' && field === c.blocked && sb.drift.isDrift('call-filter-block-list-loses-entry')) f[field] = list.slice(1);
      if (c.kind === 'message' && field === c.allowed && sb.drift.isDrift('message-filter-drops-contact'))
        f[field] = list.filter((x) => x !== add[add.length - 1]);
      return respond(`POST ${c.base}/${path}/add`, { FilterId: f._id, SubscriberId: f.SubscriberId, [field]: list });
    };
    h[`POST ${c.base}/${path}/remove`] = ({ sb, dist, body }) => {
      const f = get(sb, dist, body, true);
      const rm = new Set(phones(body[c.listField], c.listField));
      f[field] = (f[field] ?? []).filter((x: string) => !rm.has(x));
      return respond(`POST ${c.base}/${path}/remove`, { FilterId: f._id, SubscriberId: f.SubscriberId, [field]: f[field] });
    };
  }
  return h;
}

function filterHandlers(c: FilterCfg): HandlerMap {
  const view = (f: Rec) => ({ ...f, FilterId: f._id, SubscriberId: f.SubscriberId });
  const get = filterGetter(c);
  const checkBody = (b: any) => checkFilterBody(c, b);
  const h: HandlerMap = {};
  h[`POST ${c.base}`] = ({ sb, dist, body }) => {
    const s = subscriberOf(sb, dist, body.SubscriberId);
    checkBody(body);
    const id = newId(c.prefix);
    // a call filter applies both ways unless told otherwise: seed 003 §10.2's response to a request without them
    const both = c.kind === 'call';
    const defaults = {
      ApplyToOutbound: both,
      ApplyToInbound: both,
      BlockUnknownNumbers: false,
      BlockInternational: false,
      RecordFlaggedCalls: false,
      TimeRestrictions: null,
      BlockLinks: false,
      BlockMedia: false,
    };
    if (c.kind === 'message') checkFilterLevel(body);
    const f = sb.store.insert(
      c.coll,
      id,
      dist,
      { ...defaults, ...body, [c.allowed]: body[c.allowed] ?? [], [c.blocked]: body[c.blocked] ?? [], SubscriberId: s._id },
      s._acct,
    );
    return withLevel(c, f, respond(`POST ${c.base}`, view(f)));
  };
  h[`GET ${c.base}`] = ({ sb, dist, query }) => {
    const sid = str(pick(query, 'SubscriberId'));
    const phone = str(pick(query, 'Phone'));
    if (!sid && !phone) throw bad('SubscriberId or Phone is required');
    if (sid) subscriberOf(sb, dist, sid);
    const found = sb.store.list(c.coll, dist, (f) => (!sid || String(f.SubscriberId).toLowerCase() === sid.toLowerCase()) && (!phone || f.Phone === phone));
    const out = respond(`GET ${c.base}`, found.map(view));
    if (Array.isArray(out)) out.forEach((o, i) => withLevel(c, found[i], o));
    return out;
  };
  h[`POST ${c.base}/update`] = ({ sb, dist, body }) => {
    const f = get(sb, dist, body, false);
    checkBody(body);
    if (c.kind === 'message') checkFilterLevel(body);
    for (const [k, v] of Object.entries(body)) if (!['FilterId', 'SubscriberId', c.idParam].includes(k)) f[k] = v;
    return withLevel(c, f, respond(`POST ${c.base}/update`, view(f)));
  };
  h[`POST ${c.base}/delete`] = ({ sb, dist, body }) => {
    const f = get(sb, dist, body, false);
    sb.store.remove(c.coll, f);
    return respond(`POST ${c.base}/delete`, { Status: 'Deleted', FilterId: f._id, DateDeleted: isoOffset(sb.now()) });
  };
  Object.assign(h, listHandlers(c, get));
  h[`GET ${c.base}/keywords`] = ({ sb, dist, query }) => respond(`GET ${c.base}/keywords`, keywords(get(sb, dist, query, true).KeywordFilter));
  return h;
}

export const guardianHandlers: HandlerMap = {
  ...filterHandlers({
    kind: 'message',
    coll: 'messageFilters',
    prefix: PREFIX.messageFilter,
    base: '/v1.0/subscribers/message-filter',
    idParam: 'MessageFilterId',
    allowed: 'AllowedContacts',
    blocked: 'BlockedContacts',
    listField: 'Contacts',
    allowedPath: 'allowed-contacts',
    blockedPath: 'blocked-contacts',
  }),
  ...filterHandlers({
    kind: 'call',
    coll: 'callFilters',
    prefix: PREFIX.callFilter,
    base: '/v1.0/subscribers/call-filter',
    idParam: 'CallFilterId',
    allowed: 'AllowedNumbers',
    blocked: 'BlockedNumbers',
    listField: 'Numbers',
    allowedPath: 'allowed-numbers',
    blockedPath: 'blocked-numbers',
  }),

  'POST /v1.0/subscribers/guardian-features': ({ sb, dist, body }) => {
    const s = subscriberOf(sb, dist, body.SubscriberId);
    let g = sb.store.list('guardianFeatures', dist, (x) => x.SubscriberId === s._id)[0];
    if (!g)
      g = sb.store.insert(
        'guardianFeatures',
        newId('GFID-'),
        dist,
        { SubscriberId: s._id, EnableIntelligentGuardianCalls: false, EnableIntelligentGuardianMessages: false },
        s._acct,
      );
    // drift: turning calls off is answered as done but not saved (the flag stays on for GET)
    const staysOn = sb.drift.isDrift('guardian-feature-stays-on') && body.EnableIntelligentGuardianCalls === false && g.EnableIntelligentGuardianCalls === true;
    for (const k of ['EnableIntelligentGuardianCalls', 'EnableIntelligentGuardianMessages']) if (body[k] !== undefined) g[k] = !!body[k];
    if (staysOn) {
      g.EnableIntelligentGuardianCalls = true;
      return respond('POST /v1.0/subscribers/guardian-features', { ...g, EnableIntelligentGuardianCalls: false });
    }
    return respond('POST /v1.0/subscribers/guardian-features', g);
  },
  'GET /v1.0/subscribers/guardian-features': ({ sb, dist, query }) => {
    const s = subscriberOf(sb, dist, pick(query, 'SubscriberId'));
    const g = sb.store.list('guardianFeatures', dist, (x) => x.SubscriberId === s._id)[0];
    return respond(
      'GET /v1.0/subscribers/guardian-features',
      g ?? { SubscriberId: s._id, EnableIntelligentGuardianCalls: false, EnableIntelligentGuardianMessages: false },
    );
  },
  'POST /v1.0/subscribers/guardians/relation': ({ sb, dist, body }) => {
    const p = subscriberOf(sb, dist, body.ParentSubscriberId, 'ParentSubscriberId');
    const c = subscriberOf(sb, dist, body.ChildSubscriberId, 'ChildSubscriberId');
    if (p._id === c._id) throw bad('A subscriber cannot be their own guardian');
    if (sb.store.list('guardianRelations', dist, (r) => r.ParentSubscriberId === p._id && r.ChildSubscriberId === c._id).length)
      throw bad('This guardian relation already exists');
    const r = sb.store.insert(
      'guardianRelations',
      newId(PREFIX.guardianRelation),
      dist,
      { ParentSubscriberId: p._id, ChildSubscriberId: c._id, Relation: body.Relation ?? 'Guardian' },
      p._acct,
    );
    return respond('POST /v1.0/subscribers/guardians/relation', r);
  },
  'GET /v1.0/subscribers/guardians/relation/parent': ({ sb, dist, query }) => {
    const p = subscriberOf(sb, dist, pick(query, 'ParentSubscriberId'), 'ParentSubscriberId');
    return respond('GET /v1.0/subscribers/guardians/relation/parent', {
      ParentSubscriberId: p._id,
      Children: sb.store.list('guardianRelations', dist, (r) => r.ParentSubscriberId === p._id),
    });
  },
  'GET /v1.0/subscribers/guardians/relation/child': ({ sb, dist, query }) => {
    const c = subscriberOf(sb, dist, pick(query, 'ChildSubscriberId'), 'ChildSubscriberId');
    return respond('GET /v1.0/subscribers/guardians/relation/child', {
      ChildSubscriberId: c._id,
      Guardians: sb.store.list('guardianRelations', dist, (r) => r.ChildSubscriberId === c._id),
    });
  },
  'POST /v1.0/subscribers/guardians/relation/delete': ({ sb, dist, body }) => {
    const p = subscriberOf(sb, dist, body.ParentSubscriberId, 'ParentSubscriberId');
    const c = subscriberOf(sb, dist, body.ChildSubscriberId, 'ChildSubscriberId');
    const r = sb.store.list('guardianRelations', dist, (x) => x.ParentSubscriberId === p._id && x.ChildSubscriberId === c._id)[0];
    if (!r) throw notFound('Guardian relation not found');
    sb.store.remove('guardianRelations', r);
    return respond('POST /v1.0/subscribers/guardians/relation/delete', { ...r, Status: 'Deleted', DateDeleted: isoOffset(sb.now()) });
  },
};
