/** Sandbox-only controls under /_sandbox/ — what physically happens on the partner's side. Not part of the Telegent API. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Sandbox } from './core';
import { isE164, newId, PREFIX } from './util';
import { gainingCarrierRequest } from './routes/porting';
import { cdrStatus, tick } from './ticker';
import { settleNumber, usageInfo } from './routes/numbers';
import { FAULT_NAMES } from './faults';

export const APN = { iot: 'iot.joonto', mvno: 'wireless.mobi' } as const;

type SendError = (reply: FastifyReply, status: number, message: string) => void;

/** the header that carries the control key (SANDBOX_CONTROL_KEY) on every /_sandbox/* request */
export const CONTROL_KEY_HEADER = 'x-sandbox-control-key';

const digest = (s: string) => createHash('sha256').update(s).digest();

function isControlPath(req: FastifyRequest): boolean {
  let p = req.url.split('?')[0];
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep it raw */
  }
  const route = req.routeOptions?.url ?? '';
  return /^\/+_sandbox(\/|$)/i.test(p) || route.startsWith('/_sandbox/');
}

/** with a control key configured, /_sandbox/* without the right X-Sandbox-Control-Key → 401 (documented error body) */
function controlKeyGate(key: string, sendError: SendError) {
  const want = digest(key);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isControlPath(req)) return;
    const got = req.headers[CONTROL_KEY_HEADER];
    if (typeof got === 'string' && timingSafeEqual(digest(got), want)) return;
    sendError(reply, 401, `Sandbox controls need the header X-Sandbox-Control-Key`);
    return reply;
  };
}

function health(sb: Sandbox) {
  const o = sb.opts;
  return {
    sandbox: true,
    version: sb.version,
    mode: o.realistic ? 'realistic' : 'fast',
    sipPort: sb.sipPort,
    sipHost: sb.sipHost,
    now: new Date(sb.now()).toISOString(),
    clockOffsetMs: sb.clockOffset,
    clockSkewMs: o.clockSkewMs,
    drift: sb.drift.list(),
    faults: sb.faults.list(),
    propagationMs: o.propagationMs,
    portStepMs: sb.carrierSteps().submittedMs,
    carrierClock: sb.carrierSteps(),
    tokenTtlSeconds: o.tokenTtlSeconds,
    cdr: cdrStatus(sb),
    stateFile: o.stateFile ?? null,
    controlKey: o.controlKey ? 'required' : 'none',
  };
}

function parse(body: unknown): any {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return null;
    }
  }
  return body;
}

const TACS: Record<string, { model: string; name: string }> = {
  '35328811': { model: 'Apple', name: 'Apple iPhone 15' },
  '35290611': { model: 'Samsung', name: 'Samsung Galaxy S24' },
  '86802003': { model: 'Quectel', name: 'Quectel EG91 (Cat-1)' },
};

type Json = (reply: FastifyReply, code: number, body: unknown) => FastifyReply;

/** what a group of controls needs: the app, the sandbox, the documented error body, a JSON answer */
interface Controls {
  app: FastifyInstance;
  sb: Sandbox;
  sendError: SendError;
  json: Json;
}

export function registerControls(app: FastifyInstance, sb: Sandbox, sendError: SendError) {
  // controls off: /_sandbox/* falls through to the API router and answers 404 like any unknown path (like Telegent)
  if (!sb.opts.controls) return;
  if (sb.opts.controlKey) app.addHook('onRequest', controlKeyGate(sb.opts.controlKey, sendError));
  const json: Json = (reply, code, body) => reply.code(code).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  const c: Controls = { app, sb, sendError, json };
  app.get('/_sandbox/health', async (_req, reply) => json(reply, 200, health(sb)));
  registerClock(c);
  registerFaults(c);
  app.post('/_sandbox/cdr/flush', async (_req, reply) => json(reply, 200, (await sb.usage.flush()) ?? {}));
  app.post('/_sandbox/devices/attach', async (req, reply) => attachDevice(c, parse(req.body), reply));
  app.post('/_sandbox/portout/request', async (req, reply) => {
    const b = parse(req.body);
    if (!b || !isE164(b.PhoneNumber) || typeof b.PIN !== 'string') return sendError(reply, 400, 'Body must be { "PhoneNumber": "+1…", "PIN": "1234" }');
    const r = gainingCarrierRequest(sb, b.PhoneNumber, b.PIN);
    return json(reply, r.ok ? 200 : 400, r.ok ? { Accepted: true, OrderId: r.orderId } : { StatusCode: 400, Message: r.message });
  });
  registerDiagnostics(c);
}

