/**
 * Preflight: what must hold before any checklist item runs against a target that is not the embedded sandbox.
 * Each check is a small function with one job that returns the problems it found, one line each, naming what to
 * fix (host:port, the variable). `certify` and `gate --run` stop with exit 2 on any problem, before a report is
 * touched. Nothing here creates anything on the target: one token is requested, nothing else is called.
 */
import * as crypto from 'node:crypto';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { request } from 'undici';
import type { SuiteConfig } from './config';
import { publicPrefixOf, startInbox } from './inbox/server';
import { proxyVariableName, useProxyFromEnv } from './client/proxy';
import { RETRY_STATUSES, VENDOR_RETRY, backoffMs, parseRetryAfter } from './client/policy';
import { TOKEN_PATH, VENDOR_TOKEN_PATH } from './client/token-path';
import { answerText } from './client/content-coding';
import { redact, registerSecret } from '../protocol/redact';

export interface PreflightResult {
  problems: string[];
  /** what was checked and held, for the console */
  passed: string[];
  /** settings the preflight found the run needs (TELEGENT_API_ENDPOINT_BASE behind a path-prefix proxy) */
  env?: Record<string, string>;
}

const CONNECT_TIMEOUT_MS = 5_000;
const HTTP_TIMEOUT_MS = 8_000;

