import { HandlerMap } from './types';
import { crud, CrudCfg, viewOf } from './crud';
import { bad, isE164, newId, pick, PREFIX, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';

const MASK = '********';

const workgroup: CrudCfg = {
  coll: 'workgroups',
  what: 'Workgroup',
  idField: 'WorkgroupId',
  prefix: PREFIX.workgroup,
  create: 'POST /v1.0/workgroups',
  get: 'GET /v1.0/workgroups',
  update: 'POST /v1.0/workgroups/update',
  del: 'POST /v1.0/workgroups/delete',
  required: ['Name'],
  accountScoped: true,
  check: (_c, b) => {
    if (b.TelegentPhone !== undefined && b.TelegentPhone !== null && b.TelegentPhone !== '' && !isE164(b.TelegentPhone))
      throw bad('TelegentPhone must be an E.164 phone number');
  },
  defaults: () => ({ Active: true }),
  // drift: the read side serves Name cut to its first word (a display-name column)
  readDrift: (sb, v) => (sb.drift.isDrift('workgroup-name-readback') && typeof v.Name === 'string' ? { ...v, Name: v.Name.split(/[\s-]/)[0] } : v),
};
const activity: CrudCfg = {
  coll: 'workgroupActivities',
  what: 'Workgroup activity',
  idField: 'WorkgroupActivityId',
  prefix: PREFIX.workgroupActivity,
  create: 'POST /v1.0/workgroups/activity',
  update: 'POST /v1.0/workgroups/activity/update',
  del: 'POST /v1.0/workgroups/activity/delete',
  prefixFor: (sb) => (sb.drift.isDrift('workgroup-activity-id-prefix') ? 'WACT-' : undefined),
  check: ({ sb, dist }, b) => {
    if (b.WorkgroupId !== undefined) sb.store.get('workgroups', str(b.WorkgroupId), dist, 'Workgroup');
    if (str(b.ReferenceWorkgroupId)) sb.store.get('workgroups', str(b.ReferenceWorkgroupId), dist, 'Workgroup');
  },
};

function webhookView(r: Rec) {
  return {
    ...r,
    WebhookId: r._id,
    AccountId: r._acct,
    AuthenticationPassword: r.AuthenticationPassword ? MASK : (r.AuthenticationPassword ?? null),
    AuthenticationToken: r.AuthenticationToken ? MASK : (r.AuthenticationToken ?? null),
  };
}
export const WEBHOOK_EVENTS = ['Order_Update', 'New_Sms', 'Call_Completed', 'Call_On_Hold', 'Call_Recording', 'Call_In_Progress', 'Call_Ringing'];
/** SubscribedEvents: comma-separated, matched case-insensitively, stored in the canonical spelling */
function normEvents(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const out: string[] = [];
  for (const raw of String(v)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const ev = WEBHOOK_EVENTS.find((e) => e.toLowerCase() === raw.toLowerCase());
    if (!ev) throw bad(`SubscribedEvents: unknown event "${raw}" (known: ${WEBHOOK_EVENTS.join(', ')})`);
    out.push(ev);
  }
  return out.join(', ');
}
function checkWebhook(b: any) {
  if (b.SubscribedEvents !== undefined) b.SubscribedEvents = normEvents(b.SubscribedEvents) ?? b.SubscribedEvents;
  if (b.WebhookUrl !== undefined && (typeof b.WebhookUrl !== 'string' || !/^https?:\/\/\S+$/i.test(b.WebhookUrl)))
    throw bad('WebhookUrl must be an http(s) URL');
  if (b.Method !== undefined && b.Method !== null && !/^(POST|PUT|GET)$/i.test(String(b.Method))) throw bad('Method must be POST, PUT or GET');
  if (b.AuthenticationType === 'Basic' && (!str(b.AuthenticationUsername) || !str(b.AuthenticationPassword)))
    throw bad('AuthenticationUsername and AuthenticationPassword are required when AuthenticationType is Basic');
  // the field description names `None`, `Basic`, `Token`; `Bearer` (the route spelling) is read as `Token`
  if ((b.AuthenticationType === 'Token' || b.AuthenticationType === 'Bearer') && !str(b.AuthenticationToken))
    throw bad(`AuthenticationToken is required when AuthenticationType is ${b.AuthenticationType}`);
}

function schedules(sb: Sandbox, dist: string) {
  let s = sb.store.list('workgroups', dist, (r) => r._schedule === true);
  if (!s.length) {
    const acct = sb.account(dist, undefined);
    const id = 'SCH-00000000-0000-4000-8000-000000000001';
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
    const data: Record<string, unknown> = { ScheduleId: id, Name: 'Sandbox Weekday Schedule', AccountId: acct._id, _schedule: true, _deleted: false };
    for (const d of days) Object.assign(data, { [`${d}StartTime`]: '9:00 AM', [`${d}EndTime`]: '6:00 PM' });
    for (const d of ['Saturday', 'Sunday']) Object.assign(data, { [`${d}StartTime`]: '', [`${d}EndTime`]: '' });
    sb.store.c.workgroups.set(`${dist}:${id}`, { ...data, _id: id, _dist: dist, _acct: acct._id, _created: 0 } as Rec);
    s = sb.store.list('workgroups', dist, (r) => r._schedule === true);
  }
  return s;
}

export const miscHandlers: HandlerMap = {
  ...crud(workgroup),
  ...crud(activity),
  'POST /v1.0/workgroups/activity': (ctx) => {
    const { sb, dist, body } = ctx;
    activity.check!(ctx, body);
    const id = newId(activity.prefixFor?.(sb) ?? PREFIX.workgroupActivity);
    sb.store.insert('workgroupActivities', id, dist, { ...body, WorkgroupActivityId: id });
    return respond('POST /v1.0/workgroups/activity', { WorkgroupActivityStatus: 'Created', WorkgroupActivityId: id });
  },
  'POST /v1.0/workgroups/activity/update': ({ sb, dist, body }) => {
    const r = sb.store.get('workgroupActivities', str(body.WorkgroupActivityId), dist, 'Workgroup activity');
    if (body.WorkgroupId !== undefined) sb.store.get('workgroups', str(body.WorkgroupId), dist, 'Workgroup');
    for (const [k, v] of Object.entries(body)) if (k !== 'WorkgroupActivityId') r[k] = v;
    return respond('POST /v1.0/workgroups/activity/update', { WorkgroupActivityStatus: 'Updated', WorkgroupActivityId: r._id });
  },
  'POST /v1.0/workgroups/activity/delete': ({ sb, dist, body }) => {
    const r = sb.store.get('workgroupActivities', str(body.WorkgroupActivityId), dist, 'Workgroup activity');
    sb.store.remove('workgroupActivities', r);
    return respond('POST /v1.0/workgroups/activity/delete', { WorkgroupActivityStatus: 'Deleted', WorkgroupActivityId: r._id });
  },
  'GET /v1.0/account/workgroups': ({ sb, dist }) =>
    respond('GET /v1.0/account/workgroups', { Workgroups: sb.store.list('workgroups', dist, (r) => !r._schedule).map((r) => viewOf(workgroup, sb, r)) }),
  'GET /v1.0/account/schedules': ({ sb, dist }) => {
    const s = schedules(sb, dist);
    return respond('GET /v1.0/account/schedules', { AccountID: s[0]?._acct ?? null, TotalSchedules: s.length, Results: s });
  },

  // ---- account webhooks (secrets stored, masked on the way out)
  'POST /v1.0/webhook/create': ({ sb, dist, body }) => {
    // the vendor's request schema requires nothing and lets WebhookUrl be null: a webhook without a URL is stored
    // (and never called) until an update gives it one
    checkWebhook(body);
    const acct = sb.account(dist, body.AccountId);
    const id = newId(PREFIX.webhook);
    // drift: the registration is stored without its URL (answered and read back without WebhookUrl)
    const kept = sb.drift.isDrift('webhook-url-dropped') ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'WebhookUrl')) : body;
    const r = sb.store.insert(
      'webhooks',
      id,
      dist,
      { Method: 'POST', DataFormat: 'json', ...kept, WebhookId: id, AccountId: acct._id, Active: true },
      acct._id,
    );
    return respond('POST /v1.0/webhook/create', webhookView(r));
  },
  'GET /v1.0/webhook': ({ sb, dist, query }) => {
    const id = str(pick(query, 'WebhookId'));
    if (!id) throw bad('WebhookId is required');
    const r = sb.store.get('webhooks', id, dist, 'Webhook');
    if (str(pick(query, 'AccountId'))) sb.sameAccount(r, sb.account(dist, pick(query, 'AccountId')), 'Webhook');
    return respond('GET /v1.0/webhook', webhookView(r));
  },
  'POST /v1.0/webhook/update': ({ sb, dist, body }) => {
    // R-conditional-fields: the field description says WebhookId is "Required to locate the existing record"
    if (!str(body.WebhookId)) throw bad('WebhookId is required');
    const r = sb.store.get('webhooks', str(body.WebhookId), dist, 'Webhook');
    if (str(body.AccountId)) sb.sameAccount(r, sb.account(dist, body.AccountId), 'Webhook');
    checkWebhook(body);
    for (const [k, v] of Object.entries(body)) if (k !== 'WebhookId' && k !== 'AccountId') r[k] = v;
    return respond('POST /v1.0/webhook/update', webhookView(r));
  },
  'POST /v1.0/webhook/delete': ({ sb, dist, body }) => {
    const r = sb.store.get('webhooks', str(body.WebhookId), dist, 'Webhook');
    if (str(body.AccountId)) sb.sameAccount(r, sb.account(dist, body.AccountId), 'Webhook');
    // drift: answered Deleted, but the webhook stays registered (and is still served)
    if (!sb.drift.isDrift('webhook-delete-not-applied')) sb.store.remove('webhooks', r);
    return respond('POST /v1.0/webhook/delete', { WebhookId: r._id, WebhookStatus: 'Deleted' });
  },
  'GET /v1.0/account/webhooks': ({ sb, dist, query }) => {
    const acct = sb.account(dist, pick(query, 'AccountId'));
    return respond('GET /v1.0/account/webhooks', sb.store.list('webhooks', dist, (r) => r._acct === acct._id).map(webhookView));
  },
};
