/**
 * Runs the vitest suite. Where a D-Bus session runner and gnome-keyring exist (CI,
 * Debian with the packages .ci/run installs), it runs under scripts/with-keyring.sh: a private D-Bus
 * session with an unlocked gnome-keyring, so keytar is tested against a real Secret Service. Elsewhere it runs
 * plainly and the keychain tests say they were skipped (CI refuses to skip them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keyringScript = join(root, 'scripts', 'with-keyring.sh');
const vitest = [join(root, 'node_modules', '.bin', 'vitest'), 'run', ...process.argv.slice(2)];
const hasDbus = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0;

const command = hasDbus && existsSync(keyringScript) ? ['sh', keyringScript, ...vitest] : vitest;
if (command === vitest) process.stderr.write('run-tests: no D-Bus/gnome-keyring here; keychain tests will be skipped.\n');
const result = spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
