// ESLint flat config: type-aware TypeScript rules, the design's import boundaries, and the syntax
// fence around the send-event bundle (Outlook's ES2016 JavaScript-only runtime).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import security from 'eslint-plugin-security';
import boundaries, { SEND_EVENT_FENCE } from './scripts/eslint-boundaries.mjs';

const fenced = SEND_EVENT_FENCE.map((folder) => `${folder}**/*.ts`);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '.engine/**', '.cert/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  security.configs.recommended,
  {
    // eslint-plugin-security rules that only flag false positives in this code base (each with why):
    rules: {
      // Keys are typed (strict TypeScript, noUncheckedIndexedAccess); untrusted objects are closed by schema and __proto__ keys refused (test/security/prototype-pollution.test.ts).
      'security/detect-object-injection': 'off',
      // Paths come from configuration, temporary folders and server-made or schema-checked ids; user file names never reach the file system.
      'security/detect-non-literal-fs-filename': 'off',
      // Patterns come from configuration (KBVG_NUMBER_PATTERN) or server-made ids matching [A-Za-z0-9_-]; user input never becomes a pattern.
      'security/detect-non-literal-regexp': 'off',
      // It flags every === on a name like "token" or "hash" (null checks, public hashes); secrets are compared with timingSafeEqual (api/accounts/verifier.ts equalHashes).
      'security/detect-possible-timing-attacks': 'off',
      // It flags anchored patterns with bounded repeats ({n}, {0,61}) as star height 2; none can backtrack super-linearly.
      'security/detect-unsafe-regex': 'off',
    },
  },
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs', 'scripts/*.mjs', 'scripts/*.cjs', 'api/db/engine/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { zegel: boundaries },
    rules: {
      'zegel/boundaries': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='console'][callee.property.name=/^(log|info|debug)$/]", message: 'Use the logger; console output can leak secrets.' }],
    },
  },
  {
    files: ['addin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, Office: 'readonly' } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**', '*.config.*', 'webpack.config.js', 'jest.config.js', '**/*.cjs'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Classic Outlook on Windows runs the send-event bundle as ES2016 without DOM: forbid what would
    // compile into conditionals or async machinery, and browser globals.
    files: fenced,
    languageOptions: { globals: { Office: 'readonly' } },
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ConditionalExpression', message: 'No ?: in the send-event bundle (ES2016 JavaScript-only runtime).' },
        { selector: "LogicalExpression[operator='??']", message: 'No ?? in the send-event bundle: it compiles into ?:.' },
        { selector: "AssignmentExpression[operator=/^(\\?\\?|\\|\\||&&)=$/]", message: 'No logical assignment in the send-event bundle.' },
        { selector: 'ChainExpression', message: 'No ?. in the send-event bundle: it compiles into ?:.' },
        { selector: 'AssignmentPattern', message: 'No default parameters or defaults in destructuring in the send-event bundle: they compile into ?:.' },
        { selector: ':function[async=true]', message: 'No async functions in the send-event bundle.' },
        { selector: 'AwaitExpression', message: 'No await in the send-event bundle.' },
        { selector: 'ObjectExpression > SpreadElement', message: 'No object spread in the send-event bundle (not ES2016).' },
        { selector: 'ClassDeclaration', message: 'Keep the send-event bundle to plain functions.' },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'indexedDB', 'navigator', 'fetch', 'XMLHttpRequest'],
    },
  },
);
