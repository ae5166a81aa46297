/** The per-file parsing context: the file's summary, its findings (capped per check) and the items waiting to be yielded. */
import type { Readable } from 'node:stream';
import { KeySet64 } from './keyset';
import type { LoadedMapping } from './mapping';
import type { CdrFileSummary, CdrFinding, CdrParseItem, CdrParseOptions, CdrSource } from './types';

export type CdrStreamItem = CdrParseItem | { type: 'summary'; summary: CdrFileSummary };
export type CdrInput = Readable | AsyncIterable<Buffer | string | Uint8Array> | Buffer | string;

/** What a decoder puts in place of bytes that are not valid UTF-8. */
export const REPLACEMENT = '\uFFFD';

export class FileContext {
  readonly summary: CdrFileSummary;
  queue: CdrStreamItem[] = [];
  private perCheck = new Map<string, number>();
  private readonly max: number;
  readonly dups: KeySet64 | undefined;
  private onceKeys = new Set<string>();
  /** `${kind}:${field}` reported missing from the header: their per-record 'required' errors are not repeated. */
  readonly missingCols = new Set<string>();
  /** scratch array for duplicate keys (no per-record key string) */
  readonly keyParts: string[] = [];

  constructor(
    readonly file: string,
    readonly opts: CdrParseOptions,
    readonly L: LoadedMapping,
  ) {
    this.max = opts.maxFindingsPerCheck ?? 20;
    this.summary = { file, via: opts.via, format: 'unknown', kinds: {}, records: 0, invalid: 0, findings: 0 };
    this.dups = opts.detectDuplicates === false ? undefined : new KeySet64(4096);
  }

  finding(f: Omit<CdrFinding, 'file'>): void {
    const n = (this.perCheck.get(f.check) ?? 0) + 1;
    this.perCheck.set(f.check, n);
    this.summary.findings++;
    if (n <= this.max) this.queue.push({ type: 'finding', finding: { file: this.file, ...f } });
  }

  /** Emit a finding only once per file for the given key. */
  once(key: string, f: Omit<CdrFinding, 'file'>): void {
    if (this.onceKeys.has(key)) return;
    this.onceKeys.add(key);
    this.finding(f);
  }

  /** The items gathered so far (a new queue starts). */
  takeQueue(): CdrStreamItem[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  capped(): void {
    for (const [check, n] of this.perCheck) {
      if (n > this.max) {
        this.queue.push({
          type: 'finding',
          finding: {
            file: this.file,
            check: 'cdr.findings-capped',
            severity: 'info',
            message: `${n - this.max} more '${check}' finding(s) in ${this.file} not listed (${n} in total)`,
            actual: String(n),
          },
        });
      }
    }
  }

  source(line?: number): CdrSource {
    return { file: this.file, line, via: this.opts.via };
  }
}
