import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../services/credentials/secret-store.js';
import { EncryptedFileSecretStore, SAFE_SECRETS_FILE, safeStorageProtects } from './pure/encrypted-file-secret-store.js';

/**
 * The safeStorage-backed secret store the core may fall back to when the keychain (keytar) is
 * unavailable, or undefined when safeStorage would not really protect anything. Call after
 * `ready`: on Linux safeStorage only knows its backend then.
 */
export function safeStorageSecretStore(pailHome: string): SecretStore | undefined {
  const protects = safeStorageProtects({
    available: safeStorage.isEncryptionAvailable(),
    platform: process.platform,
    ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
  });
  return protects ? new EncryptedFileSecretStore(path.join(pailHome, SAFE_SECRETS_FILE), safeStorage) : undefined;
}
