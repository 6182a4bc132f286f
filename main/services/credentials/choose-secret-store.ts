import { openKeytarSecretStore } from './keytar-secret-store.js';
import { MemorySecretStore, type SecretStore } from './secret-store.js';

export interface ChooseSecretStoreOptions {
  /**
   * The host's own store, used when the keychain is unavailable: Electron's safeStorage in the
   * app. Pass it only when it can encrypt (safeStorage.isEncryptionAvailable()).
   */
  fallback?: SecretStore;
  /** Opens the OS keychain. Default: openKeytarSecretStore. */
  keytar?: () => Promise<SecretStore | undefined>;
}

/**
 * Where new secrets go, best first: the OS keychain, then the host's fallback, then memory for
 * this session only (the UI says so through AppInfo.secretStorage). Never throws.
 */
export async function chooseSecretStore(options: ChooseSecretStoreOptions = {}): Promise<SecretStore> {
  const openKeychain = options.keytar ?? (() => openKeytarSecretStore());
  // openKeytarSecretStore never throws, but a host-provided opener might; treat that as "no keychain".
  let keychain: SecretStore | undefined;
  try {
    keychain = await openKeychain();
  } catch {
    keychain = undefined;
  }
  return keychain ?? options.fallback ?? new MemorySecretStore();
}
