import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Sandbox } from './core';
import { validateRequest } from './contract';
import { opTable, respond, resolveRef } from './template';
import { projectDocument } from './contract';
import type { TokenRec } from './core';
import { ApiError, vendorExpiry } from './util';
import { EMPTY, Handler, HandlerMap } from './routes/types';
import { authHandlers } from './routes/auth';
import { accountHandlers } from './routes/accounts';
import { catalogHandlers } from './routes/catalog';
import { routeHandlers } from './routes/routing';
import { numberHandlers } from './routes/numbers';
import { portingHandlers } from './routes/porting';
import { messagingHandlers } from './routes/messaging';
import { guardianHandlers } from './routes/guardian';
import { miscHandlers } from './routes/misc';
import { registerControls } from './controls';
import { notYetVisible, rememberCreated, withoutFresh } from './drift/read-lag';
import { jsonContentType, responseForms, retryAfterDate } from './benign-forms';
import { findingUnchecked } from './unchecked-fields';
import { errorBody, jsonText, refusedOnce, responseForms5, wireBody } from './benign-forms5';

export const TOKEN_OP = 'POST /v1.0/oauth2/tokens';
/** the token path as the vendor's OpenAPI paths key spells it (R-token-path) */
const VENDOR_TOKEN_PATH = '/v1.0/OAuth2/tokens';
const BODY_LIMIT = 1024 * 1024;

interface Route {
  key: string;
  handler: Handler;
  public: boolean;
}

/** Response header naming the Telegent sandbox (helpers/global-setup.ts reads it to mark a rehearsal). */
export const SANDBOX_IDENTITY_HEADER = 'x-telegent-sandbox';

