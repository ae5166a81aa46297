/**
 * npm run attest -- --team partner|telegent --name "NAME" --role "ROLE" [--report DIR] [--replace]
 *
 * Records one team's attestation of the sign-off in DIR (default $CERT_REPORT_DIR or reports/):
 * DIR/attestations/<team>.json = { team, name, role, date (ISO), runId, evidenceSha256 } — bound to the run id
 * and evidence digest of DIR/signoff.json.
 *
 * Refused (exit 1, one line) when: the sign-off is missing; DIR/evidence.json no longer hashes to the sign-off's
 * evidenceSha256 (evidence changed); an attestation of that team already exists for another run (--replace signs
 * this run instead). Usage errors: exit 2. The attestation holds no secret. Check with `npm run verify -- DIR`.
 * Once both teams have attested, the Joint items (14, 19) pass and signoff.json/.md/.html/.pdf are re-rendered
 * (R-signoff-attestation); until then they stay pending and the gate refuses.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { attest, TEAMS, type Team } from '../reporter/attestations';
import { refreshSignoff } from '../reporter/refresh';

function usage(msg: string): never {
  process.stderr.write(`attest: ${msg}\nusage: npm run attest -- --team partner|telegent --name "NAME" --role "ROLE" [--report DIR] [--replace]\n`);
  process.exit(2);
}

function parse(argv: string[]): { team: Team; name: string; role: string; reportDir: string; replace: boolean } {
  const o: Record<string, string> = {};
  let replace = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--replace') replace = true;
    else if (['--team', '--name', '--role', '--report'].includes(a)) {
      if (argv[i + 1] === undefined) usage(`${a} needs a value`);
      o[a.slice(2)] = argv[++i];
    } else if (/^--(team|name|role|report)=/.test(a)) o[a.slice(2, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else usage(`unknown argument ${JSON.stringify(a)}`);
  }
  if (!TEAMS.includes(o.team as Team)) usage(`--team must be partner or telegent${o.team ? ` (got ${JSON.stringify(o.team)})` : ''}`);
  if (!o.name?.trim()) usage('--name is required (the person signing)');
  if (!o.role?.trim()) usage('--role is required (their role)');
  return { team: o.team as Team, name: o.name, role: o.role, reportDir: o.report || process.env.CERT_REPORT_DIR || 'reports', replace };
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const r = attest(args);
  for (const l of r.lines) (r.ok ? process.stdout : process.stderr).write(`${l}\n`);
  if (!r.ok) return 1;
  const doc = await refreshSignoff(args.reportDir);
  if (doc) {
    const joint = doc.signoff.items.map((i) => `item ${i.id} ${i.status}`).join(', ');
    const rest = doc.signoff.awaiting.length ? `awaiting ${doc.signoff.awaiting.join(' and ')}` : 'both teams attested';
    process.stdout.write(`attest: sign-off re-rendered — ${rest}; ${joint}; verdict ${doc.verdictLabel}\n`);
  }
  return 0;
}

main().then((code) => process.exit(code));
