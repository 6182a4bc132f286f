import { describe, expect, it } from 'vitest';
import type { SecretStorage } from '../../preload/contract/types.js';
import { chooseSecretStore } from '../../main/services/credentials/choose-secret-store.js';
import type { SecretStore } from '../../main/services/credentials/secret-store.js';

/** A stand-in for an OS store (keychain, safeStorage): only its kind matters here. */
function standIn(kind: SecretStorage): SecretStore {
  return { kind, get: async () => undefined, set: async () => {}, delete: async () => {} };
}

describe('chooseSecretStore', () => {
  it('prefers the OS keychain over the host fallback', async () => {
    const keychain = standIn('keychain');
    const store = await chooseSecretStore({ keytar: async () => keychain, fallback: standIn('safe-storage') });
    expect(store).toBe(keychain);
  });

  it('uses the host fallback when the keychain is unavailable', async () => {
    const fallback = standIn('safe-storage');
    expect(await chooseSecretStore({ keytar: async () => undefined, fallback })).toBe(fallback);
  });

  it('treats a failing keychain opener as unavailable', async () => {
    const fallback = standIn('safe-storage');
    expect(
      await chooseSecretStore({
        keytar: async () => {
          throw new Error('boom');
        },
        fallback,
      }),
    ).toBe(fallback);
    expect(
      await chooseSecretStore({
        keytar: () => {
          throw new Error('sync boom');
        },
        fallback,
      }),
    ).toBe(fallback);
  });

  it('falls back to a session-only memory store that really keeps secrets', async () => {
    const store = await chooseSecretStore({ keytar: async () => undefined });
    expect(store.kind).toBe('session');
    await store.set('c1', 'secret');
    expect(await store.get('c1')).toBe('secret');
    await store.delete('c1');
    expect(await store.get('c1')).toBeUndefined();
  });
});