function hostPort(u: string): { host: string; port: number } {
  const url = new URL(u);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** A proxy named in the environment, which the suite does not use (it connects directly): said when that fails. */
function proxyNote(env: NodeJS.ProcessEnv = process.env): string {
  const name = ['ALL_PROXY', 'all_proxy'].find((k) => env[k]);
  return name ? `; ${name} is set, but the suite uses HTTPS_PROXY / HTTP_PROXY only` : '';
}

/** The target's host answers on its port (TCP). */
export async function checkReachable(baseUrl: string): Promise<string[]> {
  const { host, port } = hostPort(baseUrl);
  const err = await new Promise<string | undefined>((resolve) => {
    const sock = net.connect({ host, port });
    const done = (e?: string) => {
      sock.destroy();
      resolve(e);
    };
    sock.setTimeout(CONNECT_TIMEOUT_MS, () => done(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
    sock.once('connect', () => done());
    sock.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
  return err ? [`target unreachable: ${host}:${port} (${err}) — check TELEGENT_BASE_URL and the network path to it${proxyNote()}`] : [];
}

/** TLS errors a client gets when it speaks TLS to a port that answers plain HTTP (or the reverse). */
const TLS_MISMATCH_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO', 'ERR_SSL_HTTP_REQUEST']);

/** Errors of a connection that was open and lost its answer (undici's codes say nothing to a partner): in words. */
const LOST_ANSWER_WORDS: Record<string, string> = {
  UND_ERR_SOCKET: 'the connection was closed before the answer was complete — a proxy, load balancer or firewall in between, or the platform restarting',
  ECONNRESET: 'the connection was reset before the answer came — a proxy, load balancer or firewall in between, or the platform restarting',
  EPIPE: 'the connection was closed while the request was being sent — a proxy, load balancer or firewall in between?',
  UND_ERR_HEADERS_TIMEOUT: `no answer within ${HTTP_TIMEOUT_MS / 1000} s — the platform, or a gateway in front of it, is not answering`,
  UND_ERR_BODY_TIMEOUT: `the answer stopped coming for ${HTTP_TIMEOUT_MS / 1000} s — the platform, or a gateway in front of it, stalled`,
};

/**
 * The proxy (HTTPS_PROXY / HTTP_PROXY) refused to open the tunnel to the target — undici says only "Proxy response
 * (407) !== 200 when HTTP Tunneling" as UND_ERR_ABORTED. Named by its variable, never its URL (it may hold a password).
 */
function proxyRefusalWords(status: number, host: string): string {
  const via = `the proxy (${proxyVariableName() ?? 'HTTPS_PROXY / HTTP_PROXY'})`;
  if (status === 407)
    return `${via} asks for credentials (HTTP 407 Proxy Authentication Required), or refused the ones given: put them in its URL (http://user:password@proxy:port, special characters URL-encoded)`;
  if (status === 403) return `${via} refuses to connect to ${host} (HTTP 403): ask for it to be allowed, or list it in NO_PROXY if it is reached directly`;
  return `${via} could not open a connection to ${host} (HTTP ${status}): check that the proxy reaches it`;
}

/** A token request that lost its answer on the way may be sent again: it creates nothing (seed 003 §11 retries). */
function isTransientRequestError(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code !== undefined && (e as NodeJS.ErrnoException).code! in LOST_ANSWER_WORDS;
}

/**
 * Why a request to the target failed, in the words that name the fix: `https://` to a plain-HTTP port is said as such
 * (node's ERR_SSL_WRONG_VERSION_NUMBER alone does not tell a partner to write http://). Other errors: their code.
 */
export function describeRequestError(e: unknown, baseUrl: string, variable = 'TELEGENT_BASE_URL'): string {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  const url = new URL(baseUrl);
  const tunnel = /Proxy response \((\d{3})\)/.exec((e as Error).message ?? '');
  if (tunnel) return `${code}: ${proxyRefusalWords(Number(tunnel[1]), url.host)}`;
  if (LOST_ANSWER_WORDS[code]) return `${code}: ${LOST_ANSWER_WORDS[code]}`;
  if (!TLS_MISMATCH_CODES.has(code)) return code;
  if (url.protocol === 'https:')
    return `${code}: the port does not speak TLS — ${variable} says https://, what answers there speaks plain HTTP (write http://${url.host}, or the TLS port)`;
  return `${code}: TLS handshake problem at ${url.host}`;
}

/** an answer's body for a message: a JSON body masked by key too (an echoed AccountSecret, whatever its spelling) */
function shownBody(text: string): string {
  try {
    return JSON.stringify(redact(JSON.parse(text)));
  } catch {
    return String(redact(text));
  }
}

/** An HTML page's title, or undefined when the text is not an HTML page (a gateway's or a maintenance page). */
export function htmlPageTitle(text: string): string | undefined {
  if (!/^\s*</.test(text) || !/<(!doctype html|html|head|body|title)\b/i.test(text)) return undefined;
  const t = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  return t || '';
}

/** "1 h 5 min" / "90 s": how long a Retry-After asks to wait. */
function waitInWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * A token request's refusal in words: an HTML page by its title (not 120 characters of markup), and for a 502 / 503 /
 * 504 that the API is not being served now — with the wait its Retry-After asks for — rather than a configuration fault.
 */
export function describeRefusal(res: Pick<TokenAnswer, 'status' | 'text' | 'retryAfter' | 'date'>): string {
  const title = htmlPageTitle(res.text);
  const body =
    title === undefined
      ? shownBody(res.text).slice(0, 120)
      : `an HTML page${title ? ` titled "${String(redact(title)).slice(0, 80)}"` : ''}, not the API's JSON`;
  if (![502, 503, 504].includes(res.status)) return body;
  const asked = parseRetryAfter(res.retryAfter, Date.now(), res.date);
  const later = asked ? `it asks to be called again in ${waitInWords(asked)}` : 'try again later';
  return `${body} — the platform, or a gateway in front of it, is not serving the API now (maintenance?); nothing was created: ${later}`;
}

/**
 * One token request (POST /v1.0/oauth2/tokens, seed 003 §1), scoped when `apiEndpoint` is given: its status, body and
 * token. A 408 / 429 / 5xx is retried as the vendor's policy says (seed 003 §11: from 1 s doubling, Retry-After
 * honoured, at most 30 s a wait) before it counts: a rate limit at the start of a run is no configuration problem.
 */
async function tokenRequest(cfg: Pick<SuiteConfig, 'baseUrl' | 'accountKey' | 'accountSecret'>, apiEndpoint?: string): Promise<TokenAnswer> {
  const first = servedTokenPath.get(cfg.baseUrl!) ?? TOKEN_PATH;
  const r = await tokenRequestRetried(cfg, apiEndpoint, first);
  if (first !== TOKEN_PATH || (r.status !== 404 && r.status !== 405)) return r;
  // R-token-path: a platform routing case-sensitively may serve only the OpenAPI's spelling (the client does the same);
  // the spelling that answers is kept for the preflight's later token requests
  const other = await tokenRequestRetried(cfg, apiEndpoint, VENDOR_TOKEN_PATH);
  if (other.status !== 404 && other.status !== 405) servedTokenPath.set(cfg.baseUrl!, VENDOR_TOKEN_PATH);
  return other;
}

/** One answer of the token endpoint: its status, body text, token, and the headers that time a retry. */
interface TokenAnswer {
  status: number;
  text: string;
  token?: string;
  retryAfter?: string | string[];
  date?: string | string[];
}

/** the token path spelling a target answered at, once the described one was not served (per base URL) */
const servedTokenPath = new Map<string, string>();

async function tokenRequestRetried(
  cfg: Pick<SuiteConfig, 'baseUrl' | 'accountKey' | 'accountSecret'>,
  apiEndpoint: string | undefined,
  path: string,
): Promise<TokenAnswer> {
  for (let attempt = 1; ; attempt++) {
    let r: TokenAnswer;
    try {
      r = await tokenRequestOnce(cfg, apiEndpoint, path);
    } catch (e) {
      // a connection lost mid-answer (a gateway's idle reset, a platform restarting) is retried like a 503
      if (!isTransientRequestError(e) || attempt >= VENDOR_RETRY.maxAttempts) throw e;
      const waitMs = backoffMs(attempt, VENDOR_RETRY);
      process.stdout.write(`preflight: token request lost its answer (${describeRequestError(e, cfg.baseUrl!)}) — retrying in ${Math.ceil(waitMs / 1000)} s\n`);
      await new Promise((res) => setTimeout(res, waitMs));
      continue;
    }
    if (!RETRY_STATUSES.has(r.status) || attempt >= VENDOR_RETRY.maxAttempts) return r;
    const asked = parseRetryAfter(r.retryAfter, Date.now(), r.date);
    // a platform that asks for longer than the client ever waits (maintenance: "come back in an hour") is not retried
    if (asked !== undefined && asked > VENDOR_RETRY.retryAfterMaxMs) return r;
    const waitMs = Math.min(VENDOR_RETRY.capMs, asked ?? backoffMs(attempt, VENDOR_RETRY));
    process.stdout.write(`preflight: token request answered HTTP ${r.status} — retrying in ${Math.ceil(waitMs / 1000)} s (vendor retry policy)\n`);
    await new Promise((res) => setTimeout(res, waitMs));
  }
}

async function tokenRequestOnce(
  cfg: Pick<SuiteConfig, 'baseUrl' | 'accountKey' | 'accountSecret'>,
  apiEndpoint: string | undefined,
  path: string,
): Promise<TokenAnswer> {
  const res = await request(`${cfg.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ AccountKey: cfg.accountKey, AccountSecret: cfg.accountSecret, ...(apiEndpoint ? { ApiEndpoint: apiEndpoint } : {}) }),
    headersTimeout: HTTP_TIMEOUT_MS,
    bodyTimeout: HTTP_TIMEOUT_MS,
  });
  const text = await answerText(res.body, res.headers['content-encoding']);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { token?: unknown }).token;
  } catch {
    /* not JSON */
  }
  if (typeof token === 'string' && token) registerSecret(token);
  return {
    status: res.statusCode,
    text,
    token: typeof token === 'string' && token ? token : undefined,
    retryAfter: res.headers['retry-after'],
    date: res.headers.date,
  };
}

/** The distributor credentials get a token (POST /v1.0/oauth2/tokens, seed 003 §1). */
export async function checkCredentials(cfg: Pick<SuiteConfig, 'baseUrl' | 'accountKey' | 'accountSecret'>): Promise<string[]> {
  registerSecret(cfg.accountSecret);
  const { host, port } = hostPort(cfg.baseUrl!);
  try {
    const res = await tokenRequest(cfg);
    if (res.status === 401 || res.status === 403 || res.status === 400) {
      return [`credentials refused by ${host}:${port} (HTTP ${res.status}): check TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET`];
    }
    if (res.status !== 200) return [`token request to ${host}:${port} answered HTTP ${res.status}: ${describeRefusal(res)}`];
    if (!res.token) return [`token request to ${host}:${port} answered 200 without a token: is TELEGENT_BASE_URL the Telegent API?`];
    return [];
  } catch (e) {
    return [`token request to ${host}:${port} failed (${describeRequestError(e, cfg.baseUrl!)})`];
  }
}

/**
 * Whether a token scoped to `endpointBase`'s GET /v1.0/products is issued AND accepted by that endpoint (200), else
 * the status that refused it: a platform may check the scope when the token is used rather than when it is issued.
 * The call reads a product that does not exist (nothing is created; a 404 or 400 means the token was accepted).
 */
async function scopedTokenStatus(cfg: Pick<SuiteConfig, 'baseUrl' | 'accountKey' | 'accountSecret'>, endpointBase: string): Promise<number> {
  const res = await tokenRequest(cfg, `${endpointBase}/v1.0/products`);
  if (res.status !== 200 || !res.token) return res.status;
  const call = await request(`${cfg.baseUrl}/v1.0/products?ProductId=PRID-00000000-0000-4000-8000-000000000000`, {
    headers: { authorization: `Bearer ${res.token}` },
    headersTimeout: HTTP_TIMEOUT_MS,
    bodyTimeout: HTTP_TIMEOUT_MS,
  });
  await call.body.dump();
  return call.statusCode === 401 || call.statusCode === 403 ? call.statusCode : 200;
}

/**
 * A token scoped to one endpoint is issued (every item's calls use scoped tokens, seed 003 §1). Behind a proxy whose
 * path prefix Telegent does not know (TELEGENT_BASE_URL https://proxy/telegent), ApiEndpoint must name the endpoint
 * without it: tried once, and adopted for the run (TELEGENT_API_ENDPOINT_BASE) when that is what Telegent accepts.
 */
export async function checkScopedToken(
  cfg: Pick<SuiteConfig, 'baseUrl' | 'apiEndpointBase' | 'accountKey' | 'accountSecret'>,
): Promise<{ problems: string[]; adopt?: string }> {
  const base = cfg.apiEndpointBase ?? cfg.baseUrl!;
  try {
    const status = await scopedTokenStatus(cfg, base);
    if (status === 200) return { problems: [] };
    const origin = new URL(cfg.baseUrl!).origin;
    if (!cfg.apiEndpointBase && origin !== cfg.baseUrl && (await scopedTokenStatus(cfg, origin)) === 200) return { problems: [], adopt: origin };
    return {
      problems: [
        `a token scoped to one endpoint (ApiEndpoint ${base}/v1.0/products) is refused or not accepted there (HTTP ${status}): if a proxy stands between the suite and Telegent, set TELEGENT_API_ENDPOINT_BASE to the URL Telegent knows`,
      ],
    };
  } catch (e) {
    return { problems: [`scoped token request failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`] };
  }
}

/** The suite's webhook receiver is reachable through WEBHOOK_PUBLIC_URL: the suite posts to itself through it. */
export async function checkWebhookPath(cfg: Pick<SuiteConfig, 'webhookPublicUrl' | 'webhookPort' | 'webhookBind'>): Promise<string[]> {
  if (!cfg.webhookPublicUrl) return ['WEBHOOK_PUBLIC_URL is not set: Telegent could not reach the suite'];
  let inbox;
  const nonce = crypto.randomBytes(8).toString('hex');
  const probe = `${publicPrefixOf(cfg.webhookPublicUrl)}/hooks/preflight-${nonce}`;
  try {
    // its own probe only: a platform's webhook arriving now (a retry for an earlier run's message) is refused with 503, to come again
    inbox = await startInbox({ host: cfg.webhookBind, port: cfg.webhookPort, publicPrefix: publicPrefixOf(cfg.webhookPublicUrl), accepts: (p) => p === probe });
  } catch (e) {
    return [
      `webhook receiver cannot listen on ${cfg.webhookBind}:${cfg.webhookPort} (${listenErrorWords(e, 'WEBHOOK_PORT')}): check WEBHOOK_BIND / WEBHOOK_PORT`,
    ];
  }
  let failure = '';
  try {
    await request(`${cfg.webhookPublicUrl}/hooks/preflight-${nonce}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preflight: nonce }),
      headersTimeout: HTTP_TIMEOUT_MS,
      bodyTimeout: HTTP_TIMEOUT_MS,
    }).then((r) => r.body.dump());
  } catch (e) {
    failure = describeRequestError(e, cfg.webhookPublicUrl, 'WEBHOOK_PUBLIC_URL'); // judged below by what arrived
  }
  // kept under the public path whether the tunnel keeps WEBHOOK_PUBLIC_URL's prefix or strips it (as the run's matchers see it)
  const arrived = inbox.events().some((e) => e.path === probe);
  await inbox.close();
  if (arrived) return [];
  const hint = failure.includes('TLS')
    ? ` (${failure})`
    : cfg.webhookPort === 0
      ? ' (WEBHOOK_PORT is 0, any free port: set the port your public URL forwards to)'
      : ` (forwarded to ${cfg.webhookBind}:${cfg.webhookPort}?)`;
  return [`webhook receiver not reachable through WEBHOOK_PUBLIC_URL ${new URL(cfg.webhookPublicUrl).host}${hint}`];
}

/** Why a receiver could not listen, in words for the two a partner meets: a port already taken, an address not this machine's. */
function listenErrorWords(e: unknown, portVariable: string): string {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  if (code === 'EADDRINUSE')
    return `${code}: another process already listens on that port — a run still going, or the tunnel's own agent; stop it, or choose another ${portVariable} (and forward to it)`;
  if (code === 'EADDRNOTAVAIL') return `${code}: that address is not one of this machine's — WEBHOOK_BIND names an interface here, or 0.0.0.0`;
  if (code === 'EACCES') return `${code}: a port below 1024 needs privileges — choose ${portVariable} above 1023`;
  return code;
}

/** The SMTP receiver for e-mailed CDRs can listen where configured. */
export async function checkSmtp(cfg: Pick<SuiteConfig, 'smtpPort' | 'webhookBind'>): Promise<string[]> {
  try {
    // required, not import()ed: `npm run certify` runs under node --require tsx/cjs, which resolves no import('./…')
    const { startSmtpReceiver } = require('./cdr/smtp-receiver') as typeof import('./cdr/smtp-receiver');
    const smtp = await startSmtpReceiver({ host: cfg.webhookBind, port: cfg.smtpPort, onMessage: () => undefined });
    await smtp.close();
    return [];
  } catch (e) {
    return [
      `SMTP receiver for e-mailed CDRs cannot listen on ${cfg.webhookBind}:${cfg.smtpPort} (${listenErrorWords(e, 'SMTP_PORT')}): check SMTP_PORT, or CDR_DELIVERY`,
    ];
  }
}

/** The partner-SBC SIP agent can bind its UDP address (voice in scope). */
export async function checkSipBind(cfg: Pick<SuiteConfig, 'sipAgentHost' | 'sipAgentPort'>): Promise<string[]> {
  const s = dgram.createSocket(net.isIPv6(cfg.sipAgentHost) ? 'udp6' : 'udp4');
  const err = await new Promise<string | undefined>((resolve) => {
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    s.bind(cfg.sipAgentPort, cfg.sipAgentHost, () => resolve(undefined));
  });
  await new Promise<void>((r) => s.close(() => r())).catch(() => undefined);
  return err ? [`SIP agent cannot bind udp ${cfg.sipAgentHost}:${cfg.sipAgentPort} (${err}): check SIP_AGENT_HOST / SIP_AGENT_PORT`] : [];
}

/** Every check that applies to the configured target, in order; later network checks are skipped when the target is unreachable. */
export async function runPreflight(cfg: SuiteConfig): Promise<PreflightResult> {
  const passed: string[] = [];
  const problems: string[] = [];
  if (cfg.embedded || !cfg.baseUrl) return { problems, passed: ['embedded sandbox: started by the run'] };
  const { host, port } = hostPort(cfg.baseUrl);
  const step = async (label: string, p: Promise<string[]>) => {
    const found = await p;
    if (found.length) problems.push(...found);
    else passed.push(label);
  };
  // behind a proxy the target is reached through it: the token request below is the reachability check
  const proxy = useProxyFromEnv();
  if (proxy) passed.push(`${proxy} in use for calls to the target (loopback and NO_PROXY excepted)`);
  else await step(`target reachable at ${host}:${port}`, checkReachable(cfg.baseUrl));
  if (!problems.length) await step('credentials accepted (one token issued)', checkCredentials(cfg));
  let env: Record<string, string> | undefined;
  if (!problems.length) {
    const scoped = await checkScopedToken(cfg);
    if (scoped.adopt) env = { TELEGENT_API_ENDPOINT_BASE: scoped.adopt };
    const label = scoped.adopt
      ? `scoped token issued and accepted for ApiEndpoint ${scoped.adopt}/… (the proxy's path prefix left out; for npm run cleanup and sweep, add TELEGENT_API_ENDPOINT_BASE=${scoped.adopt} to .env)`
      : 'scoped token issued and accepted by its endpoint';
    await step(label, Promise.resolve(scoped.problems));
  }
  await step('webhook receiver reachable through WEBHOOK_PUBLIC_URL', checkWebhookPath(cfg));
  if (cfg.cdrDelivery !== 'webhook') await step('SMTP receiver can listen', checkSmtp(cfg));
  if (cfg.scope.has('voice') || cfg.scope.has('sip')) await step('SIP agent can bind', checkSipBind(cfg));
  return { problems: problems.map((p) => String(redact(p))), passed, env };
}
