import type { Readable } from 'node:stream';
import type {
  PresignRequest,
  PresignResult,
  ProtectedLink,
  ProtectedLinkRequest,
  ShareHistoryEntry,
} from '../../../preload/contract/types.js';
import { PailError } from '../errors/pail-error.js';
import { ClockSkewCache } from './clock-skew.js';
import { hashPassword } from './password-hash.js';
import { presignLinks } from './presign-links.js';
import { createPresignClient, endpointOf, presignUrl, type PresignTarget } from './presigner.js';
import { ProtectedLinkStore, stateOf, type ProtectedRecord } from './protected-links.js';
import { ShareHistory } from './share-history.js';
import { ShareServer } from './share-server.js';

/** What sharing needs from the app's connections, without knowing how they are kept. */
export interface SharingBackend {
  /** A connection's endpoint and credentials. */
  target(connectionId: string): Promise<PresignTarget>;
  /** An object's bytes (for links only this computer can serve from its endpoint). */
  getObject(connectionId: string, bucket: string, key: string): Promise<{ body: Readable; contentType?: string; contentLength?: number }>;
  /** An object's size, for the download page; undefined when it cannot be read. */
  objectSize(connectionId: string, bucket: string, key: string): Promise<number | undefined>;
  /** True for the built-in local bucket (same clock as ours, loopback endpoint). */
  isLocal(connectionId: string): boolean;
}

/** How long the presigned GET behind each protected download lives. */
export const PROTECTED_HOP_SECONDS = 60;

/**
 * Sharing in one place: presigned links (recorded in the history), protected links and the share
 * server that serves them, and the history. Built by the core; closed with it.
 */
export class SharingService {
  private readonly skew = new ClockSkewCache();
  private serverStarted: Promise<void> | undefined;

  private constructor(
    private readonly backend: SharingBackend,
    readonly history: ShareHistory,
    private readonly links: ProtectedLinkStore,
    readonly server: ShareServer,
  ) {}

  static async open(pailHome: string, backend: SharingBackend): Promise<SharingService> {
    const links = await ProtectedLinkStore.open(pailHome);
    const history = await ShareHistory.open(pailHome);
    let service: SharingService | undefined = undefined;
    const server = new ShareServer(links, (record) => service!.openDownload(record));
    service = new SharingService(backend, history, links, server);
    // Links made in an earlier session keep working while Pail runs.
    const now = new Date();
    const live = links.list().filter((record) => stateOf(record, now) === 'live');
    if (live.length > 0) await service.ensureServer(live.some((record) => record.lan));
    return service;
  }

  /** Signs links (see presignLinks) and records each in the history. */
  async presign(request: PresignRequest & { expiresIn: number }): Promise<PresignResult> {
    const target = await this.backend.target(request.connectionId);
    // The local bucket shares this computer's clock: nothing to measure.
    const skewSeconds = this.backend.isLocal(request.connectionId) ? undefined : await this.skew.skew(endpointOf(target));
    const result = await presignLinks({
      target,
      bucket: request.bucket,
      keys: request.keys,
      method: request.method,
      expiresIn: request.expiresIn,
      skewSeconds,
      ...(request.contentType ? { contentType: request.contentType } : {}),
      ...(request.downloadAs ? { downloadAs: request.downloadAs } : {}),
      ...(request.responseContentType ? { responseContentType: request.responseContentType } : {}),
    });
    for (const link of result.links) {
      await this.history.record({
        kind: request.method === 'PUT' ? 'upload' : 'download',
        connectionId: request.connectionId,
        bucket: request.bucket,
        key: link.key,
        createdAt: new Date().toISOString(),
        expiresAt: result.expiresAt,
        settings: {
          expiresIn: request.expiresIn,
          ...(request.downloadAs ? { downloadAs: request.downloadAs } : {}),
          ...(request.contentType ? { contentType: request.contentType } : {}),
          ...(request.responseContentType ? { responseContentType: request.responseContentType } : {}),
        },
      });
    }
    return result;
  }

