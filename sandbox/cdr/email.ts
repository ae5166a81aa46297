/** CDR delivery by e-mail: SMTP via nodemailer, one CSV attachment per file (voice and SMS never share a file). */
import type nodemailer from 'nodemailer';
import { redact } from '../../protocol/redact';
import type { CsvFile } from './batch';
import type { CdrEmailDelivery, FlushResult, LogFn } from './types';

/** what the e-mail of a batch says; `variant`: benign cdr-wire-variants (attachmentVariant) */
export interface BatchMail {
  batchId: string;
  counts: FlushResult['counts'];
  variant?: boolean;
}

/**
 * Benign cdr-wire-variants: attachments as a mail system may label them — alternately application/octet-stream in
 * quoted-printable with no file extension, and text/csv with a quoted charset and header=present (RFC 4180 §3) in
 * base64 under an upper-case .CSV (RFC 2045 §5–6, RFC 2183 §2.3).
 */
function attachmentVariant(f: CsvFile, i: number) {
  if (i % 2 === 0)
    return {
      filename: f.name.replace(/\.csv$/, ''),
      content: f.body,
      contentType: 'application/octet-stream',
      contentTransferEncoding: 'quoted-printable' as const,
    };
  return {
    filename: f.name.replace(/\.csv$/, '.CSV'),
    content: f.body,
    contentType: 'text/csv; charset="UTF-8"; header=present',
    contentTransferEncoding: 'base64' as const,
  };
}

/** the SMTP connection, opened on the first batch and kept until the delivery changes or the service closes */
export class CdrMailer {
  private transporter: ReturnType<typeof nodemailer.createTransport> | undefined;

  async send(em: CdrEmailDelivery, batch: BatchMail, files: CsvFile[], warn: LogFn): Promise<NonNullable<FlushResult['email']>> {
    const { batchId, counts } = batch;
    const attachments = files.map((f, i) =>
      batch.variant ? attachmentVariant(f, i) : { filename: f.name, content: f.body, contentType: 'text/csv; charset=utf-8' },
    );
    const result: NonNullable<FlushResult['email']> = { to: em.to, attachments: attachments.map((a) => a.filename) };
    try {
      // nodemailer loaded on the first e-mail (≈ 70 ms a sandbox that delivers by webhook never pays at boot)
      this.transporter ??= (require('nodemailer') as typeof nodemailer).createTransport({
        host: em.smtpHost,
        port: em.smtpPort,
        secure: em.secure ?? false,
        auth: em.auth ? { user: em.auth.user, pass: em.auth.pass } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        logger: false,
      } as any);
      const info = await this.transporter.sendMail({
        from: em.from ?? 'Telegent CDR <cdr@sandbox.telegent.invalid>',
        to: em.to,
        subject: `Telegent CDR batch ${batchId}`,
        text:
          `Telegent CDR batch ${batchId}\n` +
          `SMS/MMS records: ${counts.sms}\nVoice records: ${counts.voice}\nData records: ${counts.data}\n` +
          `Files: ${attachments.map((a) => a.filename).join(', ')}\n`,
        headers: { 'X-Telegent-Cdr-Batch': batchId },
        attachments,
      });
      result.messageId = info.messageId;
    } catch (e: any) {
      result.error = redact(String(e?.message ?? e)) as string;
      warn('cdr: e-mail delivery failed', { error: result.error });
    }
    return result;
  }

  close(): void {
    this.transporter?.close();
    this.transporter = undefined;
  }
}