function registerClock({ app, sb, sendError, json }: Controls) {
  app.post('/_sandbox/clock/advance', async (req, reply) => {
    const b = parse(req.body);
    if (!b) return sendError(reply, 400, 'Malformed JSON body');
    const ms = Number(b.ms ?? b.Ms ?? (b.seconds !== undefined ? Number(b.seconds) * 1000 : b.Seconds !== undefined ? Number(b.Seconds) * 1000 : NaN));
    if (!Number.isFinite(ms) || ms < 0 || ms > 400 * 86400_000) return sendError(reply, 400, 'Body must be { "ms": <0..400 days in ms> } or { "seconds": n }');
    sb.clockOffset += ms;
    // what is due at the new time happens now: orders move, a due CDR cycle delivers (awaited), numbers settle
    const t = tick(sb);
    for (const n of sb.store.c.numbers.values()) settleNumber(sb, n);
    await t.delivery;
    sb.changed();
    return json(reply, 200, { now: new Date(sb.now()).toISOString(), offsetMs: sb.clockOffset });
  });
}

function registerFaults({ app, sb, sendError, json }: Controls) {
  app.get('/_sandbox/faults', async (_req, reply) => json(reply, 200, { active: sb.faults.list(), known: FAULT_NAMES, injected: sb.faults.stats.injected }));
  app.post('/_sandbox/faults', async (req, reply) => {
    const b = parse(req.body);
    if (!b || !Array.isArray(b.faults)) return sendError(reply, 400, 'Body must be { "faults": ["429-burst", ...] } ([] clears)');
    try {
      sb.faults.set(b.faults.map(String));
    } catch (e) {
      return sendError(reply, 400, (e as Error).message);
    }
    return json(reply, 200, { active: sb.faults.list() });
  });
}

/** the number (by PhoneNumber or ICCID) a device attaches with, or the error to answer */
function attachingNumber(sb: Sandbox, b: any): { n: any; iccid: unknown } | { status: number; message: string } {
  const phone = b.PhoneNumber;
  const iccid = b.ICCID ?? b.Iccid;
  let n;
  if (phone) {
    if (!isE164(phone)) return { status: 400, message: 'PhoneNumber must be E.164' };
    n = sb.store.numberByE164(phone);
  } else if (iccid) n = [...sb.store.c.numbers.values()].find((x) => x.Iccid === iccid && !x._deleted && x.Status !== 'Released');
  else return { status: 400, message: 'PhoneNumber or ICCID is required' };
  if (!n) return { status: 404, message: 'No such number / SIM on the sandbox' };
  return { n, iccid };
}

/** a device attaching on an APN (item 17): the network accepts or refuses the data session */
function attachDevice({ sb, sendError, json }: Controls, b: any, reply: FastifyReply) {
  if (!b) return sendError(reply, 400, 'Malformed JSON body');
  const found = attachingNumber(sb, b);
  if ('status' in found) return sendError(reply, found.status, found.message);
  const { n, iccid } = found;
  settleNumber(sb, n);
  const apn = String(b.Apn ?? b.APN ?? '');
  const expected = n.NumberType === 'iot' ? APN.iot : APN.mvno;
  const bytes = Number(b.Bytes ?? 0);
  if (!Number.isFinite(bytes) || bytes < 0) return sendError(reply, 400, 'Bytes must be a non-negative number');
  // the network refuses the session: 400 with the documented error body
  const reject = (reason: string) => sendError(reply, 400, `Session rejected: ${reason}`);
  // drift parked-number-data-session: the data network is never told of a park (a parked line keeps its sessions)
  if (n.Status !== 'Active' && !(n.Status === 'Parked' && sb.drift.isDrift('parked-number-data-session'))) return reject(`number is ${n.Status}`);
  if (n.DataEnabled === false) return reject('data is not enabled on this number');
  if (apn.toLowerCase() !== expected && !sb.drift.isDrift('wrong-apn-accepted'))
    return reject(`APN ${apn || '(none)'} is not valid for a ${n.NumberType} number (expected ${expected})`);
  const info = usageInfo(n);
  if (info.CurrentBehavior === 'Blocked') return reject('data limit reached');
  const sid = startSession(sb, n, b, { apn, bytes, iccid });
  return json(reply, 200, { Attached: true, SessionId: sid, PhoneNumber: n.Number, Apn: apn, Bytes: bytes, Usage: usageInfo(n) });
}