  async createProtected(request: ProtectedLinkRequest): Promise<ProtectedLink> {
    if (request.expiresIn !== undefined && (!Number.isInteger(request.expiresIn) || request.expiresIn < 1)) {
      throw new PailError('invalid-input', 'A protected link must last at least 1 second.');
    }
    if (request.maxDownloads !== undefined && (!Number.isInteger(request.maxDownloads) || request.maxDownloads < 1)) {
      throw new PailError('invalid-input', 'The download limit must be at least 1.');
    }
    // Fails early (a stopped local bucket, a lost secret) rather than on the recipient's click.
    await this.backend.target(request.connectionId);
    const size = await this.backend.objectSize(request.connectionId, request.bucket, request.key);
    const now = new Date();
    const record = await this.links.add({
      connectionId: request.connectionId,
      bucket: request.bucket,
      key: request.key,
      fileName: request.key.split('/').filter(Boolean).pop() ?? request.key,
      createdAt: now.toISOString(),
      lan: request.lan === true,
      ...(size !== undefined ? { size } : {}),
      ...(request.expiresIn !== undefined ? { expiresAt: new Date(now.getTime() + request.expiresIn * 1000).toISOString() } : {}),
      ...(request.password ? { password: await hashPassword(request.password) } : {}),
      ...(request.maxDownloads !== undefined ? { maxDownloads: request.maxDownloads } : {}),
    });
    await this.ensureServer(record.lan);
    await this.history.record({
      kind: 'protected',
      connectionId: record.connectionId,
      bucket: record.bucket,
      key: record.key,
      createdAt: record.createdAt,
      ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
      settings: {
        ...(request.expiresIn !== undefined ? { expiresIn: request.expiresIn } : {}),
        ...(request.maxDownloads !== undefined ? { maxDownloads: request.maxDownloads } : {}),
      },
      protectedId: record.id,
    });
    return this.view(record);
  }

  listProtected(): ProtectedLink[] {
    return this.links.list().map((record) => this.view(record));
  }

  async revoke(id: string): Promise<ProtectedLink> {
    const record = await this.links.update(id, (r) => {
      r.revoked = true;
    });
    if (!record) throw new PailError('not-found', 'That protected link no longer exists.');
    return this.view(record);
  }

  listHistory(): ShareHistoryEntry[] {
    const now = new Date();
    return this.history.list(now, (id) => {
      const record = this.links.get(id);
      return record ? { state: stateOf(record, now), downloads: record.downloads } : undefined;
    });
  }

  async close(): Promise<void> {
    await this.serverStarted?.catch(() => undefined);
    await this.server.close();
  }

  private async ensureServer(lan: boolean): Promise<void> {
    const previous = this.serverStarted ?? Promise.resolve();
    this.serverStarted = previous.catch(() => undefined).then(() => this.server.start({ lan }));
    await this.serverStarted;
  }

  /** One permitted download: a fresh 60-second presigned GET, or the bytes for the local bucket (on 127.0.0.1). */
  private async openDownload(record: ProtectedRecord) {
    if (this.backend.isLocal(record.connectionId)) return this.backend.getObject(record.connectionId, record.bucket, record.key);
    const target = await this.backend.target(record.connectionId);
    const client = createPresignClient(target);
    try {
      const url = await presignUrl(client, {
        bucket: record.bucket,
        key: record.key,
        method: 'GET',
        expiresIn: PROTECTED_HOP_SECONDS,
        downloadAs: record.fileName,
      });
      return { redirect: url };
    } finally {
      client.destroy();
    }
  }

  private view(record: ProtectedRecord): ProtectedLink {
    const link: ProtectedLink = {
      id: record.id,
      url: this.server.urlFor(record),
      connectionId: record.connectionId,
      bucket: record.bucket,
      key: record.key,
      fileName: record.fileName,
      createdAt: record.createdAt,
      hasPassword: record.password !== undefined,
      downloads: record.downloads,
      lan: record.lan,
      state: stateOf(record, new Date()),
      log: [...record.log],
    };
    if (record.size !== undefined) link.size = record.size;
    if (record.expiresAt) link.expiresAt = record.expiresAt;
    if (record.maxDownloads !== undefined) link.maxDownloads = record.maxDownloads;
    return link;
  }
}
