// ESLint (flat config): typescript-eslint's recommended rules, formatting left to Prettier, and the project's own
// rules: functions fit on a screen (≤ 80 lines), specs and step libraries never read process.env (configuration
// reaches them as fixtures). Import layering and cycles are checked by dependency-cruiser (.dependency-cruiser.cjs).
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinRules } from 'eslint/use-at-your-own-risk';

/**
 * max-lines-per-function, except for the callback that only GROUPS an item's tests (`itemDescribe(meta, () => …)`,
 * `test.describe(…, () => …)`): that one is a declarative list of tests, each of which is a function and is counted.
 */
const core = builtinRules.get('max-lines-per-function');
const isGrouping = (node) => {
  const call = node.parent;
  if (!call || call.type !== 'CallExpression' || call.arguments.at(-1) !== node) return false;
  const c = call.callee;
  if (c.type === 'Identifier') return c.name === 'itemDescribe';
  const name = c.type === 'MemberExpression' ? (c.property.name ?? '') : '';
  const obj = c.type === 'MemberExpression' ? c.object : undefined;
  return name === 'describe' || (obj?.type === 'MemberExpression' && obj.property.name === 'describe');
};
const functionSize = {
  meta: core.meta,
  create(context) {
    const inner = core.create(context);
    const wrap = (fn) => (node) => (isGrouping(node) ? undefined : fn(node));
    return {
      FunctionDeclaration: inner.FunctionDeclaration,
      FunctionExpression: wrap(inner.FunctionExpression),
      ArrowFunctionExpression: wrap(inner.ArrowFunctionExpression),
    };
  },
};

const noProcessEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'specs and step libraries take configuration from fixtures (config, run, testData), never from process.env',
};

/**
 * `npm run certify` runs under node --require tsx/cjs (one process, no ESM loader): an import('./…') of a project file
 * throws ERR_MODULE_NOT_FOUND there. Project files are loaded lazily with require(…) as typeof import(…).
 */
const noRelativeImportCall = {
  selector: "ImportExpression[source.type='Literal'][source.value=/^\\.\\.?\\//]",
  message:
    "load a project file lazily with require('…') as typeof import('…'): npm run certify runs under node --require tsx/cjs, which resolves no import('./…')",
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.tmp*', 'reports/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'selftest/**/fixture/**/test-results/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { project: { rules: { 'function-size': functionSize } } },
    rules: {
      'project/function-size': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty-pattern': 'off',
      'no-restricted-syntax': ['error', noRelativeImportCall],
    },
  },
  {
    files: [
      'specs/**/*.ts',
      'helpers/steps.ts',
      'helpers/messaging.ts',
      'helpers/porting.ts',
      'helpers/voice.ts',
      'helpers/numbers.ts',
      'helpers/cdr/steps.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', noProcessEnv, noRelativeImportCall] },
  },
  {
    // self-tests drive whole runs in one test body: a test is a scenario, read top to bottom
    files: ['selftest/**/*.ts'],
    rules: { 'project/function-size': 'off' },
  },
);
