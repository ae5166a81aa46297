/**
 * `reports/evidence.json`: the per-item evidence bundle whose SHA-256 is the sign-off's `evidenceSha256`, written as
 * exactly the canonical JSON that was hashed (sorted keys, no whitespace, no trailing newline) — so
 * `sha256sum reports/evidence.json` prints the digest, and anyone can recompute it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, evidenceBundle, sha256, type ItemReport } from './model';

export const EVIDENCE_FILE = 'evidence.json';

/** The bytes of evidence.json for these (already redacted) items. */
export function evidenceText(items: ItemReport[]): string {
  return canonicalJson(evidenceBundle(items));
}

/** Digest of evidence.json as written: SHA-256 of its bytes (they are the canonical JSON). */
export function evidenceFileDigest(file: string): string {
  return sha256(fs.readFileSync(file));
}

export type EvidenceCheck = { ok: true; digest: string } | { ok: false; problem: string; digest?: string };

/** Recomputes the evidence digest of a report directory and compares it with the expected one. */
export function checkEvidence(dir: string, expected: string): EvidenceCheck {
  const file = path.join(dir, EVIDENCE_FILE);
  if (!fs.existsSync(file)) return { ok: false, problem: `${file}: missing (a run before evidence.json was written?)` };
  const raw = fs.readFileSync(file);
  const digest = sha256(raw);
  if (digest === expected) return { ok: true, digest };
  let canonical = '';
  try {
    canonical = canonicalJson(JSON.parse(raw.toString('utf8')));
  } catch {
    return {
      ok: false,
      digest,
      problem: `${file}: not JSON any more — the evidence was changed after the sign-off (digest ${short(digest)} ≠ ${short(expected)})`,
    };
  }
  const how = sha256(canonical) === expected ? 'reformatted (same content, other bytes)' : 'changed after the sign-off';
  return { ok: false, digest, problem: `${file}: ${how} — SHA-256 ${short(digest)} ≠ signoff.json evidenceSha256 ${short(expected)}` };
}

export function short(d: string | undefined): string {
  return d ? `${d.slice(0, 12)}…` : '(none)';
}
