import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The suites that run a second time on the Node from the `node` devDependency (Node 24, what
 * Electron 45 runs main on): plain-Node unit tests and the service and integration tests that drive
 * the real server through the SDK, browser mode and the CLI. Left out, because the Node version
 * does not change what they test and they are the slow ones: the third-party clients (other
 * programs), crash safety (kills child processes), the listing property tests (pure logic, many
 * runs), packaging (electron-builder), `npm start`, the keychain (a native module loaded the same
 * way), end-to-end (Chromium) and the renderer (jsdom). On this 2-core machine the subset costs
 * about 80 s of CPU.
 */
export const SECOND_NODE_SUITES = [
  'test/unit/',
  'test/integration/s3-',
  'test/integration/handler-table.test.ts',
  'test/integration/browser-mode.test.ts',
  'test/integration/local-s3-cli.test.ts',
] as const;

/**
 * The Node a person installed: the first `node` on PATH outside any node_modules folder. npm puts
 * node_modules/.bin first on PATH for scripts, and the `node` devDependency puts a Node 24 binary
 * there, so `node` inside `npm test` is not the person's Node. Undefined when there is none.
 */
export function installedNode(pathEnv: string | undefined, isExecutable: (file: string) => boolean = canExecute): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir || dir.split(/[\\/]/).includes('node_modules')) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The `node` devDependency's binary in this checkout, when it is installed. */
export function bundledNode(root: string, isExecutable: (file: string) => boolean = canExecute): string | undefined {
  const candidate = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  return isExecutable(candidate) ? candidate : undefined;
}

/** Whether two executables are the same file (symlinks resolved). */
export function sameExecutable(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

function canExecute(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
