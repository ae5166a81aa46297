/**
 * The prefix every generated sequence starts from: one resource of every kind the API can create, in the order
 * the resource graph allows (an account before its subscribers, routes before a number, a number before its
 * subscription…), two accounts, subscribers, workgroups and numbers (a transfer, a guardian relation, a workgroup activity name two; a number parked or ported leaves one). The generated
 * commands then explore on a populated model instead of spending the budget rebuilding it.
 */
import type { SweepExecutor } from './executor';
import { resourceGraph, type OpNode } from './graph';
import type { SweepModel } from './model';

const TWICE = new Set(['POST /v1.0/account/create', 'POST /v1.0/subscribers/create', 'POST /v1.0/workgroups', 'POST /v1.0/numbers/provision']);
/** number-lifecycle creates that would retire the number the prefix provisions */
const NOT_IN_PREFIX = new Set(['POST /v1.0/numbers/portout']);

export function setupOrder(): OpNode[] {
  return resourceGraph().filter((n) => n.creates && !NOT_IN_PREFIX.has(n.op));
}

/** runs the prefix: passes over the creates until none more can be built (at most one pass per kind) */
export async function runSetup(exec: SweepExecutor, model: SweepModel): Promise<string[]> {
  const done: string[] = [];
  const todo = setupOrder().flatMap((n) => (TWICE.has(n.op) ? [n, n] : [n]));
  for (let pass = 0; pass < 6 && todo.length; pass++) {
    for (let i = 0; i < todo.length;) {
      if (!exec.build(todo[i], done.length, model)) {
        i++;
        continue;
      }
      await exec.execute(todo[i], done.length, model);
      done.push(todo[i].op);
      todo.splice(i, 1);
    }
  }
  return done;
}
