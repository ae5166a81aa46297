/**
 * Embedded SMTP receiver for CDR e-mails (smtp-server + mailparser). Binds 127.0.0.1 on port 0 by default.
 * No authentication is required; AUTH PLAIN / LOGIN are accepted (any credentials) and the password is
 * registered as a secret and never logged or stored.
 */
import { EventEmitter } from 'node:events';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { simpleParser as SimpleParser } from 'mailparser';
import { registerSecret } from '../../protocol/redact';
import type { CdrFile } from '../../protocol/cdr/parse';

export interface ReceivedAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** the bytes, base64 (survives JSON, e.g. through the inbox query API) */
  base64: string;
  /** the bytes (in-process only: not enumerable, so JSON carries base64 alone) */
  content: Buffer;
}

export interface ReceivedMail {
  /** sequence number in this receiver, from 1 */
  seq: number;
  receivedAt: string;
  /** SMTP envelope */
  envelope: { from: string; to: string[] };
  /** authenticated user name, if the client used AUTH (never the password) */
  authUser?: string;
  messageId?: string;
  subject?: string;
  from?: string;
  to?: string;
  date?: string;
  text?: string;
  headers: Record<string, string>;
  attachments: ReceivedAttachment[];
  size: number;
}

export interface SmtpReceiverOptions {
  host?: string;
  /** 0 (default) = ephemeral */
  port?: number;
  /** called for every message once parsed */
  onMessage?: (m: ReceivedMail) => void;
  /** max message size in bytes (default 50 MiB) */
  maxBytes?: number;
  /** diagnostics (no message bodies, no credentials) */
  log?: (msg: string) => void;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  messages(): ReceivedMail[];
  /** resolves with the first message (already received or future) matching pred */
  waitFor(pred: (m: ReceivedMail) => boolean, opts?: { timeoutMs?: number; progress?: (msg: string) => void }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** One receiver's state: what it received, in order, and who waits for it. */
interface Mailbox {
  received: ReceivedMail[];
  events: EventEmitter;
  seq: number;
}

const addressText = (a: any): string | undefined => (a ? (Array.isArray(a) ? a.map((x) => x.text).join(', ') : a.text) : undefined);

function toAttachment(a: any): ReceivedAttachment {
  const att = {
    filename: a.filename ?? '(unnamed)',
    contentType: a.contentType,
    size: a.size,
    base64: (a.content as Buffer).toString('base64'),
  } as ReceivedAttachment;
  Object.defineProperty(att, 'content', { value: a.content, enumerable: false });
  return att;
}

/** A raw message as a ReceivedMail: envelope and AUTH user from the session, the rest parsed by mailparser. */
async function toReceivedMail(raw: Buffer, session: SMTPServerSession, box: Mailbox): Promise<ReceivedMail> {
  // mailparser loaded with the first message (≈ 150 ms off the run's global setup, which starts this receiver)
  const { simpleParser } = require('mailparser') as { simpleParser: typeof SimpleParser };
  const parsed = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const [k, v] of parsed.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return {
    seq: ++box.seq, // numbered once parsed (a message that does not parse takes no number)
    receivedAt: new Date().toISOString(),
    envelope: {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
    },
    authUser: (session as any).user,
    messageId: parsed.messageId,
    subject: parsed.subject,
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    date: parsed.date?.toISOString(),
    text: parsed.text,
    headers,
    attachments: parsed.attachments.map(toAttachment),
    size: raw.length,
  };
}

/** Store a parsed message and tell the consumer and the waiters (a consumer error must not reject the mail). */
function deliver(box: Mailbox, mail: ReceivedMail, opts: SmtpReceiverOptions): void {
  box.received.push(mail);
  opts.log?.(`smtp: message ${mail.seq} from ${mail.envelope.from} (${mail.attachments.length} attachment(s))`);
  try {
    opts.onMessage?.(mail);
  } catch {
    /* a consumer error must not reject the mail */
  }
  box.events.emit('mail', mail);
}

/** The DATA phase: collect the message (refused over `maxBytes`), parse it, deliver it. */
function onData(box: Mailbox, opts: SmtpReceiverOptions, maxBytes: number): SMTPServerOptions['onData'] {
  const log = opts.log ?? (() => undefined);
  return (stream, session, cb) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    stream.on('error', (e) => cb(e));
    stream.on('end', async () => {
      if ((stream as any).sizeExceeded || size > maxBytes) {
        const err: any = new Error(`message exceeds ${maxBytes} bytes`);
        err.responseCode = 552;
        return cb(err);
      }
      try {
        deliver(box, await toReceivedMail(Buffer.concat(chunks), session, box), opts);
        cb();
      } catch (e: any) {
        log(`smtp: could not parse message: ${e?.message ?? e}`);
        cb(e);
      }
    });
  };
}

function serverOptions(box: Mailbox, opts: SmtpReceiverOptions, maxBytes: number): SMTPServerOptions {
  return {
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    size: maxBytes,
    banner: 'Telegent certification suite CDR receiver',
    logger: false,
    onAuth(auth, _session, cb) {
      // accept any credentials locally; keep the user name, never the password
      if (auth.password) registerSecret(auth.password);
      cb(null, { user: auth.username ?? 'anonymous' });
    },
    onData: onData(box, opts, maxBytes),
  };
}

async function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onErr = (e: Error) => reject(e);
    server.server.once('error', onErr);
    server.listen(port, host, () => {
      server.server.off('error', onErr);
      resolve();
    });
  });
  return (server.server.address() as any).port as number;
}

