import type { CdrFile } from './parse';

/**
 * A webhook delivery (as stored by the inbox or seen by any HTTP handler) as parser input.
 * `body` may be the raw text, a Buffer, or an already-parsed JSON object.
 */
export function webhookToCdrFile(
  ev: { headers?: Record<string, string | string[] | undefined>; contentType?: string; body?: unknown; raw?: string },
  index = 0,
): CdrFile {
  const h = (n: string) => {
    const v = ev.headers?.[n] ?? ev.headers?.[n.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const contentType = ev.contentType ?? h('content-type') ?? '';
  const disp = h('content-disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(disp);
  const isJson = /json/i.test(contentType);
  const name = m?.[1] ?? `webhook-${index + 1}.${isJson ? 'json' : 'csv'}`;
  let content: Buffer | string;
  if (Buffer.isBuffer(ev.body)) content = ev.body;
  else if (typeof ev.body === 'string') content = ev.body;
  else if (ev.raw) content = ev.raw;
  else content = JSON.stringify(ev.body ?? '');
  return { name, content, contentType, via: 'webhook' };
}
