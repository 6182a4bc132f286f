import { createRequire } from 'node:module';
import { SECRET_SERVICE, type SecretStore } from './secret-store.js';

/** The part of keytar's API Pail uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface OpenKeytarOptions {
  /** Loads keytar; tests pass a stand-in for the OS keychain. Default: require('keytar'). */
  load?: () => KeytarApi;
  /** How long the availability probe may take before the keychain counts as unavailable. */
  timeoutMs?: number;
  /** Told why the keychain is unavailable (for a log line; the reason never holds a secret). */
  onUnavailable?: (reason: string) => void;
}

/**
 * Long enough for a keyring daemon that D-Bus starts on demand (tens of milliseconds here),
 * short enough that a hung bus delays startup only a little.
 */
export const KEYTAR_PROBE_TIMEOUT_MS = 3000;

/** The account the probe writes and deletes; connection ids are UUIDs, so it cannot collide. */
const PROBE_ACCOUNT = 'pail-keychain-probe';

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * keytar, or undefined when it cannot be used: keytar not installed, its native module failing
 * to load, no Secret Service, a locked or missing default keyring, or a probe slower than
 * `timeoutMs`. Never throws.
 *
 * Once open, errors at use time reject with an Error saying what the keychain refused.
 */
export async function openKeytarSecretStore(options: OpenKeytarOptions = {}): Promise<SecretStore | undefined> {
  const unavailable = (reason: string): undefined => {
    options.onUnavailable?.(reason);
    return undefined;
  };
  let keytar: KeytarApi;
  try {
    keytar = (options.load ?? requireKeytar)();
  } catch (error) {
    return unavailable(`keytar could not be loaded: ${messageOf(error)}`);
  }
  try {
    await withTimeout(probe(keytar), options.timeoutMs ?? KEYTAR_PROBE_TIMEOUT_MS);
  } catch (error) {
    return unavailable(`the system keychain did not accept a test entry: ${messageOf(error)}`);
  }
  return new KeytarSecretStore(keytar);
}

/**
 * A write and a delete, not a read: on Linux a search succeeds on a locked keyring and on one
 * with no default collection, and only a write finds out. Writing our own entry also avoids
 * reading every Pail secret, which macOS may answer with an access prompt per item.
 */
async function probe(keytar: KeytarApi): Promise<void> {
  await keytar.setPassword(SECRET_SERVICE, PROBE_ACCOUNT, 'probe');
  await keytar.deletePassword(SECRET_SERVICE, PROBE_ACCOUNT);
}

function requireKeytar(): KeytarApi {
  // keytar is an optionalDependency with a native module: load it only when asked, so a machine
  // without it (or without libsecret) still starts and falls back to another store.
  return createRequire(import.meta.url)('keytar') as KeytarApi;
}

class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;

  constructor(private readonly keytar: KeytarApi) {}

  async get(account: string): Promise<string | undefined> {
    try {
      return (await this.keytar.getPassword(SECRET_SERVICE, account)) ?? undefined;
    } catch (error) {
      throw keychainError('The system keychain could not read the secret', error);
    }
  }

  async set(account: string, secret: string): Promise<void> {
    try {
      await this.keytar.setPassword(SECRET_SERVICE, account, secret);
    } catch (error) {
      throw keychainError('The system keychain refused to store the secret', error);
    }
  }

  async delete(account: string): Promise<void> {
    try {
      // keytar answers false for an account it does not hold; deleting it is still done.
      await this.keytar.deletePassword(SECRET_SERVICE, account);
    } catch (error) {
      throw keychainError('The system keychain could not delete the secret', error);
    }
  }
}

function keychainError(what: string, cause: unknown): Error {
  return new Error(`${what}: ${messageOf(cause)}`, { cause });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Rejects after `ms`. A native keytar call stuck on D-Bus cannot be cancelled: it keeps one
 * libuv worker thread (and so the event loop) busy, which is why hosts that must exit call
 * process.exit / app.quit rather than wait for the loop to drain.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