/** The first message (already received or future) matching `pred`, with progress every 5 s and a timeout. */
function waitForMail(
  box: Mailbox,
  port: number,
  pred: (m: ReceivedMail) => boolean,
  w: { timeoutMs?: number; progress?: (msg: string) => void } = {},
): Promise<ReceivedMail> {
  const { received, events } = box;
  const timeoutMs = w.timeoutMs ?? 30_000;
  const hit = received.find(pred);
  if (hit) return Promise.resolve(hit);
  return new Promise<ReceivedMail>((resolve, reject) => {
    const started = Date.now();
    const onMail = (m: ReceivedMail) => {
      if (!pred(m)) return;
      cleanup();
      resolve(m);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no matching CDR e-mail within ${timeoutMs} ms (${received.length} message(s) received on port ${port})`));
    }, timeoutMs);
    const tick = w.progress
      ? setInterval(() => w.progress!(`waiting for CDR e-mail… ${Math.round((Date.now() - started) / 1000)} s, ${received.length} message(s) so far`), 5000)
      : undefined;
    const cleanup = () => {
      clearTimeout(timer);
      if (tick) clearInterval(tick);
      events.off('mail', onMail);
    };
    events.on('mail', onMail);
  });
}

export async function startSmtpReceiver(opts: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const host = opts.host ?? '127.0.0.1';
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  const log = opts.log ?? (() => undefined);
  const box: Mailbox = { received: [], events: new EventEmitter(), seq: 0 };
  box.events.setMaxListeners(0);
  const server = new SMTPServer(serverOptions(box, opts, maxBytes));
  server.on('error', (e) => log(`smtp: ${e.message}`));
  const port = await listen(server, opts.port ?? 0, host);
  return {
    host,
    port,
    messages: () => box.received.slice(),
    waitFor: (pred, w) => waitForMail(box, port, pred, w),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The CSV/JSON attachments of a CDR e-mail as parser input (text/plain body parts are not attachments). */
export function mailToCdrFiles(m: Pick<ReceivedMail, 'attachments'>): CdrFile[] {
  return m.attachments
    .filter((a) => /csv|json|text\/plain|octet-stream/i.test(a.contentType) || /\.(csv|json|ndjson)$/i.test(a.filename))
    .map((a) => ({ name: a.filename, content: a.content ?? Buffer.from(a.base64 ?? '', 'base64'), contentType: a.contentType, via: 'email' as const }));
}
