/**
 * The text of an answer whose body may carry a content coding (Content-Encoding: gzip, x-gzip, deflate, br — RFC 9110
 * §8.4). A server may code an answer although the request named no Accept-Encoding ("any content coding is considered
 * acceptable", RFC 9110 §12.5.3); undici's request() hands the coded bytes over as they came. A coding it does not know
 * (or bytes that do not decode) is left as it came: the answer then fails as unreadable, never silently.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

const DECODERS: Record<string, (b: Buffer) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  br: brotliDecompressSync,
  // "deflate" is the zlib format (RFC 1950); some servers send raw deflate (RFC 1951): both are read
  deflate: (b) => {
    try {
      return inflateSync(b);
    } catch {
      return inflateRawSync(b);
    }
  },
};

/** the bytes decoded by each coding the header lists, last applied first; undefined when a coding is unknown or fails */
export function decodeContent(bytes: Buffer, contentEncoding: string | undefined): Buffer | undefined {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = bytes;
  for (const c of codings.reverse()) {
    const decode = DECODERS[c];
    if (!decode) return undefined;
    try {
      out = decode(out);
    } catch {
      return undefined;
    }
  }
  return out;
}

/** The answer's text: decoded when it carries a content coding this module knows, as it came otherwise. */
export async function answerText(body: { arrayBuffer(): Promise<ArrayBuffer> }, contentEncoding: string | string[] | undefined): Promise<string> {
  const raw = Buffer.from(await body.arrayBuffer());
  const header = Array.isArray(contentEncoding) ? contentEncoding.join(', ') : contentEncoding;
  return (decodeContent(raw, header) ?? raw).toString('utf8');
}