export function buildServer(sb: Sandbox): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: false,
    forceCloseConnections: true,
    // benign idle-connections-closed: an idle keep-alive connection is closed after 20 ms (RFC 9112 §9.3)
    ...(sb.drift.isDrift('idle-connections-closed') ? { keepAliveTimeout: 20 } : {}),
    // URLs fastify cannot even route (bad percent-encoding, …) still get the documented error body
    frameworkErrors: (err: any, _req: any, reply: any) => {
      const status = err?.code === 'FST_ERR_BAD_URL' ? 404 : 400;
      reply
        .code(status)
        .header('content-type', 'application/json; charset=utf-8')
        .send(
          JSON.stringify({
            StatusCode: status,
            Message: status === 404 ? `No such endpoint (malformed URL)` : `Malformed request: ${String(err?.message ?? '')}`,
          }),
        );
    },
    // errors Node's HTTP parser raises before fastify sees a request (oversized headers, broken framing):
    // the documented body, never fastify's own
    clientErrorHandler: clientError,
  });

  const table = operationTable();

  // The sandbox says what it is on every answer, in every mode (a realistic one hides its controls, not its identity):
  // a run against it is a rehearsal, never a certification (the sign-off marks every page).
  app.addHook('onSend', async (_req, reply) => {
    reply.header(SANDBOX_IDENTITY_HEADER, `telegent-sandbox ${sb.opts.realistic ? 'realistic' : 'fast'}`);
    // a skewed platform clock shows in its Date header too (RFC 9110 §6.6.1), as a real server's would
    if (sb.opts.clockSkewMs) reply.header('date', new Date(sb.wallNow()).toUTCString());
  });

  // ---- body parsing: we parse JSON ourselves so malformed bodies get the documented 400
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  const sendError = (reply: FastifyReply, status: number, message: string, headers?: Record<string, string>) => {
    if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    let code = status;
    // benign error-message-null: the vendor's error schemas require StatusCode only, Message is nullable
    let body: unknown = { StatusCode: status, Message: sb.drift.isDrift('error-message-null') ? null : message };
    if (sb.drift.isDrift('error-body-shape')) body = { error: message };
    else body = errorBody(active(sb), body as Record<string, unknown>);
    if (status === 404 && sb.drift.isDrift('error-as-200')) code = 200;
    reply
      .code(code)
      .header('content-type', sb.drift.isDrift('wrong-content-type') ? 'text/plain; charset=utf-8' : jsonContentType(active(sb)))
      .send(jsonText(active(sb), JSON.stringify(body)));
  };

  app.setErrorHandler((err: any, _req, reply) => {
    const sc = typeof err?.statusCode === 'number' ? err.statusCode : 500;
    if (err?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || sc === 413) return sendError(reply, 413, `Request body too large (limit ${BODY_LIMIT} bytes)`);
    if (sc >= 400 && sc < 500) return sendError(reply, 400, `Malformed request: ${String(err?.message ?? 'invalid request')}`);
    sb.log.warn('internal error', { message: String(err?.message) });
    return sendError(reply, 500, 'An unexpected error occurred on the Telegent platform.');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 404, `No such endpoint: ${req.method} ${req.url.split('?')[0]}`));

  registerControls(app, sb, sendError);

  const apiHandler = async (req: FastifyRequest, reply: FastifyReply) => {
    const urlPath = decodeSafe(req.url.split('?')[0]).replace(/\/+$/, '') || '/';
    const methods = table.get(urlPath.toLowerCase());
    if (!methods) return sendError(reply, 404, `No such endpoint: ${req.method} ${urlPath}`);
    const route = methods.get(req.method);
    // benign token-path-spec-spelling: the token endpoint is routed case-sensitively, only as the vendor's paths key spells it
    // drift token-path-unserved: at neither documented spelling (a moved endpoint)
    if (route?.key === TOKEN_OP && tokenPathUnserved(sb, urlPath)) return sendError(reply, 404, `No such endpoint: ${req.method} ${urlPath}`);
    if (!route) {
      reply.header('allow', [...methods.keys()].join(', '));
      return sendError(reply, 405, `Method ${req.method} not allowed on ${urlPath}; use ${[...methods.keys()].join(', ')}`);
    }
    const lat = sb.faults.latencyMs();
    if (lat) await new Promise((r) => setTimeout(r, lat));
    const auth = authenticate(sb, route, req, urlPath);
    if ('error' in auth) return sendError(reply, auth.error[0], auth.error[1]);
    // ---- faults (after auth so a bad token is still a 401)
    const f = sb.faults.before(route.key, req.method) ?? retryAfterDate(sb, route.key) ?? refusedOnce(sb, active(sb), route.key);
    if (f) return sendError(reply, f.status, f.message, f.headers);
    const input = readInput(sb, route.key, req);
    if ('error' in input) return sendError(reply, 400, input.error);
    return runHandler(sb, route, { body: input.body, query: input.query, token: auth.token, headers: req.headers }, reply, sendError);
  };

  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'], url: '/*', handler: apiHandler });
  return app;
}

type SendError = (reply: FastifyReply, status: number, message: string, headers?: Record<string, string>) => void;

/** lower-case path → method → route, from the project document's operations */
function operationTable(): Map<string, Map<string, Route>> {
  const handlers: HandlerMap = {
    ...authHandlers,
    ...accountHandlers,
    ...catalogHandlers,
    ...routeHandlers,
    ...numberHandlers,
    ...portingHandlers,
    ...messagingHandlers,
    ...guardianHandlers,
    ...miscHandlers,
  };
  const table = new Map<string, Map<string, Route>>();
  for (const meta of opTable().values()) {
    const h = handlers[meta.key] ?? genericHandler(meta.key);
    const p = meta.path.toLowerCase();
    if (!table.has(p)) table.set(p, new Map());
    table.get(p)!.set(meta.method, { key: meta.key, handler: h, public: meta.key === TOKEN_OP });
  }
  return table;
}

/** bearer token check (401), scope check (403, R-scope / R-token-scope) */
function authenticate(sb: Sandbox, route: Route, req: FastifyRequest, urlPath: string): { token?: TokenRec } | { error: [number, string] } {
  if (route.public) return {};
  const auth = String(req.headers.authorization ?? '');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m) return sb.drift.isDrift('no-token-accepted') ? {} : { error: [401, 'Authorization header with a Bearer token is required'] };
  const token = sb.tokens.get(m[1]);
  // drift forged-token-accepted: the gateway checks the header's form only, never that the token was issued
  if (!token) return sb.drift.isDrift('forged-token-accepted') ? {} : { error: [401, 'Invalid token'] };
  // benign token-expiry-grace: refused 20 s after tokenExpiry (a grace period, or a platform clock behind the partner's)
  const grace = sb.drift.isDrift('token-expiry-grace') ? 20_000 : 0;
  if (token.expiresAt + grace <= sb.now() && !sb.drift.isDrift('expired-token-accepted'))
    return { error: [401, `Token expired at ${vendorExpiry(token.expiresAt)} UTC; request a new token`] };
  // drift token-dies-early: the session store keeps a token for a third of the life tokenExpiry announces
  if (sb.drift.isDrift('token-dies-early') && sb.now() >= token.expiresAt - (sb.opts.tokenTtlSeconds * 1000 * 2) / 3) return { error: [401, 'Invalid token'] };
  // drift token-scope-prefix: the scope is compared as a path prefix (a token for /v1.0/numbers serves /v1.0/numbers/…)
  const underScope = sb.drift.isDrift('token-scope-prefix') && !!token.scopePath && urlPath.toLowerCase().startsWith(`${token.scopePath}/`);
  if (token.scopePath && token.scopePath !== urlPath.toLowerCase() && !underScope && !sb.drift.isDrift('token-scope-not-enforced')) {
    // R-token-scope: scope mismatch → 403 (error-code table, seed 003 §11)
    // benign mode scope-mismatch-401: the appendix's 401 instead of the error table's 403 (both accepted by R-scope)
    return { error: [sb.drift.isDrift('scope-mismatch-401') ? 401 : 403, `Token is scoped to ${token.scopePath}; it cannot be used for ${urlPath}`] };
  }
  return { token };
}

