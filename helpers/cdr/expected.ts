/**
 * The vocabulary of CDR reconciliation (leaf types module): the traffic a run expects to find in the CDRs, the
 * options, the counts and the result. Imported by the reconciliation, the run scope and the step library.
 */
import type { CdrFinding, CdrKind, Direction, VoiceCdr } from '../../protocol/cdr/types';

export interface ExpectedSms {
  /** TMID-… from the send response (outbound) or Message_ID of the inbound webhook (inbound). */
  messageId: string;
  direction: Direction;
  from: string;
  to: string;
  /** ISO time the suite sent / received the message. */
  at: string;
  segments?: number;
  type?: 'sms' | 'mms';
}

export interface ExpectedCallLeg {
  /** SIP Call-ID as seen by the partner-side SIP agent. */
  callId: string;
  /** 'A' or 'B'; omitted = match on callId + direction. */
  leg?: 'A' | 'B';
  direction: Direction;
  from: string;
  to: string;
  startedAt: string;
  /**
   * The SIP dialog the suite took part in was answered (200 OK, ACK): its CDR must say ANSWERED with an answerTime
   * (a zero duration is a warning, R-cdr-duration). false / undefined = not judged (a leg the suite gave up on may
   * still have been answered on the platform's side).
   */
  answered?: boolean;
  /**
   * The final failure the platform answered the suite's INVITE with (≥ 300: refused, or 487 after a CANCEL): the leg was
   * never answered — its CDR must not say ANSWERED, carry an answerTime or bill a duration. Undefined = not judged.
   */
  refusedStatus?: number;
  /** null = the leg was not answered; undefined = not checked. */
  answeredAt?: string | null;
  endedAt?: string;
  durationSeconds?: number;
  disposition?: VoiceCdr['disposition'];
}

export interface ExpectedDataSession {
  /** When known; otherwise matched on number + apn + start time within tolerance. */
  sessionId?: string;
  number: string;
  iccid?: string;
  apn?: string;
  startedAt: string;
  endedAt?: string;
  bytesUp?: number;
  bytesDown?: number;
}

export interface ExpectedTraffic {
  sms: ExpectedSms[];
  voice: ExpectedCallLeg[];
  data?: ExpectedDataSession[];
  /** When set, every matched record must carry this accountId. */
  accountId?: string;
  /** The run's own (Telegent-side) numbers, beyond those in the traffic above. */
  numbers?: string[];
  /** The run's time window (ISO); default: the span of the expected traffic. Widened by `toleranceMs`. */
  window?: { from: string; to: string };
}

export interface ReconcileCounts {
  /** expected items (messages, call legs, sessions) */
  expected: number;
  /** found exactly with every checked field in agreement */
  matched: number;
  /** expected but no record */
  missing: number;
  /** extra copies of a record beyond the first (a record delivered twice counts 1) */
  duplicate: number;
  /** delivered records that match nothing expected */
  unexpected: number;
  /** found, but a checked field differs (numbers, direction, time, duration, disposition, segments…) */
  mismatched: number;
  /** records absorbed as redeliveries of a file already received (at-least-once delivery; info) */
  redelivered: number;
  /** records of other runs / other users (not this run's numbers or outside its window): ignored (info) */
  ignored: number;
}

export interface ReconcileOptions {
  /** Allowed difference between the suite's clock and the CDR timestamps. */
  toleranceMs: number;
  /** Allowed difference on durationSeconds. Default 1 (the CDR rounds up to whole seconds). */
  durationToleranceS?: number;
  /** Severity of 'unexpected' records — unmatched records of this run's numbers and window (default 'error'). */
  unexpectedSeverity?: 'error' | 'warning';
  /** Records outside the run's numbers / window: 'ignore' (default: counted, one info finding) or 'unexpected'. */
  foreign?: 'ignore' | 'unexpected';
  /** Require voice and SMS records to come in separate files (default true). */
  requireSplit?: boolean;
  /** Max detailed findings per check (default 50); the counts are always complete. */
  maxFindingsPerCheck?: number;
}

export interface ReconcileResult {
  /** true when there is no 'error' finding */
  ok: boolean;
  sms: ReconcileCounts;
  voice: ReconcileCounts;
  data?: ReconcileCounts;
  /** per delivered file: which record types it held (`redeliveryOf`: a redelivered copy of that file) */
  files: Array<{ file: string; kinds: Partial<Record<CdrKind, number>>; redeliveryOf?: string }>;
  findings: CdrFinding[];
}
