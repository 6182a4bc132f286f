/**
 * Runs the vitest suite, twice over for part of it:
 *
 * 1. every suite on the Node the person installed (the first `node` on PATH outside node_modules:
 *    Node 20 or 22 here and in CI). Where a D-Bus session runner and gnome-keyring exist (CI, Debian
 *    with the packages .ci/run installs), under scripts/with-keyring.sh: a private D-Bus session with
 *    an unlocked gnome-keyring, so keytar is tested against a real Secret Service. Elsewhere plainly,
 *    and the keychain tests say they were skipped (CI refuses to skip them);
 * 2. the service and integration suites (SECOND_NODE_SUITES) again on the `node` devDependency
 *    (Node 24, what Electron 45 runs main on), when it differs from the first.
 *
 * Arguments are passed to vitest (`npm test -- test/unit`); with arguments only the first run happens.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledNode, installedNode, SECOND_NODE_SUITES, sameExecutable } from './lib/node-runtimes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keyringScript = join(root, 'scripts', 'with-keyring.sh');
const vitestEntry = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = process.argv.slice(2);

function version(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

function run(command: string[]): number {
  const result = spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

const firstNode = installedNode(process.env.PATH) ?? process.execPath;
const hasDbus = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0;
const first = [firstNode, vitestEntry, 'run', ...args];
const withKeyring = hasDbus && existsSync(keyringScript);
if (!withKeyring) process.stderr.write('run-tests: no D-Bus/gnome-keyring here; keychain tests will be skipped.\n');
process.stdout.write(`run-tests: every suite on Node ${version(firstNode)} (${firstNode})\n`);
let status = run(withKeyring ? ['sh', keyringScript, ...first] : first);

const secondNode = bundledNode(root);
if (args.length === 0 && secondNode && !sameExecutable(secondNode, firstNode) && version(secondNode) !== version(firstNode)) {
  process.stdout.write(`run-tests: service and integration suites again on Node ${version(secondNode)} (${secondNode})\n`);
  status = run([secondNode, vitestEntry, 'run', ...SECOND_NODE_SUITES]) || status;
}
process.exit(status);