/** the accepted session: device recorded, usage counted, the session stored and its usage event recorded */
function startSession(sb: Sandbox, n: any, b: any, s: { apn: string; bytes: number; iccid: unknown }): string {
  const { apn, bytes, iccid } = s;
  // the attaching device carries a SIM: a number without an ICCID gets the device's (or a generated eSIM profile's)
  if (!n.Iccid)
    n.Iccid =
      typeof iccid === 'string' && /^\d{18,22}F?$/i.test(iccid)
        ? iccid
        : '8901' +
          String(Math.abs(hash(n._id)))
            .padStart(15, '0')
            .slice(0, 15);
  const imei = String(b.Imei ?? b.IMEI ?? '353288110000001');
  const tac = imei.slice(0, 8);
  const dev = TACS[tac] ?? { model: 'Generic', name: 'Generic LTE device' };
  // drift device-details-first-device-kept: the device record is written at the SIM's first attach only (a swap never shows)
  if (!(n.device && sb.drift.isDrift('device-details-first-device-kept')))
    n.device = { IMEI: imei, TAC: tac, DeviceModel: dev.model, DeviceName: dev.name, Apn: apn, LastAttachAt: new Date(sb.now()).toISOString() };
  // drift data-usage-undercounted: the session's bytes counted as KiB units
  if (!sb.drift.isDrift('data-usage-not-updated'))
    n.data.usedBytes = (n.data.usedBytes ?? 0) + (sb.drift.isDrift('data-usage-undercounted') ? Math.round(bytes / 1024) : bytes);
  n.data.sessions = (n.data.sessions ?? 0) + 1;
  const sid = newId(PREFIX.session);
  const started = sb.now();
  sb.store.insert('sessions', sid, n._dist, { SessionId: sid, Number: n.Number, Apn: apn, Bytes: bytes, StartedAt: started, Imei: imei }, n._acct);
  sb.usage.record({
    type: 'data',
    direction: 'mo',
    from: n.Number,
    to: apn,
    sessionId: sid,
    startedAt: new Date(started).toISOString(),
    durationMs: Number(b.DurationMs ?? 60000),
    bytes,
    apn,
    iccid: n.Iccid ?? undefined,
    accountId: n._acct ?? '',
    numberId: n._id,
  });
  return sid;
}

function registerDiagnostics({ app, sb, sendError, json }: Controls) {
  app.get('/_sandbox/directory', async (req, reply) => {
    const q = req.query as Record<string, string>;
    const dir = sb.directory();
    if (q.number) {
      const r = dir.resolveNumber(q.number);
      return r ? json(reply, 200, r) : sendError(reply, 404, 'number not on the sandbox');
    }
    return json(reply, 200, { now: sb.now(), voiceRoutes: dir.voiceRoutes() });
  });
  app.get('/_sandbox/webhooks', async (_req, reply) => json(reply, 200, { deliveries: sb.webhooks.log.slice(-500) }));
  app.get('/_sandbox/media/:id', async (req, reply) => {
    const m = sb.media.get((req.params as any).id);
    if (!m) return sendError(reply, 404, 'no such media');
    return reply.code(200).header('content-type', m.type).send(m.data);
  });
  // benign mms-media-redirect: a media link answers 302 to the media store (a CDN's signed-URL redirect)
  app.get('/_sandbox/media-link/:id', async (req, reply) =>
    reply
      .code(302)
      .header('location', `/_sandbox/media/${(req.params as any).id}`)
      .send(),
  );
  app.get('/_sandbox/qr/:id', async (req, reply) =>
    json(reply, 200, { NumberId: (req.params as any).id, Lpa: `LPA:1$sandbox.telegent.test$${(req.params as any).id}` }),
  );
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h * 1000 + s.length;
}
