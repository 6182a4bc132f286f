// Runtime boundaries of DESIGN.md, enforced by lint rather than memory:
// - main/services and preload/contract run in plain Node (and tests): never import electron.
// - the renderer runs in a browser sandbox: no Node built-ins, no electron, no main-process code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // main/app/pure and preload/build-api.ts hold the Electron glue's testable logic: plain Node.
    files: [
      'main/services/**',
      'preload/contract/**',
      'main/cli/**',
      'main/web/**',
      'main/api/**',
      'main/app/pure/**',
      'preload/build-api.ts',
      'test/**',
      'bench/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/app and preload glue may import electron; this code must run in plain Node.' }],
          patterns: [{ group: ['electron/*'], message: 'No electron outside main/app and preload glue.' }],
        },
      ],
    },
  },
  {
    files: ['preload/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeBuiltins].map((name) => ({
            name,
            message: 'The contract is types and a channel map only: no electron, node: or DOM imports.',
          })),
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeBuiltins].map((name) => ({
            name,
            message: 'The renderer runs in a sandboxed browser: no Node or electron.',
          })),
          patterns: [
            { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to main only through preload/contract.' },
          ],
        },
      ],
    },
  },
  {
    // Reporters and config files are loaded by tools that expect a default export.
    files: ['test/summary-reporter.ts', '*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
