// Runtime boundaries of DESIGN.md, enforced by lint rather than memory:
// - main/services and preload/contract run in plain Node (and tests): never import electron.
// - the renderer runs in a browser sandbox: no Node built-ins, no electron, no main-process code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { readdirSync } from 'node:fs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const services = readdirSync(new URL('./main/services/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const noElectron = { name: 'electron', message: 'Only main/app and preload glue may import electron; this code must run in plain Node.' };
const noElectronSubpath = { group: ['electron/*'], message: 'No electron outside main/app and preload glue.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**', '.ci/venv/**'] },
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
    files: ['main/cli/**', 'main/web/**', 'main/api/**', 'main/app/pure/**', 'preload/build-api.ts', 'test/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noElectronSubpath] }] },
  },
  // Each service may use another only through its public surface: a service's sub-folders
  // (local-s3/store, local-s3/auth…) and local-s3's modules other than index.ts are its own.
  ...services.map((service) => ({
    files: [`main/services/${service}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            noElectronSubpath,
            ...services
              .filter((other) => other !== service)
              .map((other) => ({
                // `./x/…` is the importing service's own sub-folder (local-s3 has its own `operations/`), never another service.
                regex: other === 'local-s3' ? `(^|/)local-s3/(?!index\\.js$)` : `^(?!\\./)(?:.*/)?${other}/[^/]+/`,
                message: `Use ${other} through its public modules (${other === 'local-s3' ? 'local-s3/index.ts' : `the files directly in ${other}/`}), not its internals.`,
              })),
          ],
        },
      ],
    },
  })),
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
