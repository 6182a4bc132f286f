import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { downloadStreamPath, type ObjectStreamTicket } from '../../../preload/contract/transfers.js';
import { previewKind } from './content-type.js';
import type { ClientSource } from './engine.js';

const TICKET_TTL_MS = 60_000;

interface Ticket {
  connectionId: string;
  bucket: string;
  key: string;
  disposition: 'inline' | 'attachment';
  contentType: string;
  size: number;
  expires: number;
}

/** An object's bytes on their way to the page, with the headers to send them with. */
export interface OpenedObjectStream {
  body: Readable;
  contentType: string;
  size: number;
  /** A ready Content-Disposition value (the name RFC 5987-encoded). */
  contentDisposition: string;
}

/**
 * One-time tickets for streaming one object to the page (browser mode's preview and download):
 * each works once and expires after a minute, so a leaked path is worth little.
 */
export class ObjectStreams {
  private readonly tickets = new Map<string, Ticket>();

  constructor(private readonly clients: ClientSource) {}

  async create(connectionId: string, bucket: string, key: string, disposition: 'inline' | 'attachment'): Promise<ObjectStreamTicket> {
    const client = await this.clients.client(connectionId);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const size = head.ContentLength ?? 0;
    const contentType = head.ContentType ?? 'application/octet-stream';
    this.prune();
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { connectionId, bucket, key, disposition, contentType, size, expires: Date.now() + TICKET_TTL_MS });
    return {
      path: downloadStreamPath(ticket),
      contentType,
      size,
      preview: disposition === 'inline' ? previewKind(contentType, key, size) : null,
    };
  }

  /** Uses a ticket up: the object's stream, or undefined for an unknown, used or expired ticket. */
  async open(ticket: string): Promise<OpenedObjectStream | undefined> {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!t || t.expires < Date.now()) return undefined;
    const client = await this.clients.client(t.connectionId);
    const res = await client.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key }));
    const name = posix.basename(t.key) || 'download';
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return {
      body: res.Body as Readable,
      contentType: res.ContentType ?? t.contentType,
      size: res.ContentLength ?? t.size,
      contentDisposition: `${t.disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    };
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, t] of this.tickets) if (t.expires < now) this.tickets.delete(k);
  }
}
