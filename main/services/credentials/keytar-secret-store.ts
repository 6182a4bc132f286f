import { createRequire } from 'node:module';
import { sessionBusProblem } from './dbus-session-check.js';
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
  /** How long each availability check (bus handshake, probe entry) may take. */
  timeoutMs?: number;
  /** Where DBUS_SESSION_BUS_ADDRESS is read on Linux. Default: process.env. */
  env?: Record<string, string | undefined>;
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
 * to load, no Secret Service, a locked or missing default keyring, or a D-Bus or probe slower
 * than `timeoutMs`. Never throws.
 *
 * Once open, errors at use time reject with an Error saying what the keychain refused.
 */
export async function openKeytarSecretStore(options: OpenKeytarOptions = {}): Promise<SecretStore | undefined> {
  const unavailable = (reason: string): undefined => {
    options.onUnavailable?.(reason);
    return undefined;
  };
  const timeoutMs = options.timeoutMs ?? KEYTAR_PROBE_TIMEOUT_MS;
  if (process.platform !== 'darwin' && process.platform !== 'win32') {
    // Secret Service platforms: make sure the bus answers before a native call can get stuck on it.
    const problem = await sessionBusProblem((options.env ?? process.env).DBUS_SESSION_BUS_ADDRESS, timeoutMs);
    if (problem) return unavailable(problem);
  }
  let keytar: KeytarApi;
  try {
    keytar = (options.load ?? requireKeytar)();
  } catch (error) {
    return unavailable(`keytar could not be loaded: ${messageOf(error)}`);
  }
  try {
    await withTimeout(probe(keytar), timeoutMs);
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
 * Rejects after `ms`. The native call itself cannot be cancelled: if it is stuck it keeps a libuv
 * worker busy (see dbus-session-check.ts for why that matters and what prevents the usual cause).
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
