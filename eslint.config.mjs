import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'data/', 'test-results/', 'playwright-report/', 'next-env.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['app/**/*.tsx', 'components/**/*.tsx', 'components/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The layering of DESIGN.md section 2: the browser never imports server code,
    // and the pipeline never imports adapters.
    files: ['app/**', 'components/**', 'lib/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'app/, components/ and lib/ must not import server code.' }] }],
    },
  },
  {
    files: ['server/pipeline/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/sources/**', '**/sinks/**', '**/store/**', '**/gateway/**', '**/http/**', 'better-sqlite3', 'kafkajs', 'socket.io', 'node:*', 'fs', 'http'], message: 'server/pipeline is pure: no I/O, no adapters.' }] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'server/pipeline takes time as an argument.' }],
    },
  },
  {
    // CommonJS bootstraps (a worker thread's loader) require by nature.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
