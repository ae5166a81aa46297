/**
 * The sign-off document's shape (signoff.json): a leaf module, imported by the builder, the renderers, the
 * attestations and the gate's readers alike.
 */
import type { FindingRecord, ItemReport, ItemStatus, Regression, Verdict } from './model';

/** One team's signature as the document shows it (from reports/attestations/<team>.json, checked against this run). */
export interface SignatureLine {
  team: 'partner' | 'telegent';
  name: string;
  role: string;
  date: string;
}

/** Where the run's target sits: the Telegent sandbox (a rehearsal), a partner/dev environment, or production. */
export type Environment = 'sandbox' | 'dev' | 'production';

export interface RulingEntry {
  id: string;
  [k: string]: unknown;
}

export interface SignoffDocument {
  schemaVersion: 1;
  verdict: Verdict;
  /** a run against the Telegent sandbox (embedded or standalone): a rehearsal, not a certification of an integration */
  rehearsal: boolean;
  /** the verdict as the document reads it: `REHEARSAL PASS` on a sandbox, `PASS` against a real Telegent */
  verdictLabel: string;
  runId: string;
  ledgerRunId?: string;
  target: string;
  /** sandbox (embedded or standalone: a rehearsal) / dev / production */
  environment: Environment;
  /** the base URL's host (or "embedded") */
  targetHost: string;
  profile: string;
  suiteVersion: string;
  openapiSha256: string | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  operator: string;
  playwright: { version: string; status: string; shard: string | null; workers: number };
  counts: Record<ItemStatus, number>;
  items: ItemReport[];
  regressions: Regression[];
  /** Latency changes against the baseline beyond the noise threshold: information, never a regression. */
  latencyNotes: string[];
  /** A complete run (ran to its end): only such runs serve as a regression baseline. */
  complete: boolean;
  previousRunId: string | null;
  rulings: RulingEntry[];
  signoff: {
    items: { id: string; title: string; status: ItemStatus }[];
    /** valid attestations of THIS run (same run id and evidence digest) */
    signatures: SignatureLine[];
    /** teams whose attestation is still missing */
    awaiting: ('partner' | 'telegent')[];
    attestationNote: string;
  };
  evidenceSha256: string;
  evidenceDigestOf: string;
  pdf: { rendered: boolean; note: string };
  redaction: { helper: string; envValuesScrubbed: number };
  runErrors: string[];
  notes: string[];
}

export type { FindingRecord };