/** query + body of a request, read tolerantly (R-query-tolerance) and checked (hardening, R-request-hardening) */
function readInput(sb: Sandbox, key: string, req: FastifyRequest): { body: unknown; query: Record<string, string> } | { error: string } {
  const q = normaliseQuery(key, req.query as Record<string, unknown>);
  if ('error' in q) return q;
  let body: unknown = undefined;
  const raw = typeof req.body === 'string' ? req.body : undefined;
  if (raw !== undefined && raw.trim() !== '') {
    const ct = String(req.headers['content-type'] ?? '');
    if (ct && !/json/i.test(ct)) return { error: `Unsupported Content-Type "${ct.split(';')[0]}": send application/json` };
    try {
      body = JSON.parse(raw);
    } catch (e) {
      return { error: `Malformed JSON body: ${e instanceof RangeError ? 'nested too deeply' : (e as Error).message}` };
    }
    const bad = inspectJson(body);
    if (bad) return { error: bad };
  }
  const meta = opTable().get(key)!;
  const lax = sb.drift.isDrift('missing-required-accepted');
  if (meta.hasBody && (body === undefined || body === null) && !lax) return { error: 'Request body is required (application/json)' };
  if (meta.hasBody && (typeof body !== 'object' || Array.isArray(body)) && !lax) return { error: 'Request body must be a JSON object' };
  if (!lax) {
    // R-request-null-optional: null on a field = the field not sent (seed 003 §2 "leave fields null")
    const unchecked = (f: { pointer?: string; message?: string }) => findingUnchecked((n) => sb.drift.isDrift(n), key, f);
    const findings = validateRequest(key, withoutNulls(body), q.query).filter((f) => !defaultedField(sb, key, f) && !unchecked(f));
    if (findings.length) {
      const f0 = findings[0];
      const field = (f0.pointer || '').replace(/^\/?(body|query)?\/?/, '').replace(/\//g, '.') || f0.pointer;
      const msg = String(f0.message ?? '').replace(/^(request|query)\s+\S*:\s*/i, '');
      return { error: `Invalid request: ${field ? field + ': ' : ''}${msg}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}` };
    }
  }
  return { body, query: q.query };
}

/**
 * A required field the platform defaults instead of refusing its absence: LimitValue of numbers/data-usage, whose
 * description names a 20 MB default (R-data-limit-default) — in benign mode data-limit-default and drift
 * data-limit-default-ignored only.
 */
function defaultedField(sb: Sandbox, key: string, f: { pointer?: string; message?: string }): boolean {
  if (key !== 'POST /v1.0/numbers/data-usage') return false;
  if (!sb.drift.isDrift('data-limit-default') && !sb.drift.isDrift('data-limit-default-ignored')) return false;
  return /LimitValue/.test(`${f.pointer ?? ''} ${f.message ?? ''}`);
}

/**
 * Every write is atomic (R-request-hardening): a mutating request runs inside a store transaction (state.ts
 * begin / commit / rollback — every record the handler touched is remembered) and a failure (4xx or 5xx) rolls it
 * back, so a rejected request leaves no trace. Handlers are synchronous; the transaction is closed before anything
 * is awaited, so concurrent requests never share one.
 */
async function runHandler(
  sb: Sandbox,
  route: Route,
  input: { body: unknown; query: Record<string, string>; token?: TokenRec; headers: FastifyRequest['headers'] },
  reply: FastifyReply,
  sendError: SendError,
) {
  const { body, query, token } = input;
  const mutating = route.key.startsWith('POST ') && route.key !== TOKEN_OP;
  const lag = sb.drift.isDrift('read-after-write-lag');
  const mediaBefore = mutating ? new Set(sb.media.keys()) : undefined;
  let out: unknown;
  if (mutating) sb.store.begin();
  try {
    // an AccountId named anywhere must be one of the caller's accounts (unknown / other tenant → 404)
    const namedAccount = (body && typeof body === 'object' && !Array.isArray(body) ? (body as any).AccountId : undefined) ?? query.AccountId;
    // drift subscriber-unknown-account-accepted: subscribers/create files an unknown AccountId under the default account
    const fallsBack = route.key === 'POST /v1.0/subscribers/create' && sb.drift.isDrift('subscriber-unknown-account-accepted');
    if (typeof namedAccount === 'string' && namedAccount.trim() !== '' && token && !fallsBack) sb.account(token.dist, namedAccount);
    // benign: a resource created a moment ago is not readable yet (R-read-after-write)
    const lagging = lag && route.key.startsWith('GET ') ? notYetVisible(sb, query) : undefined;
    if (lagging) throw new ApiError(404, `Resource ${lagging} not found`);
    out = route.handler({ sb, dist: token?.dist ?? sb.distributorId, body: body ?? {}, query, op: route.key, token, headers: input.headers });
    if (mutating) sb.store.commit();
    if (out && typeof (out as any).then === 'function') out = await out;
    if ((lag || sb.drift.isDrift('list-after-write-lag')) && mutating) rememberCreated(sb, body, out);
  } catch (e) {
    if (mutating) {
      sb.store.rollback();
      for (const k of [...sb.media.keys()]) if (!mediaBefore!.has(k)) sb.media.delete(k);
    }
    if (e instanceof ApiError) return sendError(reply, e.status, e.message, e.headers);
    sb.log.warn('handler error', { op: route.key, message: String((e as Error)?.message) });
    return sendError(reply, 500, 'An unexpected error occurred on the Telegent platform.');
  }
  return send(sb, route, out, reply);
}

function send(sb: Sandbox, route: Route, out: unknown, reply: FastifyReply) {
  const ctype = sb.drift.isDrift('wrong-content-type') ? 'text/plain; charset=utf-8' : jsonContentType(active(sb));
  if (out === EMPTY) return reply.code(200).send();
  let status = 200;
  let payload = out;
  if (out && typeof out === 'object' && '__status' in (out as any)) {
    status = (out as any).__status;
    payload = (out as any).body;
  }
  if (status === 200 && sb.drift.isDrift('create-returns-201') && isCreate(route.key)) status = 201;
  if (sb.drift.isDrift('product-cost-string') && /\/products/.test(route.key)) payload = costAsString(payload);
  payload = responseForms(active(sb), route.key, payload);
  payload = responseForms5(active(sb), route.key, payload);
  if (sb.drift.isDrift('list-after-write-lag')) payload = withoutFresh(sb, route.key, payload);
  // no response field whose name starts with "_" (internal bookkeeping), in any operation; the replacer (slow: one
  // call per value) only when there is such a field
  const json = mayHoldInternalKey(payload) ? JSON.stringify(payload, dropInternal) : JSON.stringify(payload);
  const wire = wireBody(active(sb), jsonText(active(sb), json));
  // benign early-hints: an informational 103 Early Hints precedes every successful JSON answer (RFC 9110 §15.2, RFC 8297)
  if (sb.drift.isDrift('early-hints')) reply.raw.writeEarlyHints({ link: '</v1.0/oauth2/tokens>; rel=preconnect' });
  return reply.code(status).header('content-type', ctype).headers(wire.headers).send(wire.body);
}

/** the sandbox's active drift / benign modes, as a predicate */
function active(sb: Sandbox): (name: string) => boolean {
  return (name) => sb.drift.isDrift(name);
}

function dropInternal(k: string, v: unknown): unknown {
  return k.startsWith('_') ? undefined : v;
}

/** true when `v` holds a key starting with "_" at any depth (or a toJSON, whose output is not looked at) */
function mayHoldInternalKey(v: unknown, depth = 0): boolean {
  if (!v || typeof v !== 'object') return false;
  if (depth > 64 || typeof (v as { toJSON?: unknown }).toJSON === 'function') return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (mayHoldInternalKey(v[i], depth + 1)) return true;
    return false;
  }
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (k.charCodeAt(0) === 95 || mayHoldInternalKey((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_JSON_DEPTH = 32;

/** hostile JSON: prototype keys, nesting deeper than MAX_JSON_DEPTH, NUL characters → a 400 message */
export function inspectJson(v: unknown, depth = 0, path = ''): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `Request body nested too deeply (more than ${MAX_JSON_DEPTH} levels)`;
  if (typeof v === 'string') return v.includes('\u0000') ? `${path || 'body'}: NUL characters are not allowed` : undefined;
  if (!v || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = inspectJson(v[i], depth + 1, `${path}[${i}]`);
      if (r) return r;
    }
    return undefined;
  }
  for (const k of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(k)) return `Field name "${k}" is not allowed`;
    if (k.includes('\u0000')) return 'NUL characters are not allowed in field names';
    const r = inspectJson((v as any)[k], depth + 1, path ? `${path}.${k}` : k);
    if (r) return r;
  }
  return undefined;
}

/** a copy without null-valued object fields (R-request-null-optional); only for validation (the value itself when it holds no null field) */
function withoutNulls(v: unknown): unknown {
  return hasNullField(v) ? copyWithoutNulls(v) : v;
}

function hasNullField(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasNullField);
  if (v && typeof v === 'object') for (const x of Object.values(v)) if (x === null || hasNullField(x)) return true;
  return false;
}

function copyWithoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyWithoutNulls);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, copyWithoutNulls(x)]),
    );
  return v;
}

const paramCache = new Map<string, string[]>();
function documentedParams(key: string): string[] {
  let names = paramCache.get(key);
  if (!names) {
    const meta = opTable().get(key);
    const doc = projectDocument();
    const op = meta ? doc.paths?.[meta.path]?.[meta.method.toLowerCase()] : undefined;
    names = (op?.parameters ?? [])
      .map((p: any) => resolveRef(doc, p))
      .filter((p: any) => p?.in === 'query')
      .map((p: any) => String(p.name));
    paramCache.set(key, names!);
  }
  return names!;
}

/**
 * R-query-tolerance: query names are matched case-insensitively to the documented parameter names; an E.164 value
 * whose "+" arrived unescaped (decoded as a space) is read as "+digits"; the last of repeated parameters wins.
 */
function normaliseQuery(key: string, raw: Record<string, unknown> | undefined): { query: Record<string, string> } | { error: string } {
  const names = documentedParams(key);
  const query: Record<string, string> = {};
  for (const [k, v0] of Object.entries(raw ?? {})) {
    if (FORBIDDEN_KEYS.has(k)) return { error: `Query parameter "${k}" is not allowed` };
    let v = Array.isArray(v0) ? String(v0[v0.length - 1]) : String(v0);
    if (v.includes('\u0000') || k.includes('\u0000')) return { error: 'NUL characters are not allowed in the query string' };
    if (/^ \d{8,15}$/.test(v)) v = '+' + v.slice(1);
    const name = names.find((n) => n.toLowerCase() === k.toLowerCase()) ?? k;
    query[name] = v;
  }
  return { query };
}

