/**
 * The sandbox CDR service (sandbox/cdr/): `createCdrService(opts)` (./service.ts); vocabulary in ./types.ts;
 * records (./records.ts), layout and rendering (./layout.ts), batches and their drift (./batch.ts), delivery by
 * webhook (./webhook.ts) and e-mail (./email.ts). Layout: ruling R-cdr-layout (see ./README.md).
 */
export { createCdrService } from './service';
export { toCanonical, voiceLegToUsage } from './records';
export type {
  CdrRecordKind,
  CdrEmailDelivery,
  CdrDelivery,
  UsageEvent,
  VoiceDisposition,
  SbcVoiceLeg,
  CanonicalCdr,
  CdrFileOut,
  WebhookPostLog,
  FlushResult,
  DriftFn,
  LogFn,
  CdrServiceOptions,
  CdrService,
} from './types';
