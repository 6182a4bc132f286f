import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openKeytarSecretStore } from '../../main/services/credentials/keytar-secret-store.js';
import { SECRET_SERVICE } from '../../main/services/credentials/secret-store.js';
import { describeNeeding } from '../support/system-tools.js';

/**
 * The keychain store against a real Secret Service (gnome-keyring on a private D-Bus):
 *   scripts/with-keyring.sh npx vitest run test/keychain
 * Without one these tests are skipped with the reason, except under CI, where they fail
 * (describeNeeding): CI must never pass by silently not testing the keychain.
 */
let unavailableReason = '';
const store = await openKeytarSecretStore({ onUnavailable: (reason) => (unavailableReason = reason) });
const run = promisify(execFile);

/** What libsecret's own CLI finds for an account: proof the secret is in the OS keychain. */
async function secretToolLookup(account: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', SECRET_SERVICE, 'account', account]);
    return stdout;
  } catch (error) {
    // secret-tool exits 1 with no output when nothing matches.
    if ((error as { code?: unknown }).code === 1) return undefined;
    throw error;
  }
}

/**
 * Files a secret with libsecret's own CLI. keytar looks items up by schema name as well as by
 * attributes, so the item carries the schema keytar uses (secret-tool would otherwise omit it).
 */
function secretToolStore(account: string, secret: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const attributes = ['xdg:schema', 'org.freedesktop.Secret.Generic', 'service', SECRET_SERVICE, 'account', account];
    const child = spawn('secret-tool', ['store', '--label=Pail test', ...attributes]);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`secret-tool store exited ${code}`))));
    child.stdin.end(secret);
  });
}

const missing = store ? undefined : `no usable Secret Service (${unavailableReason}); run under scripts/with-keyring.sh`;
describeNeeding('keytar against a real Secret Service', missing, () => {
  const keychain = store!;

  const prefix = `pail-test-${randomUUID()}`;
  const used: string[] = [];
  const account = (name: string): string => {
    used.push(`${prefix}-${name}`);
    return `${prefix}-${name}`;
  };

  afterAll(async () => {
    for (const a of used) await keychain.delete(a);
  });

  it('is the OS keychain, and the availability probe left nothing behind', async () => {
    expect(keychain.kind).toBe('keychain');
    expect(await secretToolLookup('pail-keychain-probe')).toBeUndefined();
  });

  it('round-trips a secret with unicode and =+/ characters, visible to secret-tool', async () => {
    const id = account('unicode');
    const secret = JSON.stringify({ secretAccessKey: 'wJalr/XUtnFEMI+K7MDENG=bPxRfiCY==', sessionToken: 'Grüße ✓ 🔑 密钥 =+/' });
    await keychain.set(id, secret);
    expect(await keychain.get(id)).toBe(secret);
    expect(await secretToolLookup(id)).toBe(secret);
    await keychain.delete(id);
    expect(await keychain.get(id)).toBeUndefined();
    expect(await secretToolLookup(id)).toBeUndefined();
  });

  it('overwrites a value in place', async () => {
    const id = account('overwrite');
    await keychain.set(id, 'first');
    await keychain.set(id, 'second =+/ ü');
    expect(await keychain.get(id)).toBe('second =+/ ü');
    expect(await secretToolLookup(id)).toBe('second =+/ ü');
  });

  it('deletes a missing account without complaint', async () => {
    const id = account('never-stored');
    await expect(keychain.delete(id)).resolves.toBeUndefined();
    expect(await keychain.get(id)).toBeUndefined();
  });

  it('keeps two accounts independent', async () => {
    const a = account('a');
    const b = account('b');
    await keychain.set(a, 'secret-a');
    await keychain.set(b, 'secret-b');
    expect(await keychain.get(a)).toBe('secret-a');
    expect(await keychain.get(b)).toBe('secret-b');
    await keychain.delete(a);
    expect(await keychain.get(a)).toBeUndefined();
    expect(await keychain.get(b)).toBe('secret-b');
    expect(await secretToolLookup(b)).toBe('secret-b');
  });

  it('reads a secret that another libsecret client filed under the Pail service', async () => {
    const id = account('from-secret-tool');
    await secretToolStore(id, 'stored by secret-tool ✓');
    expect(await keychain.get(id)).toBe('stored by secret-tool ✓');
  });

  it('reports a refused secret as an error saying so', async () => {
    // keytar refuses an empty password before it reaches the keychain; the message still says who refused.
    await expect(keychain.set(account('empty'), '')).rejects.toThrow(/^The system keychain refused to store the secret: /);
  });
});
