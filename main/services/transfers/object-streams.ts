import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { downloadStreamPath, type ObjectStreamTicket } from '../../../preload/contract/transfers.js';
import { parseByteRange, type ByteRange } from './byte-range.js';
import { previewKind } from './content-type.js';
import type { ClientSource } from './engine.js';
import { loadS3Sdk } from '../s3/sdk.js';

/** A download ticket (attachment) works once, within a minute. */
const TICKET_TTL_MS = 60_000;
/**
 * A preview ticket (inline) serves any number of requests — a <video> or <audio> element asks for
 * a new byte range on every seek — for as long as it is used: each request renews it for this long,
 * and it ends at PREVIEW_MAX_MS whatever happens.
 */
const PREVIEW_IDLE_MS = 5 * 60_000;
const PREVIEW_MAX_MS = 4 * 60 * 60_000;

interface Ticket {
  connectionId: string;
  bucket: string;
  key: string;
  disposition: 'inline' | 'attachment';
  contentType: string;
  size: number;
  /** The object's ETag when the ticket was made: later ranges must come from the same bytes. */
  etag?: string;
  expires: number;
  /** Preview tickets only: the hard end of their life. */
  until?: number;
}

/** An object's bytes on their way to the page, with the headers to send them with. */
export interface OpenedObjectStream {
  body: Readable;
  contentType: string;
  size: number;
  /** A ready Content-Disposition value (the name RFC 5987-encoded). */
  contentDisposition: string;
  /** The whole object's size: `size` is the body's, which is less when `range` is set. */
  totalSize: number;
  /** The part of the object the body holds (a `Range` request on a preview ticket): answer 206. */
  range?: ByteRange;
  /** Whether the ticket answers `Range` requests (preview tickets): announce `Accept-Ranges: bytes`. */
  acceptsRanges: boolean;
}

/** The ticket is good but the asked range starts past the object's end: answer 416. */
export interface UnsatisfiableRange {
  unsatisfiable: true;
  totalSize: number;
}

/**
 * Tickets for streaming one object to the page (browser mode's preview and download). A download
 * ticket works once and expires after a minute, so a leaked path is worth little. A preview ticket
 * answers byte-range requests (seeking in a video) while it is in use, expiring after 5 idle
 * minutes and at most 4 hours after it was made; every request still passes the same guards.
 */
export class ObjectStreams {
  private readonly tickets = new Map<string, Ticket>();

  /** `now` is the clock the tickets' lifetimes are measured on (tests pass their own). */
  constructor(
    private readonly clients: ClientSource,
    private readonly now: () => number = Date.now,
  ) {}

  async create(connectionId: string, bucket: string, key: string, disposition: 'inline' | 'attachment'): Promise<ObjectStreamTicket> {
    const { HeadObjectCommand } = await loadS3Sdk();
    const client = await this.clients.client(connectionId);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const size = head.ContentLength ?? 0;
    const contentType = head.ContentType ?? 'application/octet-stream';
    this.prune();
    const ticket = randomBytes(24).toString('base64url');
    const now = this.now();
    this.tickets.set(ticket, {
      connectionId,
      bucket,
      key,
      disposition,
      contentType,
      size,
      ...(head.ETag ? { etag: head.ETag } : {}),
      ...(disposition === 'inline' ? { expires: now + PREVIEW_IDLE_MS, until: now + PREVIEW_MAX_MS } : { expires: now + TICKET_TTL_MS }),
    });
    return {
      path: downloadStreamPath(ticket),
      contentType,
      size,
      preview: disposition === 'inline' ? previewKind(contentType, key, size) : null,
    };
  }

  /**
   * Opens a ticket's object: the whole of it, or the one range `rangeHeader` asks for when the
   * ticket is a preview ticket. A download ticket is used up; a preview ticket is renewed.
   * Undefined for an unknown, used or expired ticket.
   */
  async open(ticket: string, rangeHeader?: string): Promise<OpenedObjectStream | UnsatisfiableRange | undefined> {
    const { GetObjectCommand } = await loadS3Sdk();
    const t = this.tickets.get(ticket);
    const now = this.now();
    if (!t || t.expires < now || (t.until !== undefined && t.until < now)) {
      this.tickets.delete(ticket);
      return undefined;
    }
    const reusable = t.until !== undefined;
    if (reusable) t.expires = Math.min(now + PREVIEW_IDLE_MS, t.until!);
    else this.tickets.delete(ticket);
    const range = reusable ? parseByteRange(rangeHeader, t.size) : undefined;
    if (range === 'unsatisfiable') return { unsatisfiable: true, totalSize: t.size };
    const client = await this.clients.client(t.connectionId);
    const res = await client.send(
      new GetObjectCommand({
        Bucket: t.bucket,
        Key: t.key,
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        // A preview's ranges must all come from the bytes it started with.
        ...(reusable && t.etag ? { IfMatch: t.etag } : {}),
      }),
    );
    const name = posix.basename(t.key) || 'download';
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return {
      body: res.Body as Readable,
      contentType: res.ContentType ?? t.contentType,
      size: res.ContentLength ?? (range ? range.end - range.start + 1 : t.size),
      totalSize: t.size,
      ...(range ? { range } : {}),
      acceptsRanges: reusable,
      contentDisposition: `${t.disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    };
  }

  private prune(): void {
    const now = this.now();
    for (const [k, t] of this.tickets) if (t.expires < now || (t.until !== undefined && t.until < now)) this.tickets.delete(k);
  }
}
