import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../services/credentials/secret-store.js';
import { EncryptedFileSecretStore, SAFE_SECRETS_FILE, safeStorageProtects } from './pure/encrypted-file-secret-store.js';

/**
 * The safeStorage-backed secret store, or undefined when safeStorage would not really protect
 * anything. Uses only the asynchronous API (the synchronous one is deprecated in Electron 45 and
 * removed in 46). Its first use initializes the OS encryptor, which on macOS can raise a keychain
 * prompt: call this after the window is on screen, and only when keytar is unavailable.
 */
export async function openSafeStorageSecretStore(pailHome: string): Promise<SecretStore | undefined> {
  const protects = safeStorageProtects({
    available: await safeStorage.isAsyncEncryptionAvailable(),
    platform: process.platform,
    ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
  });
  if (!protects) return undefined;
  return new EncryptedFileSecretStore(path.join(pailHome, SAFE_SECRETS_FILE), {
    encryptString: (plainText) => safeStorage.encryptStringAsync(plainText),
    decryptString: (encrypted) => safeStorage.decryptStringAsync(encrypted),
  });
}
