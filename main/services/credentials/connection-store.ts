import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ConnectionInput, ConnectionProfile } from '../../../preload/contract/types.js';
import { writeFileAtomic } from '../fs/atomic-file.js';
import { PailError } from '../errors/pail-error.js';
import { resolveEndpoint } from './providers.js';
import type { SecretStore } from './secret-store.js';

/** A connection's secret half, as kept in the secret store (never in the profiles file). */
export interface ConnectionSecret {
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Saved connections: profiles in `<pailHome>/connections.json` (no secrets), secrets in the
 * SecretStore under the profile id. Secrets go in and are read only by main-process services.
 */
export class ConnectionStore {
  private profiles: ConnectionProfile[] = [];

  private constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
  ) {}

  static async open(pailHome: string, secrets: SecretStore): Promise<ConnectionStore> {
    const store = new ConnectionStore(join(pailHome, 'connections.json'), secrets);
    const text = await readFile(store.file, 'utf8').catch(() => '[]');
    try {
      const parsed = JSON.parse(text) as ConnectionProfile[];
      store.profiles = Array.isArray(parsed) ? parsed : [];
    } catch {
      // A corrupt profiles file must not stop the app; keep it aside rather than overwrite it.
      await writeFileAtomic(`${store.file}.corrupt-${Date.now()}`, text);
      store.profiles = [];
    }
    return store;
  }

  list(): ConnectionProfile[] {
    return this.profiles.map((p) => ({ ...p }));
  }

  get(id: string): ConnectionProfile | undefined {
    const found = this.profiles.find((p) => p.id === id);
    return found ? { ...found } : undefined;
  }

  async add(input: ConnectionInput): Promise<ConnectionProfile> {
    if (!input.secretAccessKey) throw new PailError('invalid-input', 'Enter the secret access key.');
    const profile = this.toProfile(randomUUID(), input);
    await this.secrets.set(profile.id, JSON.stringify(secretOf(input)));
    this.profiles.push(profile);
    await this.save();
    return { ...profile };
  }

  async update(id: string, input: ConnectionInput): Promise<ConnectionProfile> {
    const index = this.profiles.findIndex((p) => p.id === id);
    if (index === -1) throw new PailError('not-found', 'That connection no longer exists.');
    const profile = this.toProfile(id, input);
    if (input.secretAccessKey) await this.secrets.set(id, JSON.stringify(secretOf(input)));
    this.profiles[index] = profile;
    await this.save();
    return { ...profile };
  }

  async remove(id: string): Promise<void> {
    this.profiles = this.profiles.filter((p) => p.id !== id);
    await this.save();
    await this.secrets.delete(id);
  }

  /** The stored secret, for building a client. Undefined when the secret store lost it (session-only after a restart). */
  async secret(id: string): Promise<ConnectionSecret | undefined> {
    const text = await this.secrets.get(id);
    if (!text) return undefined;
    try {
      return JSON.parse(text) as ConnectionSecret;
    } catch {
      return { secretAccessKey: text };
    }
  }

  private toProfile(id: string, input: ConnectionInput): ConnectionProfile {
    const name = input.name.trim();
    if (!name) throw new PailError('invalid-input', 'Give the connection a name.');
    if (!input.accessKeyId.trim()) throw new PailError('invalid-input', 'Enter the access key ID.');
    const resolved = resolveEndpoint(input);
    const profile: ConnectionProfile = {
      id,
      name,
      provider: input.provider,
      endpoint: resolved.endpoint,
      region: resolved.region,
      forcePathStyle: resolved.forcePathStyle,
      accessKeyId: input.accessKeyId.trim(),
      secretStorage: this.secrets.kind,
    };
    if (input.accountId) profile.accountId = input.accountId.trim();
    return profile;
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(this.profiles, null, 2));
  }
}

function secretOf(input: ConnectionInput): ConnectionSecret {
  const secret: ConnectionSecret = { secretAccessKey: input.secretAccessKey!.trim() };
  if (input.sessionToken?.trim()) secret.sessionToken = input.sessionToken.trim();
  return secret;
}
