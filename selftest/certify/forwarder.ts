/** A forwarder in front of the suite's webhook receiver, as a partner's tunnel would be: WEBHOOK_PUBLIC_URL points here. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forwarder {
  url: string;
  forwarded: () => number;
  close: () => Promise<void>;
}

export function startForwarder(targetPort: number): Promise<Forwarder> {
  let n = 0;
  const srv = http.createServer((req, res) => {
    n++;
    const up = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-by': 'selftest' } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, forwarded: () => n, close: () => new Promise((r) => srv.close(() => r())) }),
    ),
  );
}
