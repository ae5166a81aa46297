/**
 * The CDR service's vocabulary (sandbox/cdr/): a leaf module. The sandbox core records usage events
 * (`UsageEvent`, also through sandbox/ports.ts), the SBC's voice legs arrive as `SbcVoiceLeg`, delivery writes
 * `CanonicalCdr` records (layout: schemas/cdr/mapping.json, ruling R-cdr-layout).
 */

export type CdrRecordKind = 'sms' | 'voice' | 'data';

export interface CdrEmailDelivery {
  smtpHost: string;
  smtpPort: number;
  /** recipient (the partner's CDR mailbox) */
  to: string;
  /** sender; default 'cdr@sandbox.telegent.invalid' */
  from?: string;
  /** implicit TLS (port 465 style); default false */
  secure?: boolean;
  /** SMTP AUTH; the password is registered as a secret and never logged */
  auth?: { user: string; pass: string };
}

export interface CdrDelivery {
  webhookUrl?: string;
  /** 'Bearer xyz' / 'Basic …' header value, or a structured form */
  webhookAuth?: string | { type: 'Basic' | 'Bearer'; username?: string; secret: string };
  email?: CdrEmailDelivery;
  /** webhook body format; e-mail attachments are always CSV. Default 'json'. */
  format?: 'json' | 'csv';
}

/**
 * One usage event. The sandbox core calls record() for every SMS/MMS (sent and received) and data session;
 * the SBC's voice legs are accepted either in this shape or as the SBC's own leg record (`SbcVoiceLeg`).
 */
export interface UsageEvent {
  type: 'sms' | 'mms' | 'voice' | 'data';
  /** 'outbound' = sent/placed by the partner; 'inbound' = received by the partner. 'mo' is read as outbound, 'mt' as inbound. */
  direction?: 'inbound' | 'outbound' | 'mo' | 'mt';
  from?: string;
  to?: string;
  /** SMS/MMS: the TMID-… message id the API returned / the inbound webhook carried */
  messageId?: string;
  /** voice: the SIP Call-ID of the leg as the partner side sees it */
  callId?: string;
  /** voice: 'A' (caller side) or 'B' (callee side) */
  leg?: 'A' | 'B';
  /** data: session (charging) id; generated when absent */
  sessionId?: string;
  /** ISO 8601: message time / INVITE time / session start */
  startedAt: string;
  /** voice: ISO answer time (absent = not answered) */
  answeredAt?: string;
  /** voice/data: ISO end time; else startedAt + durationMs */
  endedAt?: string;
  durationMs?: number;
  /** voice: outcome; default ANSWERED when answeredAt is set, else NO_ANSWER */
  disposition?: VoiceDisposition;
  segments?: number;
  bytesUp?: number;
  bytesDown?: number;
  /** total octets, booked as downlink when bytesUp/bytesDown are absent */
  bytes?: number;
  apn?: string;
  iccid?: string;
  /** data: MSISDN; default `from` */
  number?: string;
  accountId?: string;
  numberId?: string;
}

export type VoiceDisposition = 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'FAILED' | 'CANCELLED';

/** The SBC's leg record (sandbox/sip/types.ts VoiceCdrLeg fits it), accepted as is. */
export interface SbcVoiceLeg {
  type: 'voice';
  callId: string;
  sipCallId?: string;
  legId?: string;
  leg?: 'A' | 'B';
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  accountId?: string;
  numberId?: string;
  start: number;
  answer?: number;
  end: number;
  durationMs?: number;
  disposition: 'answered' | 'no-answer' | 'busy' | 'failed' | 'cancelled' | string;
}

export interface CanonicalCdr {
  recordId: string;
  type: 'sms' | 'mms' | 'voice' | 'data';
  [field: string]: unknown;
}

export interface CdrFileOut {
  name: string;
  kinds: CdrRecordKind[];
  records: number;
  bytes: number;
  contentType: string;
}

export type WebhookPostLog = Array<{ file: string; status?: number; error?: string }>;

export interface FlushResult {
  batchId: string;
  /** records delivered in this flush (after drift) */
  delivered: number;
  counts: Record<CdrRecordKind, number>;
  files: CdrFileOut[];
  webhook?: { posts: WebhookPostLog };
  email?: { to: string; messageId?: string; attachments: string[]; error?: string };
  /** drift modes that changed this batch */
  drift: string[];
  /** nothing configured: records were kept */
  note?: string;
}

export type DriftFn = (name: string) => boolean;
export type LogFn = (msg: string, extra?: Record<string, unknown>) => void;

/** The CDR service's dependencies, explicit: every one optional (a self-test builds it from `{}`). */
export interface CdrServiceOptions {
  delivery?: CdrDelivery;
  /** true = drift mode active (the sandbox passes its drift registry's isDrift) */
  drift?: DriftFn;
  /** information lines (the sandbox logger's info) */
  log?: LogFn;
  /** warnings (the sandbox logger's warn); default `log` */
  warn?: LogFn;
  /** sandbox clock (epoch ms); default Date.now */
  now?: () => number;
  /** used when an event carries no accountId */
  defaultAccountId?: string;
}

export interface CdrService {
  record(ev: UsageEvent | SbcVoiceLeg): void;
  flush(): Promise<FlushResult>;
  configure(delivery: CdrDelivery): void;
  /** records waiting for the next flush */
  pending(): number;
  /** a webhook or e-mail delivery is configured (else flushes keep the records) */
  deliveryConfigured(): boolean;
  /** the records waiting for the next delivery (a copy), for the sandbox's state file */
  pendingRecords(): CanonicalCdr[];
  /** put saved waiting records back (a restarted sandbox delivers them on its next cycle) */
  restorePending(records: CanonicalCdr[]): void;
  /** the last delivered records (up to 10,000), for sandbox diagnostics */
  history(): CanonicalCdr[];
  close(): Promise<void>;
}
