// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const production = ['src/**/*.ts', 'web/src/**/*.{ts,tsx}'];
const support = ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'client/**/*.ts'];
const typeInformation = { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } };

/**
 * The production code (src, web/src) gets typescript-eslint's recommendedTypeChecked plus a few
 * strict rules a team keeps: no `any` leaking in, no promise left floating, exhaustive switches.
 * Tests, benchmarks, scripts and the client get the plain recommended rules and only the typed
 * rules that catch their real bugs (an un-awaited step lets a test pass in silence): each typed
 * rule asks the compiler about more of the code, and the whole set over the support code was a
 * fifth of a cold lint for checks that guard no production path.
 * Formatting is Prettier's business (`prettier --check` in `npm run lint`), not ESLint's.
 */
export default tseslint.config(
  // bench/peers: comparison services with their own package.json, written as their authors' samples are.
  // client/schema.d.ts: generated from /openapi.json; the staleness test guards it, not the linter.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/peers/**', 'client/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // A comment between grouped cases is not a fall-through.
      'no-fallthrough': ['error', { allowEmptyCase: true }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: production,
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: typeInformation,
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // Adapters over synchronous drivers (better-sqlite3) implement async ports with `async`
      // methods on purpose: a throw becomes a rejection, as the port promises.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: support,
    languageOptions: typeInformation,
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/unbound-method': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // A function longer than a screen hides its seams: split it into named steps instead.
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "TSAsExpression > TSAsExpression[typeAnnotation.type='TSUnknownKeyword']",
          message: 'No cast through `unknown`: narrow the value (the log is typed: src/domain/events.ts).',
        },
      ],
    },
  },
  {
    // Tests read JSON answers and poke at loosely built events; chai's `expect(x).to.be.true` is an expression.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // The console: the rules of hooks (and the React Compiler's checks of the same recommended set),
    // so a component that breaks them fails the lint instead of misbehaving on a later render.
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
