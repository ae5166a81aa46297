/**
 * CDR toolkit for the suite (checklist item 18): SMTP receiver, reconciliation against the run's traffic, and the
 * CDR format library (protocol/cdr: parser, mapping, schema validation) re-exported for the suite's convenience.
 */
export * from '../../protocol/cdr';
export {
  reconcile,
  formatReconcile,
  normalizeE164,
  type ExpectedTraffic,
  type ExpectedSms,
  type ExpectedCallLeg,
  type ExpectedDataSession,
  type ReconcileCounts,
  type ReconcileOptions,
  type ReconcileResult,
} from './reconcile';
export { absorbRedeliveries, type Redelivery } from './redelivery';
export { runScope, belongsToRun, type RunScope } from './scope';
export { startSmtpReceiver, mailToCdrFiles, type ReceivedMail, type ReceivedAttachment, type SmtpReceiver, type SmtpReceiverOptions } from './smtp-receiver';
