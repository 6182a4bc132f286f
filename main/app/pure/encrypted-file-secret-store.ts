import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../../services/credentials/secret-store.js';

/**
 * Encrypts and decrypts strings, asynchronously: Electron's `safeStorage.encryptStringAsync` and
 * `decryptStringAsync` (the synchronous API is deprecated in Electron 45 and gone in 46).
 */
export interface StringCipher {
  encryptString(plainText: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the OS key was rotated or upgraded; encrypting the text again is advised. */
  decryptString(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

/** The file name of the safeStorage-encrypted secrets in PAIL_HOME. */
export const SAFE_SECRETS_FILE = 'secrets.safe.json';

/** A secret that exists but cannot be decrypted (the OS key changed, or the file was copied from another machine). */
export class SecretUnreadableError extends Error {}

/**
 * Secrets encrypted with an OS-bound key (Electron safeStorage) and kept as a JSON map of
 * account → base64 ciphertext, readable by the owner only (mode 0600). Used when the keychain
 * proper (keytar) is unavailable. Writes go to a temp file that is fsynced and renamed over the
 * old one, one at a time, so a crash leaves the old map or the new one, never half of one.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'safe-storage' as const;
  private entries: Map<string, string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly filePath: string,
    private readonly cipher: StringCipher,
  ) {}

  async get(account: string): Promise<string | undefined> {
    const entries = await this.serialized(() => this.load());
    const encoded = entries.get(account);
    if (encoded === undefined) return undefined;
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.cipher.decryptString(Buffer.from(encoded, 'base64'));
    } catch {
      throw new SecretUnreadableError('The saved secret for this connection can no longer be decrypted on this computer; enter it again.');
    }
    if (decrypted.shouldReEncrypt) await this.reEncrypt(account, encoded, decrypted.result);
    return decrypted.result;
  }

  async set(account: string, secret: string): Promise<void> {
    const encrypted = (await this.cipher.encryptString(secret)).toString('base64');
    await this.serialized(async () => {
      const entries = await this.load();
      entries.set(account, encrypted);
      await this.persist(entries);
    });
  }

  /** Stores `secret` under the current OS key, unless the entry changed meanwhile. Best effort. */
  private async reEncrypt(account: string, previous: string, secret: string): Promise<void> {
    try {
      const encrypted = (await this.cipher.encryptString(secret)).toString('base64');
      await this.serialized(async () => {
        const entries = await this.load();
        if (entries.get(account) !== previous) return;
        entries.set(account, encrypted);
        await this.persist(entries);
      });
    } catch {
      // The old ciphertext still decrypts; the next read tries again.
    }
  }

  async delete(account: string): Promise<void> {
    await this.serialized(async () => {
      const entries = await this.load();
      if (entries.delete(account)) await this.persist(entries);
    });
  }

  /** Runs one read-modify-write at a time, so concurrent sets cannot lose each other's entries. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<Map<string, string>> {
    if (this.entries) return this.entries;
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.entries = new Map();
      return this.entries;
    }
    const parsed = parseSecretsFile(text);
    if (!parsed) {
      // Unreadable JSON holds nothing recoverable, but keep the bytes for a person to inspect
      // instead of silently overwriting them with the next save.
      const aside = `${this.filePath}.corrupt-${Date.now()}`;
      await rename(this.filePath, aside);
      console.warn(`pail: ${this.filePath} was not valid; moved it to ${aside} and started empty`);
    }
    this.entries = parsed ?? new Map();
    return this.entries;
  }

  private async persist(entries: Map<string, string>): Promise<void> {
    await mkdir(path.dirname(this.filePath), { recursive: true });
    const temp = `${this.filePath}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(Object.fromEntries(entries), null, 2) + '\n', 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask can only narrow 0600; chmod makes it exact (a no-op for permissions on Windows).
    await chmod(temp, 0o600);
    await rename(temp, this.filePath);
  }
}

/** The account → base64 map in the file, or undefined when it is not one. */
export function parseSecretsFile(text: string): Map<string, string> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = new Map<string, string>();
  for (const [account, encoded] of Object.entries(value)) {
    if (typeof encoded !== 'string') return undefined;
    entries.set(account, encoded);
  }
  return entries;
}

/** What Electron reports about safeStorage, as plain values. */
export interface SafeStorageStatus {
  available: boolean;
  platform: NodeJS.Platform;
  /** `safeStorage.getSelectedStorageBackend()` on Linux; undefined elsewhere. */
  linuxBackend?: string;
}

/**
 * Whether safeStorage really protects secrets. On Linux without a Secret Service or KWallet,
 * Chromium falls back to `basic_text`, which encrypts with a hard-coded password: Pail then
 * offers session-only secrets (and says so) rather than pretending the disk copy is protected.
 */
export function safeStorageProtects(status: SafeStorageStatus): boolean {
  if (!status.available) return false;
  if (status.platform !== 'linux') return true;
  return status.linuxBackend !== undefined && status.linuxBackend !== 'basic_text' && status.linuxBackend !== 'unknown';
}
