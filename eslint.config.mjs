// ESLint (flat config): typescript-eslint's recommended rules, formatting left to Prettier, and the project's own
// rules: functions fit on a screen (≤ 80 lines), specs and step libraries never read process.env (configuration
// reaches them as fixtures). Import layering and cycles are checked by dependency-cruiser (.dependency-cruiser.cjs).
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const noProcessEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'specs and step libraries take configuration from fixtures (config, run, testData), never from process.env',
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.tmp*', 'reports/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'selftest/**/fixture/**/test-results/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['specs/**/*.ts', 'helpers/steps.ts', 'helpers/messaging.ts', 'helpers/porting.ts', 'helpers/voice.ts', 'helpers/numbers.ts'],
    rules: { 'no-restricted-syntax': ['error', noProcessEnv] },
  },
  {
    // self-tests drive whole runs in one test body: a test is a scenario, read top to bottom
    files: ['selftest/**/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
);