/** The token endpoint is not served at this spelling of its path (benign token-path-spec-spelling, drift token-path-unserved). */
function tokenPathUnserved(sb: Sandbox, urlPath: string): boolean {
  if (sb.drift.isDrift('token-path-unserved')) return true;
  return sb.drift.isDrift('token-path-spec-spelling') && urlPath !== VENDOR_TOKEN_PATH;
}

/** Node's HTTP parser errors: 431 for oversized headers, 408 timeouts, 400 otherwise — in the documented shape */
function clientError(err: any, socket: import('node:net').Socket) {
  if (err?.code === 'ECONNRESET' || socket.destroyed) return;
  const code = err?.code === 'HPE_HEADER_OVERFLOW' ? 431 : err?.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const msg = code === 431 ? 'Request line and header fields too large (limit 16 KiB in all)' : code === 408 ? 'Request timeout' : 'Malformed HTTP request';
  const body = JSON.stringify({ StatusCode: code, Message: msg });
  const reason = code === 431 ? 'Request Header Fields Too Large' : code === 408 ? 'Request Timeout' : 'Bad Request';
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${code} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy();
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isCreate(key: string): boolean {
  return (
    /^POST \/v1\.0\/(account\/create|products|packages|subscriptions|message\/routes|voice\/routes|subscribers\/create|services|workgroups|webhook\/create|distributor\/create)$/.test(
      key,
    ) || /\/add$/.test(key)
  );
}

/** operations without a dedicated handler: answer the documented shape, echoing the request */
export function genericHandler(key: string): Handler {
  return (ctx) => respond(key, { ...ctx.query, ...(ctx.body ?? {}) });
}

/** drift product-cost-string: every product Cost as a currency string (applied after response shaping) */
function costAsString(v: any): any {
  if (Array.isArray(v)) return v.map(costAsString);
  if (v && typeof v === 'object') {
    const o: any = {};
    for (const [k, x] of Object.entries(v)) o[k] = k === 'Cost' && typeof x === 'number' ? `$${x.toFixed(2)}` : costAsString(x);
    return o;
  }
  return v;
}
