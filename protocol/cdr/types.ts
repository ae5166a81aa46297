/**
 * CDR types shared by the parser, the reconciliation and the SMTP receiver.
 * Canonical field names are those of schemas/cdr/{sms,voice,data}.schema.json.
 */

export type CdrKind = 'sms' | 'voice' | 'data';
export type CdrFormat = 'csv' | 'json' | 'auto';
export type Direction = 'inbound' | 'outbound';

export interface SmsCdr {
  recordId: string;
  type: 'sms' | 'mms';
  messageId: string;
  direction: Direction;
  from: string;
  to: string;
  timestamp: string;
  segments: number;
  accountId: string;
}

export interface VoiceCdr {
  recordId: string;
  type: 'voice';
  callId: string;
  leg: 'A' | 'B';
  direction: Direction;
  from: string;
  to: string;
  startTime: string;
  answerTime?: string | null;
  endTime: string;
  durationSeconds: number;
  disposition: 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'FAILED' | 'CANCELLED';
  accountId: string;
}

export interface DataCdr {
  recordId: string;
  type: 'data';
  sessionId: string;
  number: string;
  iccid: string;
  apn: string;
  bytesUp: number;
  bytesDown: number;
  startTime: string;
  endTime: string;
  accountId: string;
}

/** Where a record came from: the delivered file (attachment name / webhook batch label) and its line. */
export interface CdrSource {
  file: string;
  line?: number;
  via?: 'email' | 'webhook' | 'file';
  /** sha256 (hex) of the delivered file's content — set by parseCdrFiles */
  digest?: string;
  /** position of the delivery among the files parsed together (0-based) — set by parseCdrFiles */
  delivery?: number;
  /** this record comes from a redelivery (same content, or same name and content) of that earlier file */
  redeliveryOf?: string;
}

/** A parsed record. `valid` is false when the record failed the schema (it is still returned so reconciliation can report it). */
export type CdrRecord =
  | { kind: 'sms'; fields: SmsCdr; valid: boolean; source: CdrSource }
  | { kind: 'voice'; fields: VoiceCdr; valid: boolean; source: CdrSource }
  | { kind: 'data'; fields: DataCdr; valid: boolean; source: CdrSource };

export type CdrSeverity = 'error' | 'warning' | 'info';

/** Same shape family as protocol/contract Finding, plus file/line. */
export interface CdrFinding {
  check: string;
  severity: CdrSeverity;
  message: string;
  file?: string;
  line?: number;
  kind?: CdrKind;
  pointer?: string;
  expected?: string;
  actual?: string;
  /** what a warning rests on (a ruling id): set when the finding is reported in the warnings of the run */
  basis?: string;
}

export type CdrParseItem = { type: 'record'; record: CdrRecord } | { type: 'finding'; finding: CdrFinding };

export interface CdrParseOptions {
  /** Record type the file is expected to hold; omitted = detect from header / RecordType column / file name. */
  kind?: CdrKind;
  format: CdrFormat;
  /** Label used in findings and in record.source.file (attachment name, 'webhook#3', path...). */
  fileName?: string;
  via?: CdrSource['via'];
  /** Duplicate detection over the whole file (fixed 16 bytes per distinct key). Default true. */
  detectDuplicates?: boolean;
  /** Max detailed findings per check code per file; further ones are counted in one summary finding. Default 20. */
  maxFindingsPerCheck?: number;
  /** Max bytes buffered for a JSON document (NDJSON is streamed). Default 64 MiB. */
  maxJsonBytes?: number;
}

export interface CdrFileSummary {
  file: string;
  via?: CdrSource['via'];
  format: 'csv' | 'json' | 'unknown';
  kinds: Partial<Record<CdrKind, number>>;
  records: number;
  invalid: number;
  findings: number;
}

export interface CdrParseResult {
  records: CdrRecord[];
  findings: CdrFinding[];
  files: CdrFileSummary[];
  /** files delivered again with the same content (at-least-once delivery): absorbed, their records tagged `redeliveryOf` */
  redelivered?: Array<{ file: string; of: string; digest: string }>;
}
