/**
 * The sweep: generated call sequences (fast-check model-based commands, seeded; each after the setup prefix of
 * ./setup) run against the target until the
 * time budget is spent. A sequence that meets an error finding not reported before fails; fast-check shrinks it
 * (for at most `shrinkMs`) to the shortest sequence that still shows it — the replayable counterexample — and
 * the sweep goes on with the next seed. Every call lands in the conformance table.
 */
import fc from 'fast-check';
import type { Finding } from '../../protocol/contract';
import { commandArbitraries } from './commands';
import { NewFinding, SweepExecutor, type ExecutorOptions } from './executor';
import { resourceGraph } from './graph';
import { SweepModel } from './model';
import { runSetup } from './setup';
import { ConformanceTable, type OpRow } from './table';
import { judgeAnswer } from './judge';

export const TOKEN_OP = 'POST /v1.0/oauth2/tokens';
/** sequences per seed: the sweep goes on with seed + 1, + 2… (and sees its stop condition) after each batch */
const RUNS_PER_SEED = 10;

export interface SweepOptions extends Omit<ExecutorOptions, 'table'> {
  seed: number;
  budgetMs: number;
  /** how long one counterexample may shrink (default a tenth of the budget, 5 s at most; never past the budget) */
  shrinkMs?: number;
  maxCommands?: number;
  /** replay one counterexample: the seed and path a run printed */
  replay?: { seed: number; path: string; replayPath?: string };
  /** stop early (e.g. a self-test that waits for one finding) */
  stopWhen?: (table: ConformanceTable) => boolean;
}

export interface Counterexample {
  seed: number;
  path: string;
  /** the --replay argument that runs it again: SEED:PATH@REPLAYPATH */
  replay: string;
  finding: Finding;
  sequence: string[];
}

export interface SweepResult {
  seed: number;
  budgetMs: number;
  elapsedMs: number;
  sequences: number;
  operations: number;
  covered: string[];
  rows: OpRow[];
  counterexamples: Counterexample[];
}

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const nodes = resourceGraph().filter((n) => n.op !== TOKEN_OP);
  const table = new ConformanceTable([TOKEN_OP, ...nodes.map((n) => n.op)]);
  const exec = new SweepExecutor({ ...o, table });
  await tokenCall(o, table);
  const deadline = started + o.budgetMs;
  const counterexamples: Counterexample[] = [];
  let sequences = 0;
  for (let k = 0; Date.now() < deadline && !(o.stopWhen?.(table) ?? false); k++) {
    const seed = o.replay ? o.replay.seed : o.seed + k;
    const out = await checkOnce(exec, nodes, seed, deadline, o, () => o.stopWhen?.(table) ?? false);
    sequences += out.numRuns;
    if (out.failed && out.finding) {
      exec.known.add(`${out.finding.op} ${out.finding.check}`);
      const replayPath = /replayPath="([^"]+)"/.exec(out.sequence.join(' '))?.[1];
      const replay = `${seed}:${out.path ?? ''}${replayPath ? `@${replayPath}` : ''}`;
      counterexamples.push({
        seed,
        path: out.path ?? '',
        replay,
        finding: out.finding,
        sequence: out.sequence.map((l) => l.replace(/\s*\/\*replayPath=.*\*\//, '')),
      });
      o.log?.(
        `counterexample (replay: npm run sweep -- --replay ${replay}): ${out.finding.op} ${out.finding.check}: ${out.finding.message}\n  after the setup prefix (helpers/sweep/setup.ts):\n  ${counterexamples[counterexamples.length - 1].sequence.join('\n  ') || '(nothing: the prefix alone shows it)'}`,
      );
    }
    if (o.replay || out.error) break;
  }
  exec.active = false; // a sequence the budget interrupted stops at its next command
  return {
    seed: o.seed,
    budgetMs: o.budgetMs,
    elapsedMs: Date.now() - started,
    sequences,
    operations: table.list().length,
    covered: table.covered(),
    rows: table.list(),
    counterexamples,
  };
}

interface CheckOutcome {
  failed: boolean;
  numRuns: number;
  finding?: Finding;
  path?: string;
  sequence: string[];
  error?: string;
}

async function checkOnce(
  exec: SweepExecutor,
  nodes: ReturnType<typeof resourceGraph>,
  seed: number,
  deadline: number,
  o: SweepOptions,
  stop: () => boolean,
): Promise<CheckOutcome> {
  let first: { e: NewFinding; at: number } | undefined;
  let ran = 0;
  exec.active = true;
  const arbs = commandArbitraries(nodes, exec);
  const cmds = fc.commands(arbs, { maxCommands: o.maxCommands ?? 250, size: 'max', ...(o.replay?.replayPath ? { replayPath: o.replay.replayPath } : {}) });
  const timer = setInterval(() => {
    if (Date.now() > deadline || stop() || (first && Date.now() > first.at + (o.shrinkMs ?? Math.min(5_000, o.budgetMs / 10)))) exec.active = false;
  }, 50);
  const prop = fc.asyncProperty(cmds, async (c) => {
    try {
      await fc.asyncModelRun(async () => {
        const model = new SweepModel();
        exec.beginSequence();
        await runSetup(exec, model);
        return { model, real: exec };
      }, c);
    } catch (e) {
      if (e instanceof NewFinding) first ??= { e, at: Date.now() };
      throw e;
    } finally {
      if (++ran % 3 === 0) await o.afterSequence?.();
    }
  });
  try {
    const d = await fc.check(prop, {
      seed,
      numRuns: o.replay ? 1 : RUNS_PER_SEED,
      ...(o.replay ? { path: o.replay.path } : {}),
      interruptAfterTimeLimit: Math.max(1, deadline - Date.now()),
      markInterruptAsFailure: false,
    });
    const fe = d.errorInstance instanceof NewFinding ? d.errorInstance : first?.e;
    const sequence = d.counterexample
      ? String(d.counterexample[0])
          .split(/,(?=[A-Z]+ \/)/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
    return {
      failed: d.failed,
      numRuns: d.numRuns,
      finding: fe?.finding,
      path: d.counterexamplePath ?? undefined,
      sequence,
      error: d.failed && !fe ? String(d.errorInstance) : undefined,
    };
  } finally {
    clearInterval(timer);
  }
}

/** the token operation: one explicit request, judged like every other answer */
async function tokenCall(o: SweepOptions, table: ConformanceTable): Promise<void> {
  const res = await o.client.requestToken();
  table.call(TOKEN_OP, res.status);
  const j = judgeAnswer({ op: TOKEN_OP, status: res.status, contentType: res.headers['content-type'], request: {}, body: res.body }, false);
  table.judged(TOKEN_OP, j.checks, j.findings);
}
