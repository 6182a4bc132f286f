import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EncryptedFileSecretStore,
  SAFE_SECRETS_FILE,
  SecretUnreadableError,
  parseSecretsFile,
  safeStorageProtects,
  type StringCipher,
} from '../../main/app/pure/encrypted-file-secret-store.js';

/** Stands in for Electron's safeStorage: a reversible transform that changes every byte. */
const fakeCipher: StringCipher = {
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (encrypted) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
};

let home: string;
let file: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'pail-safe-secrets-'));
  file = path.join(home, SAFE_SECRETS_FILE);
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('EncryptedFileSecretStore', () => {
  it('round-trips secrets through a 0600 JSON map of base64 ciphertexts', async () => {
    const store = new EncryptedFileSecretStore(file, fakeCipher);
    expect(store.kind).toBe('safe-storage');
    await store.set('conn-1', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await store.set('conn-2', 'sécret ✓');
    expect(await store.get('conn-1')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('wJalrXUtnFEMI');
    const onDisk = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(onDisk).sort()).toEqual(['conn-1', 'conn-2']);
    expect(fakeCipher.decryptString(Buffer.from(onDisk['conn-2']!, 'base64'))).toBe('sécret ✓');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    // A fresh store (the next launch) reads the same file.
    const reopened = new EncryptedFileSecretStore(file, fakeCipher);
    expect(await reopened.get('conn-2')).toBe('sécret ✓');
    expect(await reopened.get('missing')).toBeUndefined();
  });

  it('deletes, and leaves no temp files behind', async () => {
    const store = new EncryptedFileSecretStore(file, fakeCipher);
    await store.set('a', '1');
    await store.set('b', '2');
    await store.delete('a');
    await store.delete('never-there');
    expect(await new EncryptedFileSecretStore(file, fakeCipher).get('a')).toBeUndefined();
    expect(await new EncryptedFileSecretStore(file, fakeCipher).get('b')).toBe('2');
    expect(await readdir(home)).toEqual([SAFE_SECRETS_FILE]);
  });

  it('loses nothing when saves race', async () => {
    const store = new EncryptedFileSecretStore(file, fakeCipher);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`conn-${i}`, `secret-${i}`)));
    const reopened = new EncryptedFileSecretStore(file, fakeCipher);
    for (let i = 0; i < 20; i++) expect(await reopened.get(`conn-${i}`)).toBe(`secret-${i}`);
  });

  it('tightens the mode of a file that was readable by others', async () => {
    if (process.platform === 'win32') return;
    await writeFile(file, '{}', { mode: 0o644 });
    await new EncryptedFileSecretStore(file, fakeCipher).set('a', '1');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('moves an unreadable file aside instead of overwriting it', async () => {
    await writeFile(file, '{ not json');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = new EncryptedFileSecretStore(file, fakeCipher);
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', '1');
    warn.mockRestore();
    const files = await readdir(home);
    const aside = files.find((name) => name.startsWith(`${SAFE_SECRETS_FILE}.corrupt-`));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(home, aside!), 'utf8')).toBe('{ not json');
    expect(await store.get('a')).toBe('1');
  });

  it('says so when a secret can no longer be decrypted', async () => {
    await new EncryptedFileSecretStore(file, fakeCipher).set('a', '1');
    const otherMachine: StringCipher = {
      ...fakeCipher,
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    };
    await expect(new EncryptedFileSecretStore(file, otherMachine).get('a')).rejects.toBeInstanceOf(SecretUnreadableError);
  });
});

describe('parseSecretsFile', () => {
  it('accepts only an object of strings', () => {
    expect(parseSecretsFile('{"a":"QQ=="}')).toEqual(new Map([['a', 'QQ==']]));
    expect(parseSecretsFile('[]')).toBeUndefined();
    expect(parseSecretsFile('null')).toBeUndefined();
    expect(parseSecretsFile('{"a":1}')).toBeUndefined();
    expect(parseSecretsFile('')).toBeUndefined();
  });
});

describe('safeStorageProtects', () => {
  it('trusts safeStorage on macOS and Windows when available', () => {
    expect(safeStorageProtects({ available: true, platform: 'darwin' })).toBe(true);
    expect(safeStorageProtects({ available: true, platform: 'win32' })).toBe(true);
    expect(safeStorageProtects({ available: false, platform: 'darwin' })).toBe(false);
  });

  it('on Linux, only with a real keyring backend, not the hard-coded basic_text one', () => {
    expect(safeStorageProtects({ available: true, platform: 'linux', linuxBackend: 'gnome_libsecret' })).toBe(true);
    expect(safeStorageProtects({ available: true, platform: 'linux', linuxBackend: 'kwallet6' })).toBe(true);
    expect(safeStorageProtects({ available: true, platform: 'linux', linuxBackend: 'basic_text' })).toBe(false);
    expect(safeStorageProtects({ available: true, platform: 'linux', linuxBackend: 'unknown' })).toBe(false);
    expect(safeStorageProtects({ available: true, platform: 'linux' })).toBe(false);
  });
});
