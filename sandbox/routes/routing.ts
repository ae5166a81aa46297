import { HandlerMap } from './types';
import { bad, newId, pick, PREFIX, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';
import { fieldUnchecked } from '../unchecked-fields';
import { getOrLatest } from './crud';

const SECRET_FIELDS = ['MessagePasswordToken', 'CallbackMessagePasswordToken', 'VoicePasswordToken', 'CallbackVoicePasswordToken'];

/**
 * A route as the platform shows it. Its passwords / bearer tokens come back as stored, as in the vendor's message route
 * examples ("MessagePasswordToken": "passwordORbearerToken"); benign mode route-secrets-omitted leaves them out, as
 * seed 003 §4.1's response does (ruling R-route-secret-echo).
 */
function routeView(sb: Sandbox, r: Rec, idField: string) {
  const v: any = { ...r, [idField]: r._id, AccountId: r._acct, AccountID: r._acct };
  if (sb.drift.isDrift('route-secrets-omitted')) for (const f of SECRET_FIELDS) delete v[f];
  return v;
}

/**
 * Benign mode message-route-enabled-false: the create answer and the account's route list show MessageRouteEnabled
 * false, as the vendor's examples of those two operations do (the create example for a request sending true); the
 * route stays enabled (delivery unchanged) and GET /v1.0/message/routes shows true, as its example does.
 */
function enabledAsShown(sb: Sandbox, v: any) {
  return sb.drift.isDrift('message-route-enabled-false') ? { ...v, MessageRouteEnabled: false } : v;
}

function checkUrl(v: unknown, field: string) {
  if (v === undefined || v === null || v === '') return;
  if (typeof v !== 'string' || !/^https?:\/\/[^\s]+$/i.test(v)) throw bad(`${field} must be an http(s) URL`);
}
function checkAuth(b: any, type: string, user: string, secret: string) {
  const t = b[type];
  if (t === undefined || t === null || t === 'None') return;
  if (t === 'Basic' && (!str(b[user]) || !str(b[secret]))) throw bad(`${user} and ${secret} are required when ${type} is Basic`);
  if (t === 'Bearer' && !str(b[secret])) throw bad(`${secret} (the bearer token) is required when ${type} is Bearer`);
}

function checkMessageRoute(b: any, urlUnchecked = false) {
  // drift message-route-url-unchecked: MessageUrl stored as sent (a URL without its scheme is never delivered to)
  if (!urlUnchecked) checkUrl(b.MessageUrl, 'MessageUrl');
  checkUrl(b.CallbackMessageUrl, 'CallbackMessageUrl');
  checkAuth(b, 'MessageAuthenticationType', 'MessageUsername', 'MessagePasswordToken');
  checkAuth(b, 'CallbackMessageAuthenticationType', 'CallbackMessageUsername', 'CallbackMessagePasswordToken');
}

function checkVoiceRoute(b: any, existing?: Rec) {
  const merged = { ...(existing ?? {}), ...b };
  const t = merged.RouteType;
  if (t === 'Trunk' && !str(merged.TrunkIp1) && !str(merged.TrunkUri1)) throw bad('TrunkIp1 or TrunkUri1 is required when RouteType is Trunk');
  if (t === 'URL' && !str(merged.VoiceUrl)) throw bad('VoiceUrl is required when RouteType is URL');
  checkUrl(b.VoiceUrl, 'VoiceUrl');
  checkUrl(b.CallbackVoiceUrl, 'CallbackVoiceUrl');
  for (const f of ['TrunkIp1', 'TrunkIp2'])
    if (str(b[f]) && !/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$|^[a-z0-9.-]+$/i.test(b[f])) throw bad(`${f} must be an IP address or host name`);
  for (const f of ['TrunkPort1', 'TrunkPort2'])
    if (str(b[f]) && !(Number(b[f]) >= 1 && Number(b[f]) <= 65535)) throw bad(`${f} must be a port number (1-65535)`);
}

function voiceView(sb: Sandbox, r: Rec) {
  const v: any = routeView(sb, r, 'CallRouteId');
  v.IpWhiteList = r.IpWhitelist ?? [];
  v.CallRouteStatus = r._deleted ? 'Deleted' : 'Active';
  if (sb.drift.isDrift('voice-route-field-renamed')) {
    v.Trunk1Priority = v.Trunk1Priortiy;
    delete v.Trunk1Priortiy;
  }
  return v;
}
function voiceOut(sb: Sandbox, op: string, r: Rec) {
  const view = voiceView(sb, r);
  if (op.startsWith('GET ')) {
    // drift: the read side shows the SIP default port instead of the trunk's own
    if (sb.drift.isDrift('voice-route-port-readback') && view.TrunkPort1) view.TrunkPort1 = '5060';
  }
  // benign: single-route answers do not join the IP allow-list, as every vendor example shows (IpWhiteList [] for a
  // create / update sending two addresses); the account's route list carries it (R-ip-whitelist-echo)
  if (sb.drift.isDrift('ipwhitelist-single-route-empty')) view.IpWhiteList = view.IpWhitelist = [];
  // benign: the vendor's own examples spell the allow-list IpWhiteList only
  if (sb.drift.isDrift('ipwhitelist-casing')) delete view.IpWhitelist;
  const out = respond(op, view);
  if (sb.drift.isDrift('voice-route-field-renamed') && out && 'Trunk1Priortiy' in out) {
    const o: any = {};
    for (const [k, v] of Object.entries(out)) o[k === 'Trunk1Priortiy' ? 'Trunk1Priority' : k] = k === 'Trunk1Priortiy' ? view.Trunk1Priority : v;
    return o;
  }
  return out;
}

/** a new version of the route takes effect for the SBC after propagationMs */
function pushVersion(sb: Sandbox, r: Rec) {
  const { versions: _v, ...snapshot } = r;
  r.versions = [...(r.versions ?? []), { snapshot: JSON.parse(JSON.stringify(snapshot)), effectiveAt: sb.now() + sb.opts.propagationMs }];
  if (r.versions.length > 20) r.versions.shift();
}

export const routeHandlers: HandlerMap = {
  // ---- message routes
  'POST /v1.0/message/routes': ({ sb, dist, body }) => {
    checkMessageRoute(
      body,
      fieldUnchecked((n) => sb.drift.isDrift(n), 'POST /v1.0/message/routes', 'MessageUrl'),
    );
    const acct = sb.account(dist, body.AccountId);
    const id = newId(PREFIX.messageRoute);
    // platform default: a route is enabled unless the client disables it (the delivery path treats it so)
    const data = { ...body, MessageRouteEnabled: body.MessageRouteEnabled ?? true, MessageRouteId: id, AccountId: acct._id };
    if (sb.drift.isDrift('message-route-auth-dropped'))
      Object.assign(data, { CallbackMessageAuthenticationType: null, CallbackMessageUsername: null, CallbackMessagePasswordToken: null });
    const r = sb.store.insert('messageRoutes', id, dist, data, acct._id);
    return respond('POST /v1.0/message/routes', enabledAsShown(sb, routeView(sb, r, 'MessageRouteId')));
  },
  'GET /v1.0/message/routes': ({ sb, dist, query }) => {
    const id = str(pick(query, 'MessageRouteId'));
    if (!id) throw bad('MessageRouteId is required');
    const r = getOrLatest(sb, 'messageRoutes', id, dist, 'Message route', 'message-route-unknown-id-200');
    const v: any = sb.drift.isDrift('message-route-urls-swapped') ? { ...r, MessageUrl: r.CallbackMessageUrl, CallbackMessageUrl: r.MessageUrl } : { ...r };
    // drift: the callback method is read back as the column default (GET) instead of what was saved
    if (sb.drift.isDrift('message-route-method-readback')) v.CallbackMessageUrlMethod = 'GET';
    // benign route-details-documented-extras: the timeout setting and the numbers on the route its description names
    if (sb.drift.isDrift('route-details-documented-extras'))
      Object.assign(v, {
        MessageUrlTimeout: 15,
        PhoneNumbers: sb.store.list('numbers', dist, (n) => n.MessageRouteId === id && !n._deleted).map((n) => n.Number),
      });
    return respond('GET /v1.0/message/routes', routeView(sb, v as Rec, 'MessageRouteId'));
  },
  'POST /v1.0/message/routes/update': ({ sb, dist, body }) => {
    const id = str(body.MessageRouteId);
    if (!id) throw bad('MessageRouteId is required');
    const r = sb.store.get('messageRoutes', id, dist, 'Message route');
    if (body.AccountId) sb.sameAccount(r, sb.account(dist, body.AccountId), 'Message route');
    checkMessageRoute(body);
    for (const [k, v] of Object.entries(body)) if (k !== 'MessageRouteId' && k !== 'AccountId') r[k] = v;
    return respond('POST /v1.0/message/routes/update', routeView(sb, r, 'MessageRouteId'));
  },
  'POST /v1.0/message/routes/delete': ({ sb, dist, body }) => {
    const r = sb.store.get('messageRoutes', str(body.MessageRouteId), dist, 'Message route');
    sb.store.remove('messageRoutes', r);
    return respond('POST /v1.0/message/routes/delete', { MessageRouteStatus: 'Deleted', MRID: r._id });
  },
  'GET /v1.0/account/message/routes': ({ sb, dist, query }) => {
    const acct = sb.account(dist, pick(query, 'AccountId'));
    const rs = sb.store.list('messageRoutes', dist, (r) => r._acct === acct._id);
    // drift: the account's route list comes from a stale cache that has lost each route's callback URL
    const stale = sb.drift.isDrift('message-route-list-stale');
    return respond('GET /v1.0/account/message/routes', {
      AccountID: acct._id,
      TotalRoutes: rs.length,
      Results: rs.map((r) => enabledAsShown(sb, routeView(sb, (stale ? { ...r, CallbackMessageUrl: null } : r) as Rec, 'MessageRouteId'))),
    });
  },

  // ---- voice routes
  'POST /v1.0/voice/routes': ({ sb, dist, body }) => {
    checkVoiceRoute(body);
    const acct = sb.account(dist, body.AccountId);
    const id = newId(PREFIX.voiceRoute);
    const r = sb.store.insert('voiceRoutes', id, dist, { ...body, RouteEnabled: body.RouteEnabled ?? true, CallRouteId: id, AccountId: acct._id }, acct._id);
    pushVersion(sb, r);
    return voiceOut(sb, 'POST /v1.0/voice/routes', r);
  },
  'GET /v1.0/voice/routes': ({ sb, dist, query }) => {
    const id = str(pick(query, 'CallRouteID', 'CallRouteId'));
    if (!id) throw bad('CallRouteID is required');
    return voiceOut(sb, 'GET /v1.0/voice/routes', getOrLatest(sb, 'voiceRoutes', id, dist, 'Voice route', 'voice-route-unknown-id-200'));
  },
  'POST /v1.0/voice/routes/update': ({ sb, dist, body }) => {
    const id = str(body.CallRouteId);
    if (!id) throw bad('CallRouteId is required');
    const r = sb.store.get('voiceRoutes', id, dist, 'Voice route');
    if (body.AccountId) sb.sameAccount(r, sb.account(dist, body.AccountId), 'Voice route');
    checkVoiceRoute(body, r);
    for (const [k, v] of Object.entries(body)) if (k !== 'CallRouteId' && k !== 'AccountId') r[k] = v;
    pushVersion(sb, r);
    return voiceOut(sb, 'POST /v1.0/voice/routes/update', r);
  },
  'POST /v1.0/voice/routes/delete': ({ sb, dist, body }) => {
    const r = sb.store.get('voiceRoutes', str(body.CallRouteId), dist, 'Voice route');
    sb.store.remove('voiceRoutes', r);
    return respond('POST /v1.0/voice/routes/delete', { CallRouteStatus: 'Deleted', CallRouteId: r._id });
  },
  'GET /v1.0/account/voice/routes': ({ sb, dist, query }) => {
    const acct = sb.account(dist, pick(query, 'AccountId'));
    const rs = sb.store.list('voiceRoutes', dist, (r) => r._acct === acct._id);
    // drift: the account's route list does not join the IP allow-list (empty) — where the vendor's example shows it
    const unjoined = (v: any) => (sb.drift.isDrift('voice-route-whitelist-readback') ? { ...v, IpWhitelist: [], IpWhiteList: [] } : v);
    return respond('GET /v1.0/account/voice/routes', {
      AccountID: acct._id,
      TotalRoutes: rs.length,
      Results: rs.map((r) => unjoined(voiceView(sb, r))),
    });
  },
};
