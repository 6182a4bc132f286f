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
const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
const fakeCipher: StringCipher = {
  encryptString: async (plain) => xor(Buffer.from(plain, 'utf8')),
  decryptString: async (encrypted) => ({ result: xor(encrypted).toString('utf8'), shouldReEncrypt: false }),
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
    expect((await fakeCipher.decryptString(Buffer.from(onDisk['conn-2']!, 'base64'))).result).toBe('sécret ✓');
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
      decryptString: async () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
      },
    };
    await expect(new EncryptedFileSecretStore(file, otherMachine).get('a')).rejects.toBeInstanceOf(SecretUnreadableError);
  });

  it('re-encrypts a secret when the OS key was rotated (decryptStringAsync says shouldReEncrypt)', async () => {
    await new EncryptedFileSecretStore(file, fakeCipher).set('a', 'the secret');
    const before = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    // The new key: a different transform; the old ciphertext still decrypts, flagged for re-encryption.
    const newKey = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x33));
    const rotated: StringCipher = {
      encryptString: async (plain) => newKey(Buffer.from(plain, 'utf8')),
      decryptString: async (encrypted) => {
        const old = await fakeCipher.decryptString(encrypted);
        return old.result === 'the secret'
          ? { result: old.result, shouldReEncrypt: true }
          : { result: newKey(encrypted).toString('utf8'), shouldReEncrypt: false };
      },
    };
    const store = new EncryptedFileSecretStore(file, rotated);
    expect(await store.get('a')).toBe('the secret');
    const after = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(after.a).not.toBe(before.a);
    expect(newKey(Buffer.from(after.a!, 'base64')).toString('utf8')).toBe('the secret');
    expect(await new EncryptedFileSecretStore(file, rotated).get('a')).toBe('the secret');
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
