import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadLogEntry, ProtectedLink } from '../../../preload/contract/types.js';
import { writeFileAtomic } from '../fs/atomic-file.js';
import type { PasswordHash } from './password-hash.js';

/** A protected link as stored in `<pailHome>/protected-links.json` (owner-only): a password only as its hash. */
export interface ProtectedRecord {
  id: string;
  connectionId: string;
  bucket: string;
  key: string;
  fileName: string;
  size?: number;
  createdAt: string;
  expiresAt?: string;
  password?: PasswordHash;
  maxDownloads?: number;
  downloads: number;
  lan: boolean;
  revoked: boolean;
  log: DownloadLogEntry[];
}

interface StoredFile {
  /** The share server's port, kept so links survive a restart. */
  port?: number;
  links: ProtectedRecord[];
}

/** The state of a record at a moment. */
export function stateOf(record: ProtectedRecord, now: Date): ProtectedLink['state'] {
  if (record.revoked) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  if (record.maxDownloads !== undefined && record.downloads >= record.maxDownloads) return 'used-up';
  return 'live';
}

/** Protected links and the share server's port, saved after every change. */
export class ProtectedLinkStore {
  private constructor(
    private readonly file: string,
    private data: StoredFile,
  ) {}

  static async open(pailHome: string): Promise<ProtectedLinkStore> {
    const file = join(pailHome, 'protected-links.json');
    const data = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as StoredFile,
      () => ({ links: [] }) as StoredFile,
    );
    return new ProtectedLinkStore(file, { ...data, links: Array.isArray(data.links) ? data.links : [] });
  }

  get port(): number | undefined {
    return this.data.port;
  }

  async setPort(port: number): Promise<void> {
    this.data.port = port;
    await this.save();
  }

  get(id: string): ProtectedRecord | undefined {
    return this.data.links.find((link) => link.id === id);
  }

  list(): ProtectedRecord[] {
    return [...this.data.links];
  }

  async add(record: Omit<ProtectedRecord, 'id' | 'downloads' | 'revoked' | 'log'>): Promise<ProtectedRecord> {
    // 128 bits, URL-safe: the id is the only secret of a link without a password.
    const full: ProtectedRecord = { ...record, id: randomBytes(16).toString('base64url'), downloads: 0, revoked: false, log: [] };
    this.data.links.unshift(full);
    await this.save();
    return full;
  }

  /** Changes a record in place and saves. */
  async update(id: string, change: (record: ProtectedRecord) => void): Promise<ProtectedRecord | undefined> {
    const record = this.get(id);
    if (!record) return undefined;
    change(record);
    await this.save();
    return record;
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(this.data, null, 2), 0o600);
  }
}
