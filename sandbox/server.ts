import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Sandbox } from './core';
import { validateRequest } from './contract';
import { opTable, respond } from './template';
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

const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
export const TOKEN_OP = 'POST /v1.0/oauth2/tokens';
const BODY_LIMIT = 1024 * 1024;

interface Route {
  key: string;
  handler: Handler;
  public: boolean;
}

export function buildServer(sb: Sandbox): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: false,
    forceCloseConnections: true,
    // URLs fastify cannot even route (bad percent-encoding, …) still get the documented error body
    frameworkErrors: (err: any, _req: any, reply: any) => {
      const status = err?.code === 'FST_ERR_BAD_URL' ? 404 : 400;
      reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ StatusCode: status, Message: status === 404 ? `No such endpoint (malformed URL)` : `Malformed request: ${String(err?.message ?? '')}` }));
    },
  });

  // ---- operation table: lower-case path → method → route
  const handlers: HandlerMap = { ...authHandlers, ...accountHandlers, ...catalogHandlers, ...routeHandlers, ...numberHandlers, ...portingHandlers, ...messagingHandlers, ...guardianHandlers, ...miscHandlers };
  const table = new Map<string, Map<string, Route>>();
  for (const meta of opTable().values()) {
    const h = handlers[meta.key] ?? genericHandler(meta.key);
    const p = meta.path.toLowerCase();
    if (!table.has(p)) table.set(p, new Map());
    table.get(p)!.set(meta.method, { key: meta.key, handler: h, public: meta.key === TOKEN_OP });
  }
  // R-token-path: lower-case spelling used by every description
  if (table.has('/v1.0/oauth2/tokens') === false) table.set('/v1.0/oauth2/tokens', new Map());

  // ---- body parsing: we parse JSON ourselves so malformed bodies get the documented 400
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  const sendError = (reply: FastifyReply, status: number, message: string, headers?: Record<string, string>) => {
    if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    let code = status;
    let body: unknown = { StatusCode: status, Message: message };
    if (sb.drift.isDrift('error-body-shape')) body = { error: message };
    if (status === 404 && sb.drift.isDrift('error-as-200')) code = 200;
    reply.code(code).header('content-type', sb.drift.isDrift('wrong-content-type') ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8').send(JSON.stringify(body));
  };

  app.setErrorHandler((err: any, _req, reply) => {
    const sc = typeof err?.statusCode === 'number' ? err.statusCode : 500;
    if (err?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || sc === 413) return sendError(reply, 400, `Request body too large (limit ${BODY_LIMIT} bytes)`);
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
    let route = methods.get(req.method);
    if (!route && urlPath.toLowerCase() === '/v1.0/oauth2/tokens' && req.method === 'POST') route = table.get('/v1.0/oauth2/tokens')?.get('POST');
    if (!route) {
      reply.header('allow', [...methods.keys()].join(', '));
      return sendError(reply, 405, `Method ${req.method} not allowed on ${urlPath}; use ${[...methods.keys()].join(', ')}`);
    }
    const lat = sb.faults.latencyMs();
    if (lat) await new Promise((r) => setTimeout(r, lat));

    // ---- auth
    let token;
    if (!route.public) {
      const auth = String(req.headers.authorization ?? '');
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (!m) {
        if (!sb.drift.isDrift('no-token-accepted')) return sendError(reply, 401, 'Authorization header with a Bearer token is required');
      } else {
        token = sb.tokens.get(m[1]);
        if (!token) return sendError(reply, 401, 'Invalid token');
        if (token.expiresAt <= sb.now() && !sb.drift.isDrift('expired-token-accepted')) return sendError(reply, 401, `Token expired at ${vendorExpiry(token.expiresAt)} UTC; request a new token`);
        if (token.scopePath && token.scopePath !== urlPath.toLowerCase() && !sb.drift.isDrift('token-scope-not-enforced')) {
          // R-token-scope: scope mismatch → 403 (error-code table, seed 003 §11)
          return sendError(reply, 403, `Token is scoped to ${token.scopePath}; it cannot be used for ${urlPath}`);
        }
      }
    }

    // ---- faults (after auth so a bad token is still a 401)
    const f = sb.faults.before(route.key, req.method);
    if (f) return sendError(reply, f.status, f.message, f.headers);

    // ---- body
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries((req.query as Record<string, unknown>) ?? {})) query[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
    let body: unknown = undefined;
    const raw = typeof req.body === 'string' ? req.body : undefined;
    if (raw !== undefined && raw.trim() !== '') {
      const ct = String(req.headers['content-type'] ?? '');
      if (ct && !/json/i.test(ct)) return sendError(reply, 400, `Unsupported Content-Type "${ct.split(';')[0]}": send application/json`);
      try {
        body = JSON.parse(raw);
      } catch (e) {
        return sendError(reply, 400, `Malformed JSON body: ${(e as Error).message}`);
      }
    }
    const meta = opTable().get(route.key)!;
    if (meta.hasBody && (body === undefined || body === null) && !sb.drift.isDrift('missing-required-accepted')) return sendError(reply, 400, 'Request body is required (application/json)');
    if (meta.hasBody && (typeof body !== 'object' || Array.isArray(body)) && !sb.drift.isDrift('missing-required-accepted')) return sendError(reply, 400, 'Request body must be a JSON object');
    if (!sb.drift.isDrift('missing-required-accepted')) {
      const findings = validateRequest(route.key, body, query);
      if (findings.length) {
        const f0 = findings[0];
        const field = (f0.pointer || '').replace(/^\/?(body|query)?\/?/, '').replace(/\//g, '.') || f0.pointer;
        const msg = String(f0.message ?? '').replace(/^(request|query)\s+\S*:\s*/i, '');
        return sendError(reply, 400, `Invalid request: ${field ? field + ': ' : ''}${msg}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}`);
      }
    }

    // ---- handler
    try {
      // an AccountId named anywhere must be one of the caller's accounts (unknown / other tenant → 404)
      const namedAccount = (body && typeof body === 'object' && !Array.isArray(body) ? (body as any).AccountId : undefined) ?? query.AccountId ?? query.accountId;
      if (typeof namedAccount === 'string' && namedAccount.trim() !== '' && token) sb.account(token.dist, namedAccount);
      const out = await route.handler({ sb, dist: token?.dist ?? sb.distributorId, body: body ?? {}, query, op: route.key, token, headers: req.headers });
      const ctype = sb.drift.isDrift('wrong-content-type') ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
      if (out === EMPTY) return reply.code(200).send();
      let status = 200;
      let payload = out;
      if (out && typeof out === 'object' && '__status' in (out as any)) {
        status = (out as any).__status;
        payload = (out as any).body;
      }
      if (status === 200 && sb.drift.isDrift('create-returns-201') && isCreate(route.key)) status = 201;
      if (sb.drift.isDrift('product-cost-string') && /\/products/.test(route.key)) payload = costAsString(payload);
      return reply.code(status).header('content-type', ctype).send(JSON.stringify(payload));
    } catch (e) {
      if (e instanceof ApiError) return sendError(reply, e.status, e.message, e.headers);
      sb.log.warn('handler error', { op: route.key, message: String((e as Error)?.message) });
      return sendError(reply, 500, 'An unexpected error occurred on the Telegent platform.');
    }
  };

  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'], url: '/*', handler: apiHandler });
  return app;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isCreate(key: string): boolean {
  return /^POST \/v1\.0\/(account\/create|products|packages|subscriptions|message\/routes|voice\/routes|subscribers\/create|services|workgroups|webhook\/create|distributor\/create)$/.test(key) || /\/add$/.test(key);
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
