/**
 * Attestations: each team's signature on ONE sign-off, bound to its run id and evidence digest.
 * `reports/attestations/<team>.json` = { team, name, role, date, runId, evidenceSha256 }.
 * Used by scripts/attest.ts (records one) and scripts/verify.ts (checks all of them against the sign-off).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkEvidence, short } from './evidence-file';
import { createRedactor } from './redaction';
import type { SignatureLine, SignoffDocument } from './types';
import { computeVerdict, countStatuses } from './model';

export const TEAMS = ['partner', 'telegent'] as const;
export type Team = (typeof TEAMS)[number];

export interface AttestationRecord {
  team: Team;
  name: string;
  role: string;
  date: string;
  runId: string;
  evidenceSha256: string;
}

export interface SignoffRef {
  runId: string;
  evidenceSha256: string;
  verdict?: string;
  target?: string;
  profile?: string;
}

export type Outcome = { ok: true; lines: string[] } | { ok: false; lines: string[] };

export function attestationsDir(reportDir: string): string {
  return path.join(reportDir, 'attestations');
}

export function attestationFile(reportDir: string, team: Team): string {
  return path.join(attestationsDir(reportDir), `${team}.json`);
}

/** signoff.json's run id and evidence digest, or why it cannot be read. */
export function readSignoff(reportDir: string): SignoffRef | string {
  const file = path.join(reportDir, 'signoff.json');
  if (!fs.existsSync(file)) return `${file}: no sign-off (run \`npm run certify\` first, or pass --report DIR)`;
  try {
    const d = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SignoffRef>;
    if (typeof d.runId !== 'string' || typeof d.evidenceSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.evidenceSha256)) {
      return `${file}: not a sign-off (no runId / evidenceSha256)`;
    }
    return { runId: d.runId, evidenceSha256: d.evidenceSha256, verdict: d.verdict, target: d.target, profile: d.profile };
  } catch (e) {
    return `${file}: unreadable (${(e as Error).message.split('\n')[0]})`;
  }
}

function readAttestation(file: string): Partial<AttestationRecord> | string {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Partial<AttestationRecord>) : `${file}: not an attestation object`;
  } catch (e) {
    return `${file}: unreadable (${(e as Error).message.split('\n')[0]})`;
  }
}

export interface AttestInput {
  reportDir: string;
  team: Team;
  name: string;
  role: string;
  replace?: boolean;
  now?: Date;
}

/** Records one team's attestation of the sign-off in reportDir; refuses when it would bind to the wrong thing. */
export function attest(input: AttestInput): Outcome & { file?: string } {
  const ref = readSignoff(input.reportDir);
  if (typeof ref === 'string') return { ok: false, lines: [`attest: refused — ${ref}`] };
  const ev = checkEvidence(input.reportDir, ref.evidenceSha256);
  if (!ev.ok) return { ok: false, lines: [`attest: refused — ${ev.problem}; re-run the certification or restore the evidence`] };
  const file = attestationFile(input.reportDir, input.team);
  if (fs.existsSync(file)) {
    const prev = readAttestation(file);
    const other = typeof prev === 'string' || prev.runId !== ref.runId || prev.evidenceSha256 !== ref.evidenceSha256;
    if (other && !input.replace) {
      const what = typeof prev === 'string' ? prev : `it attests run ${prev.runId ?? '?'} (evidence ${short(prev.evidenceSha256)}), not run ${ref.runId}`;
      return { ok: false, lines: [`attest: refused — ${file} already exists for another run: ${what}; add --replace to sign this run instead`] };
    }
  }
  const red = createRedactor();
  const rec: AttestationRecord = {
    team: input.team,
    name: red.text(input.name.trim()),
    role: red.text(input.role.trim()),
    date: (input.now ?? new Date()).toISOString(),
    runId: ref.runId,
    evidenceSha256: ref.evidenceSha256,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(rec, null, 2)}\n`);
  return {
    ok: true,
    file,
    lines: [`attest: ${input.team} attestation by ${rec.name} (${rec.role}) recorded in ${file} — run ${ref.runId}, evidence ${short(ref.evidenceSha256)}`],
  };
}

/** One attestation file against the sign-off: problems (empty when it holds). */
export function checkAttestation(file: string, ref: SignoffRef): { problems: string[]; rec?: Partial<AttestationRecord> } {
  const rec = readAttestation(file);
  if (typeof rec === 'string') return { problems: [rec] };
  const problems: string[] = [];
  const base = path.basename(file, '.json');
  if (!TEAMS.includes(rec.team as Team)) problems.push(`${file}: team ${JSON.stringify(rec.team)} is not partner or telegent`);
  else if (rec.team !== base) problems.push(`${file}: says team ${rec.team} but is filed as ${base}`);
  if (rec.runId !== ref.runId) problems.push(`${file}: attests run ${rec.runId ?? '(none)'}, but signoff.json is run ${ref.runId} — copied from another run?`);
  if (rec.evidenceSha256 !== ref.evidenceSha256)
    problems.push(`${file}: attests evidence ${short(rec.evidenceSha256)}, but signoff.json evidenceSha256 is ${short(ref.evidenceSha256)}`);
  for (const k of ['name', 'role', 'date'] as const) if (typeof rec[k] !== 'string' || !rec[k]) problems.push(`${file}: no ${k}`);
  return { problems, rec };
}

/** Everything `npm run verify` checks in one report directory. */
export function verifyReport(reportDir: string, opts: { requireAll?: boolean } = {}): Outcome {
  const ref = readSignoff(reportDir);
  if (typeof ref === 'string') return { ok: false, lines: [`verify: FAIL — ${ref}`] };
  const lines = [
    `verify: sign-off ${path.join(reportDir, 'signoff.json')} — run ${ref.runId}, verdict ${ref.verdict ?? '?'}, evidenceSha256 ${short(ref.evidenceSha256)}`,
  ];
  let ok = true;
  const ev = checkEvidence(reportDir, ref.evidenceSha256);
  if (ev.ok) lines.push(`verify: ok   ${path.join(reportDir, 'evidence.json')} hashes to the sign-off's evidenceSha256 (${short(ev.digest)})`);
  else {
    ok = false;
    lines.push(`verify: FAIL ${ev.problem}`);
  }
  const dir = attestationsDir(reportDir);
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const f of files) {
    const { problems, rec } = checkAttestation(path.join(dir, f), ref);
    if (problems.length) {
      ok = false;
      lines.push(...problems.map((p) => `verify: FAIL ${p}`));
    } else lines.push(`verify: ok   ${path.join(dir, f)} — ${rec?.team}: ${rec?.name} (${rec?.role}), ${rec?.date}, same run and evidence`);
  }
  const have = new Set(files.map((f) => path.basename(f, '.json')));
  const missing = TEAMS.filter((t) => !have.has(t));
  if (missing.length) {
    if (opts.requireAll) ok = false;
    lines.push(
      `verify: ${opts.requireAll ? 'FAIL' : 'note'} no attestation yet from ${missing.join(' and ')} (npm run attest -- --team ${missing[0]} --name "…" --role "…")`,
    );
  }
  lines.push(ok ? 'verify: all checks hold' : 'verify: MISMATCH — see the FAIL lines above');
  return { ok, lines };
}

