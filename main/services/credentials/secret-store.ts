import type { SecretStorage } from '../../../preload/contract/types.js';

/**
 * Where connection secrets live, behind one interface (as GitHub Desktop keeps its keychain
 * behind ISecureStore): the OS keychain through keytar, Electron's safeStorage, or memory for
 * this session only. `account` is a connection id.
 */
export interface SecretStore {
  readonly kind: SecretStorage;
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** The keychain "service" name every Pail secret is filed under. */
export const SECRET_SERVICE = 'Pail';

/** Session-only secrets: remembered until Pail quits, as the banner in the UI says. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'session' as const;
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    return this.secrets.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<void> {
    this.secrets.delete(account);
  }
}
