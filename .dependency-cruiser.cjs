/**
 * The layers, checked (npm run lint): specs → runtime/steps (helpers/) → protocol libraries (protocol/); the sandbox
 * beside them, sharing only protocol/; reporter/ and scripts/ on top. No import cycle anywhere.
 * See docs/ARCHITECTURE.md for the diagram these rules keep true.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no import cycle', from: {}, to: { circular: true } },
    {
      name: 'suite-not-into-sandbox',
      severity: 'error',
      comment: 'specs and the runtime talk to the target only as a partner can: never import sandbox code',
      // the one exception: the launcher boots the embedded sandbox as a separate HTTP server and hands over its URL
      from: { path: '^(specs|helpers)/', pathNot: '^helpers/global-setup\\.ts$' },
      to: { path: '^sandbox/' },
    },
    {
      name: 'helpers-not-up',
      severity: 'error',
      comment: 'the runtime and step libraries never import the reporter or the scripts (they sit above them)',
      from: { path: '^helpers/' },
      to: { path: '^(reporter|scripts|specs)/' },
    },
    {
      name: 'protocol-is-a-leaf-layer',
      severity: 'error',
      comment: 'protocol libraries (SIP, CDR, contract, E.164) are shared by suite and sandbox: they import neither',
      from: { path: '^protocol/' },
      to: { path: '^(helpers|sandbox|reporter|scripts|specs|selftest)/' },
    },
    {
      name: 'sandbox-only-shares-protocol',
      severity: 'error',
      comment: 'the sandbox shares protocol/ with the suite and nothing else of it',
      from: { path: '^sandbox/' },
      to: { path: '^(helpers|specs|reporter|scripts)/' },
    },
    {
      name: 'reporter-not-into-runtime',
      severity: 'error',
      comment: 'the reporter reads results; it never imports the test runtime or the sandbox',
      from: { path: '^reporter/' },
      to: { path: '^(sandbox|specs|scripts)/|^helpers/(fixtures|global-setup)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|reports)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
