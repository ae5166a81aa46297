/**
 * fast-check model-based commands: one command per operation of the document, applicable when the model holds
 * what its request must name (the resource graph), printed as `METHOD path #choice` so a shrunk counterexample
 * reads as a replayable call sequence.
 */
import fc from 'fast-check';
import type { SweepExecutor } from './executor';
import type { OpNode } from './graph';
import type { SweepModel } from './model';

export class OpCommand implements fc.AsyncCommand<SweepModel, SweepExecutor> {
  constructor(
    readonly node: OpNode,
    readonly n: number,
    private readonly exec: SweepExecutor,
  ) {}

  check(model: Readonly<SweepModel>): boolean {
    return this.exec.build(this.node, this.n, model as SweepModel) !== undefined;
  }

  async run(model: SweepModel, real: SweepExecutor): Promise<void> {
    await real.execute(this.node, this.n, model);
  }

  toString(): string {
    return `${this.node.op} #${this.n}`;
  }
}

/** operations that apply only in a state a sequence must first reach (a cancelled number, set thresholds…) weigh more */
const DEEP = new Set([
  'POST /v1.0/numbers/status',
  'POST /v1.0/numbers/reactivate',
  'POST /v1.0/numbers/data-usage',
  'POST /v1.0/numbers/data-usage/settings',
  'POST /v1.0/numbers/voicemail/activate',
  'POST /v1.0/numbers/voicemail/update',
  'POST /v1.0/numbers/voicemail/delete',
  'POST /v1.0/services/items/add',
  'POST /v1.0/services/items/update',
  'POST /v1.0/subscribers/guardians/relation',
  'POST /v1.0/subscribers/guardians/relation/delete',
]);

/** creates and deep operations weigh more: a sequence must build the state before it can use it */
export function commandArbitraries(nodes: OpNode[], exec: SweepExecutor): Array<fc.Arbitrary<OpCommand>> {
  const out: Array<fc.Arbitrary<OpCommand>> = [];
  for (const node of nodes) {
    const arb = fc.nat({ max: 7 }).map((n) => new OpCommand(node, n, exec));
    for (let i = 0; i < (DEEP.has(node.op) ? 4 : node.creates ? 2 : 1); i++) out.push(arb);
  }
  return out;
}