/** How a Joint item waiting for signatures reads in the document, and what to run. */
export function awaitingReason(missing: readonly Team[]): string {
  const cmd = missing.map((t) => `npm run attest -- --team ${t} --name "…" --role "…"`).join(' and ');
  return `technical checks passed; awaiting the attestation of ${missing.join(' and ')} for this run (${cmd})`;
}

/** The valid attestations of this sign-off in reportDir (same run id and evidence digest), one per team. */
export function validSignatures(reportDir: string, ref: SignoffRef): SignatureLine[] {
  const out: SignatureLine[] = [];
  for (const team of TEAMS) {
    const file = attestationFile(reportDir, team);
    if (!fs.existsSync(file)) continue;
    const { problems, rec } = checkAttestation(file, ref);
    if (!problems.length && rec) out.push({ team, name: String(rec.name), role: String(rec.role), date: String(rec.date) });
  }
  return out;
}

/**
 * R-signoff-attestation: a Joint item whose technical checks passed is `pending` until both teams attest this run,
 * then `passed`. Updates the items, the sign-off block, the counts and the verdict (technical) in place.
 */
export function applyAttestations(doc: SignoffDocument, reportDir: string): SignoffDocument {
  const signatures =
    checkEvidence(reportDir, doc.evidenceSha256).ok || !fs.existsSync(path.join(reportDir, 'evidence.json')) ? validSignatures(reportDir, doc) : [];
  const missing = TEAMS.filter((t) => !signatures.some((s) => s.team === t));
  for (const item of doc.items) {
    if (item.owner !== 'Joint' || (!item.attestation && item.status !== 'passed')) continue;
    if (missing.length) {
      item.status = 'pending';
      item.attestation = 'awaiting';
      item.reason = awaitingReason(missing);
    } else {
      item.status = 'passed';
      item.attestation = 'attested';
      item.reason = `attested by ${signatures.map((s) => `${s.team} ${s.name} (${s.role}, ${s.date.slice(0, 10)})`).join(' and ')}`;
    }
  }
  doc.signoff = {
    items: doc.items.filter((i) => i.owner === 'Joint').map((i) => ({ id: i.id, title: i.title, status: i.status })),
    signatures,
    awaiting: missing,
    attestationNote: missing.length
      ? `awaiting ${missing.join(' and ')}: each team runs \`npm run attest -- --team <team> --name "…" --role "…"\` on this report (run ${doc.runId}, evidence ${short(doc.evidenceSha256)})`
      : `both teams attested run ${doc.runId} and evidence ${short(doc.evidenceSha256)} (npm run verify re-checks it)`,
  };
  doc.counts = countStatuses(doc.items);
  doc.verdict = computeVerdict(doc.items);
  doc.verdictLabel = `${doc.rehearsal ? 'REHEARSAL ' : ''}${doc.verdict}`;
  return doc;
}
