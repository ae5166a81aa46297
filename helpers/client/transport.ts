/** One HTTP send on undici (time limit, JSON body parsed when it is JSON), and the URL / query of an operation. */
import { request as undiciRequest, type Dispatcher } from 'undici';
import type { OperationInfo } from '../../protocol/contract';
import type { QueryValue } from './types';
import { answerText } from './content-coding';

/** What one send gave: a response, a timeout, or a network error (`sent`: the request may have reached the server). */
export type Sent =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown; rawContentType?: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'network'; ms: number; sent: boolean; detail: string };

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function errorCode(e: unknown): string {
  const any = e as { code?: string; cause?: { code?: string } };
  return any?.code ?? any?.cause?.code ?? '';
}

function parseBody(text: string, contentType: string): unknown {
  if (!text.length) return undefined;
  if (!/json/i.test(contentType) && !/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One request as given. */
export interface SendRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  limitMs: number;
  dispatcher?: Dispatcher;
}

export async function sendOnce(req: SendRequest): Promise<Sent> {
  const started = performance.now();
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, req.limitMs);
  try {
    const res = await undiciRequest(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: ac.signal,
      dispatcher: req.dispatcher,
    });
    const text = await answerText(res.body, res.headers['content-encoding']);
    const h = flatHeaders(res.headers as Record<string, string | string[] | undefined>);
    return {
      kind: 'response',
      status: res.statusCode,
      headers: h,
      body: parseBody(text, h['content-type'] ?? ''),
      rawContentType: h['content-type'],
      ms: performance.now() - started,
    };
  } catch (e) {
    const ms = performance.now() - started;
    if (timedOut) return { kind: 'timeout', ms };
    const code = errorCode(e);
    return { kind: 'network', ms, sent: !NOT_SENT_CODES.has(code), detail: code || (e instanceof Error ? e.message : String(e)) };
  } finally {
    clearTimeout(timer);
  }
}

/** The call's URL: `{name}` path templates filled from `params`, the query appended (undefined / null values left out). */
export function buildUrl(
  baseUrl: string,
  op: OperationInfo,
  o: { query?: Record<string, QueryValue>; params?: Record<string, string | number>; pathOverride?: string },
): string {
  const params = o.params;
  let p = o.pathOverride ?? op.path;
  if (params) p = p.replace(/\{([^}]+)\}/g, (m, name) => (params[name] !== undefined ? encodeURIComponent(String(params[name])) : m));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== null) qs.append(k, String(v));
  const s = qs.toString();
  return `${baseUrl}${p}${s ? `?${s}` : ''}`;
}

export function stringQuery(query: Record<string, QueryValue> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}
