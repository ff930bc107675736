// Lint enforces the layering of ARCHITECTURE.md: contract <- core <- hosts; the renderer sees the contract only.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const ours = ['core', 'server', 'cli', 'electron', 'renderer', 'simulators', 'bench', 'e2e'];
const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'renderer/dist/**', 'release/**', '.tools/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]', message: 'no focused or skipped tests' },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./core/contract', ours.filter((d) => d !== 'core').map((d) => `./${d}`), 'core/contract imports nothing of ours'),
            // All of core but the contract, so a new core directory (core/api, ...) is covered without editing a list.
            { target: './core/contract', from: './core', except: ['./contract'], message: 'core/contract imports nothing of ours' },
            zone('./core', ['./server', './cli', './electron', './renderer', './bench', './e2e'], 'core never imports a host or the renderer'),
            // Integration tests run core against the simulators over real sockets (ARCHITECTURE.md, principle 5); core code never imports them.
            zone('./core/**/!(*.test).ts', ['./simulators'], 'core never imports the simulators (only its *.test.ts do)'),
            zone('./renderer', ['./server', './cli', './electron', './simulators'], 'the renderer imports only core/contract'),
            { target: './renderer', from: './core', except: ['./contract'], message: 'the renderer imports only core/contract' },
            zone('./simulators', ['./server', './cli', './electron', './renderer'], 'simulators import only core/contract or their own code'),
            { target: './simulators', from: './core', except: ['./contract'], message: 'simulators import only core/contract or their own code' },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react', 'react-dom'], patterns: ['react/*', 'react-dom/*', '@mantine/*', '@tanstack/react-*'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'better-sqlite3', 'undici', 'ws'], patterns: ['node:*'] }],
    },
  },
);
