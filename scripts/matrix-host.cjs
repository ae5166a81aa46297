/**
 * A runner host for the matrix (scripts/matrix-hosts.ts): one Playwright runner process that runs certifications one
 * after another. Each run is `npm run certify`'s run on the embedded sandbox — the same playwright.config.ts, global
 * setup (its own sandbox, receivers, ledger and lock), specs, workers and reporters — with its own environment and
 * report directory; only the start-up (Node, Playwright's runner, the TypeScript transform, fastify, ajv, undici) is
 * paid once per host instead of once per run. Measured: a one-item drift run costs 0.2 CPU-s here against 1.7 CPU-s
 * in a certify process and its Playwright runner (README, "Drift matrix").
 *
 * Between runs the host replaces its whole environment with the run's and forgets the project's own modules (not
 * node_modules, nor the target's and contract's code: see forgetProjectModules): the config, the global setup, the
 * specs and the reporters are evaluated afresh and read this run's environment. The workers are new processes each
 * run. Playwright's in-process loader keeps each spec's test list from its first load in the process (it caches file
 * suites): that is the list a new process would build, because the specs' lists are static — every skip, gate and
 * scope decision is taken at run time, in the worker (helpers/runtime).
 *
 * Plain CommonJS on purpose: Playwright's own transform loads the TypeScript (a second loader would fight it).
 * It uses playwright/lib/common and playwright/lib/runner (exported by the package, not a documented API, pinned by
 * package-lock.json); a host that fails makes the matrix run that certification in a certify process instead.
 *
 * IPC: {id, env, files} → {id, status} | {id, error}. The host ends with its parent.
 */
'use strict';
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(ROOT, 'playwright.config.ts');
const { configLoader } = require('playwright/lib/common');
const { testRunner } = require('playwright/lib/runner');

// no terminal reads a host's output: Playwright's error snippets (for every failed step, the whole spec file
// syntax-highlighted: ~0.1 CPU-s a drift run) come plain
require('playwright-core/lib/utilsBundle').colors.enabled = false;

// every run adds and removes its own listeners (SIGINT stop marker, exit hooks); a long-lived host sees many in turn
process.setMaxListeners(0);

/** the run's environment, exactly: what the parent sends replaces everything the host had */
function useEnv(env) {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
}

/**
 * the project's own modules are evaluated afresh each run (the config, the global setup, the helpers and the reporters
 * read the environment when they load) — except the target's and the contract's code (sandbox/, protocol/, schemas/):
 * they read no environment when they load, keep their per-run state on each sandbox instance (WeakMaps keyed by it),
 * and their caches (the parsed OpenAPI document, compiled validators) hold for every run: 0.17 CPU-s a run less
 */
const KEPT = new Set(['sandbox', 'protocol', 'schemas']);
function forgetProjectModules() {
  const own = ROOT + path.sep;
  const deps = path.sep + 'node_modules' + path.sep;
  for (const k of Object.keys(require.cache))
    if (k.startsWith(own) && !k.includes(deps) && !KEPT.has(k.slice(own.length).split(path.sep)[0])) delete require.cache[k];
}

async function run(env, files) {
  useEnv(env);
  forgetProjectModules();
  const config = await configLoader.loadConfigFromFile(CONFIG, { argv: process.argv }, false);
  return testRunner.runAllTestsWithConfig(config, { locations: files.length ? files : undefined });
}

let busy = Promise.resolve();
process.on('message', (msg) => {
  busy = busy.then(() =>
    run(msg.env, msg.files || []).then(
      (status) => process.send({ id: msg.id, status }),
      (e) => process.send({ id: msg.id, error: String((e && e.stack) || e) }),
    ),
  );
});
process.on('disconnect', () => process.exit(0));
