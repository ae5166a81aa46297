/**
 * Mutation test: every vendor 200 example is mutated (drop a required field, change a type, break
 * an ID prefix, break E.164, bad enum) and the validator must reject — with an ERROR finding at the
 * mutated field — ≥ 95% of the mutants that break a constraint the schema declares at error level
 * (documented or ruled; R-severity-by-basis). Mutants breaking only an inferred constraint (x-inferred:
 * dropping an expected-but-optional field, a guessed format/enum) are not defects: they are counted
 * separately as "warned" (a warning finding at the field), showing the warning-level drift detection.
 * The figures are printed, including the coverage rate over every mutant.
 *
 * While any 200 response schema of the project document is still bare (`{type: object}`), the
 * threshold is reported as a TODO (the strict schemas are authored elsewhere), never as a pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateResponse } from '../../protocol/contract';
import { bare200Schemas, mutate, vendorExamples, type Mutant, type MutantKind } from './mutants';

const THRESHOLD = 0.95;
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : 'n/a');

test('validator rejects ≥ 95% of the mutants of the vendor 200 examples', (t) => {
  const started = performance.now();
  const examples = vendorExamples();
  assert.ok(examples.length > 0, 'no vendor examples found');
  let baseFailing = 0;
  const failingBases: string[] = [];
  const mutants: Array<Mutant & { detected: boolean; warned: boolean }> = [];
  for (const ex of examples) {
    const baseErrors = validateResponse(ex.op, 200, ex.body).filter((f) => f.severity === 'error');
    if (baseErrors.length) {
      baseFailing++;
      failingBases.push(`${ex.op} #${ex.index}: ${baseErrors[0].message}`);
      continue; // mutants of an example that already fails say nothing
    }
    for (const m of mutate(ex.op, ex.index, ex.body)) {
      // rejected AT the mutated field (or an ancestor, for composition errors) — not by accident elsewhere
      const at = (f: { pointer: string }) => f.pointer === m.pointer || f.pointer.startsWith(`${m.pointer}/`) || m.pointer.startsWith(`${f.pointer}/`);
      const findings = validateResponse(m.op, 200, m.body);
      const detected = findings.some((f) => f.severity === 'error' && at(f));
      const warned = !detected && findings.some((f) => f.severity === 'warning' && at(f));
      mutants.push({ ...m, detected, warned });
    }
  }
  const constrained = mutants.filter((m) => m.constrained);
  const detected = constrained.filter((m) => m.detected).length;
  const all = mutants.filter((m) => m.detected).length;
  const rate = constrained.length ? detected / constrained.length : 0;
  const kinds = [...new Set(mutants.map((m) => m.kind))] as MutantKind[];
  const lines = [
    `mutation: ${examples.length} vendor 200 examples (${examples[0].source} source), ${baseFailing} base examples fail validation (skipped)`,
    `mutation: ${constrained.length} mutants breaking a declared constraint, ${detected} rejected = ${pct(detected, constrained.length)}% (threshold ${THRESHOLD * 100}%)`,
    `mutation: coverage over all ${mutants.length} mutants (incl. constraints the schemas do not declare): ${all} rejected = ${pct(all, mutants.length)}%`,
    `mutation: ${mutants.filter((m) => !m.constrained).length} mutants break no error-level rule (not defects per the docs); ${mutants.filter((m) => !m.constrained && m.warned).length} of them raise a warning at the field`,
    ...kinds.map((k) => {
      const c = constrained.filter((m) => m.kind === k);
      const a = mutants.filter((m) => m.kind === k);
      return `mutation:   ${k.padEnd(14)} declared ${c.filter((m) => m.detected).length}/${c.length} (${pct(c.filter((m) => m.detected).length, c.length)}%)   all ${a.filter((m) => m.detected).length}/${a.length}   warned ${a.filter((m) => m.warned).length}`;
    }),
    `mutation: ${(performance.now() - started).toFixed(0)} ms`,
  ];
  const missed = constrained.filter((m) => !m.detected).slice(0, 12);
  for (const m of missed) lines.push(`mutation:   missed ${m.kind} at ${m.op} ${m.pointer || '(body)'}`);
  for (const f of failingBases.slice(0, 8)) lines.push(`mutation:   base example fails: ${f}`);
  for (const l of lines) console.log(`# ${l}`);
  t.diagnostic(lines.slice(0, 3).join(' | '));

  const bare = bare200Schemas();
  if (bare.length) {
    t.todo(`${bare.length} operations still have a bare 200 schema (e.g. ${bare[0]}); detection ${pct(detected, constrained.length)}% not yet asserted`);
    return;
  }
  assert.ok(rate >= THRESHOLD, `validator rejected ${pct(detected, constrained.length)}% of ${constrained.length} mutants (< ${THRESHOLD * 100}%)`);
});
