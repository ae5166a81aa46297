/**
 * The nightly's list of targets (`.github/targets.json`, or the repository variable CERT_TARGETS_JSON) and the job
 * matrix it expands to: one certification job per target × profile. A target names its secrets — NAMES only, the
 * workflow reads `secrets[name]` — and may set plain (non-secret) configuration such as CERT_ENV or PORTIN_*.
 * Pure: scripts/nightly-plan.ts and the self-tests use it.
 */
import { PROFILES } from '../helpers/profiles';

/** The secrets a target may name, as the environment variables they become in its job. */
export const SECRET_VARS = ['TELEGENT_BASE_URL', 'TELEGENT_ACCOUNT_KEY', 'TELEGENT_ACCOUNT_SECRET', 'WEBHOOK_PUBLIC_URL'] as const;
export type SecretVar = (typeof SECRET_VARS)[number];

export interface TargetEntry {
  id: string;
  label?: string;
  profiles?: string[];
  enabled?: boolean;
  secrets?: Partial<Record<SecretVar, string>>;
  env?: Record<string, string>;
}

export interface TargetsFile {
  profiles?: string[];
  targets: TargetEntry[];
}

/** One job of the matrix (GitHub `include` entry): secret names, never values. */
export interface MatrixJob {
  target: string;
  label: string;
  profile: string;
  /** the entry names a base URL secret: an empty one is an error, never a silent fall back to the sandbox */
  real: boolean;
  secrets: Record<SecretVar, string>;
  env: Record<string, string>;
}

const ID = /^[a-z0-9][a-z0-9-]{0,40}$/;
const NAME = /^[A-Z_][A-Z0-9_]{0,99}$/;

function checkEntry(t: TargetEntry, defaults: string[]): string[] {
  const p: string[] = [];
  const where = `target ${JSON.stringify(t.id)}`;
  if (typeof t.id !== 'string' || !ID.test(t.id)) p.push(`${where}: id must be lower-case letters, digits and dashes`);
  for (const prof of t.profiles ?? defaults)
    if (!(prof in PROFILES)) p.push(`${where}: unknown profile ${JSON.stringify(prof)} (${Object.keys(PROFILES).join(', ')})`);
  for (const [k, v] of Object.entries(t.secrets ?? {})) {
    if (!(SECRET_VARS as readonly string[]).includes(k)) p.push(`${where}: secrets.${k} is not one of ${SECRET_VARS.join(', ')}`);
    if (typeof v !== 'string' || !NAME.test(v)) p.push(`${where}: secrets.${k} must be the NAME of a repository secret (A-Z, 0-9, _), never its value`);
  }
  for (const [k, v] of Object.entries(t.env ?? {})) {
    if (!NAME.test(k) || (SECRET_VARS as readonly string[]).includes(k))
      p.push(`${where}: env.${k}: plain configuration only (secrets go in "secrets", by name)`);
    if (typeof v !== 'string') p.push(`${where}: env.${k} must be a string`);
  }
  return p;
}

/** The matrix for a targets list: enabled targets (or only `only`), each of their profiles (or `profile`). */
export function planMatrix(cfg: TargetsFile, opts: { only?: string[]; profile?: string } = {}): { include: MatrixJob[]; problems: string[] } {
  const defaults = cfg.profiles?.length ? cfg.profiles : ['mvno-full'];
  const problems: string[] = [];
  if (!Array.isArray(cfg.targets) || !cfg.targets.length) return { include: [], problems: ['no targets listed'] };
  const ids = new Set<string>();
  for (const t of cfg.targets) {
    problems.push(...checkEntry(t, defaults));
    if (ids.has(t.id)) problems.push(`target ${JSON.stringify(t.id)} listed twice`);
    ids.add(t.id);
  }
  if (opts.profile && !(opts.profile in PROFILES)) problems.push(`unknown profile ${JSON.stringify(opts.profile)}`);
  const unknown = (opts.only ?? []).filter((id) => !ids.has(id));
  if (unknown.length) problems.push(`unknown target(s) ${unknown.join(', ')}`);
  const chosen = cfg.targets.filter((t) => (opts.only?.length ? opts.only.includes(t.id) : t.enabled !== false));
  const include = chosen.flatMap((t) =>
    (opts.profile ? [opts.profile] : (t.profiles ?? defaults)).map((profile) => ({
      target: t.id,
      label: t.label ?? t.id,
      profile,
      real: !!t.secrets?.TELEGENT_BASE_URL,
      secrets: Object.fromEntries(SECRET_VARS.map((k) => [k, t.secrets?.[k] ?? ''])) as Record<SecretVar, string>,
      env: { ...(t.env ?? {}) },
    })),
  );
  if (!include.length && !problems.length) problems.push('no enabled target');
  return { include, problems };
}
