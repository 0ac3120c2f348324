// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Type-checked rules (typescript-eslint's recommendedTypeChecked) plus a few strict ones a team
 * keeps: no `any` leaking in, no promise left floating, exhaustive switches, type-only imports.
 * Formatting is Prettier's business (`prettier --check` in `npm run lint`), not ESLint's.
 */
export default tseslint.config(
  // bench/peers: comparison services with their own package.json, written as their authors' samples are.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/peers/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // Adapters over synchronous drivers (better-sqlite3) implement async ports with `async`
      // methods on purpose: a throw becomes a rejection, as the port promises.
      '@typescript-eslint/require-await': 'off',
      // A comment between grouped cases is not a fall-through.
      'no-fallthrough': ['error', { allowEmptyCase: true }],
      eqeqeq: ['error', 'always'],
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
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
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
