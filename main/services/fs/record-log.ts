import { fdatasync, read, write } from 'node:fs';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { fsyncDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './fsync-dir.js';
import { JournalWriteError } from './journal.js';

/** Where a frame's payload lies: which segment, at which byte, how long. */
export interface PayloadRef {
  segment: number;
  offset: number;
  length: number;
}

/** A frame read back from the log: its JSON header and, if it carried one, where its payload is. */
export interface LogFrame {
  header: unknown;
  payload: PayloadRef | undefined;
  /** Bytes the whole frame takes in its segment. */
  bytes: number;
}

interface Pending {
  frame: Buffer[];
  payloadLength: number;
  headerLength: number;
  resolve: (ref: PayloadRef | undefined) => void;
  reject: (err: unknown) => void;
}

interface Segment {
  id: number;
  path: string;
  handle: FileHandle;
  size: number;
  /** Reads in flight: a dropped segment's handle closes when the last one ends. */
  readers: number;
  dropped: boolean;
}

// Frame: u32 header length, u32 payload length (top bit set when the frame has a payload, even an
// empty one), u32 CRC-32 of the header, u32 CRC-32 of the payload (all little-endian), then the
// JSON header, then the payload bytes.
const PREFIX = 16;
const MAX_HEADER = 64 * 1024 * 1024;
const SCAN_WINDOW = 1024 * 1024;
const HAS_PAYLOAD = 0x80000000;

// The per-request paths (append, read) use the callback API on the raw descriptor: on a busy
// machine a FileHandle promise round trip costs about twice the CPU of the callback for the same
// syscall (measured with 4 KiB reads), and these run once per small PUT or GET.
function writeAt(fd: number, data: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => write(fd, data, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))));
}
function readAt(fd: number, into: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, into, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))));
}
function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

// zlib.crc32 is native in Node >= 20.15 (and Electron's Node 22).
const crc32 = (zlib as unknown as { crc32: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * An append-only log of frames (a JSON header plus optional binary payload) in numbered segment
 * files, with group commit: every append is durable (one write and one fdatasync for all the
 * appends that arrived meanwhile) before its promise resolves, and promises resolve in append
 * order. A frame is all or nothing: a torn one (the process died mid-write, or the power failed
 * before the sync) fails its checksums and is cut off when the log opens.
 *
 * Space is reclaimed segment by segment, oldest first, by the owner: it re-appends what is still
 * live in the oldest sealed segment ({@link scan}) and then {@link drop}s it. Appends only ever go
 * to the newest segment, so this never races them.
 */
export class RecordLog {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly segments = new Map<number, Segment>();
  private active!: Segment;
  private rollRequested = false;
  private failed: unknown;

  private constructor(
    private readonly dir: string,
    private readonly maxSegmentBytes: number,
  ) {}

  /**
   * Opens the log in `dir` (created, owner-only, if missing) and replays every intact frame in
   * order through `onFrame`. A torn tail of the newest segment is truncated away.
   */
  static async open(dir: string, onFrame: (frame: LogFrame) => void, options: { maxSegmentBytes?: number } = {}): Promise<RecordLog> {
    const log = new RecordLog(dir, options.maxSegmentBytes ?? 64 * 1024 * 1024);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const ids = (await readdir(dir))
      .map((name) => /^(\d{8})\.log$/.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    try {
      for (const [i, id] of ids.entries()) {
        const newest = i === ids.length - 1;
        const segment = await log.openSegment(id, false);
        const end = await scanSegment(segment, newest, onFrame);
        if (end < segment.size) {
          // Only the newest segment can be torn by a crash; older ones were synced before the next began.
          if (!newest) throw new Error(`log segment ${segment.path} is damaged at byte ${end}`);
          await segment.handle.truncate(end);
          await segment.handle.datasync();
          segment.size = end;
        }
      }
      log.active = ids.length > 0 ? log.segments.get(ids.at(-1)!)! : await log.openSegment(1, true);
    } catch (err) {
      await log.close();
      throw err;
    }
    return log;
  }

  /** Total bytes in all segments, live or not. */
  get totalBytes(): number {
    let total = 0;
    for (const s of this.segments.values()) total += s.size;
    return total;
  }

  /** Bytes in one segment (0 if there is no such segment). */
  segmentBytes(id: number): number {
    return this.segments.get(id)?.size ?? 0;
  }

  /** Segment ids, oldest first; the last one is where appends go. */
  segmentIds(): number[] {
    return [...this.segments.keys()].sort((a, b) => a - b);
  }

  /** Appends a frame; resolves (with where its payload landed) once it is durable. */
  append(header: unknown, payload?: Uint8Array): Promise<PayloadRef | undefined> {
    if (this.failed) return Promise.reject(new JournalWriteError(this.failed));
    const json = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.allocUnsafe(PREFIX);
    const body = payload ?? Buffer.alloc(0);
    prefix.writeUInt32LE(json.length, 0);
    if (body.length >= HAS_PAYLOAD) throw new RangeError('log payloads are limited to 2 GiB');
    prefix.writeUInt32LE(payload ? (body.length | HAS_PAYLOAD) >>> 0 : 0, 4);
    prefix.writeUInt32LE(crc32(json) >>> 0, 8);
    prefix.writeUInt32LE(crc32(body) >>> 0, 12);
    const frame = payload ? [prefix, json, Buffer.from(body.buffer, body.byteOffset, body.length)] : [prefix, json];
    return new Promise((resolve, reject) => {
      this.pending.push({ frame, payloadLength: payload ? body.length : -1, headerLength: json.length, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Starts a new segment with the next batch, sealing the current one (so it can be compacted). */
  rollOver(): void {
    this.rollRequested = true;
  }

  private async flush(): Promise<void> {
    // Let appends made in this turn of the event loop (bodies that arrived together) join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      let segment = this.active;
      try {
        if (this.rollRequested || (segment.size > 0 && segment.size >= this.maxSegmentBytes)) {
          this.rollRequested = false;
          segment = this.active = await this.openSegment(segment.id + 1, true);
        }
        const refs: (PayloadRef | undefined)[] = [];
        let position = segment.size;
        const parts: Buffer[] = [];
        for (const p of batch) {
          const payloadAt = position + PREFIX + p.headerLength;
          refs.push(p.payloadLength >= 0 ? { segment: segment.id, offset: payloadAt, length: p.payloadLength } : undefined);
          position = payloadAt + Math.max(p.payloadLength, 0);
          parts.push(...p.frame);
        }
        const data = Buffer.concat(parts);
        let written = 0;
        while (written < data.length)
          written += await writeAt(segment.handle.fd, data, written, data.length - written, segment.size + written);
        await datasync(segment.handle.fd);
        segment.size += data.length;
        batch.forEach((p, i) => p.resolve(refs[i]));
      } catch (err) {
        // Cut the partial batch off so later frames follow intact ones; if even that fails, stop
        // appending: a hole of garbage in the middle would end the log there on the next open.
        await segment.handle.truncate(segment.size).catch((truncateErr: unknown) => {
          this.failed = truncateErr;
        });
        const failure = new JournalWriteError(err);
        for (const p of batch) p.reject(failure);
      }
    }
    this.flushing = undefined;
  }

  /**
   * Reads a payload. The segment stays readable for the duration even if it is dropped meanwhile;
   * a payload of a segment already dropped fails with code ENOENT (the caller looks again).
   */
  async read(ref: PayloadRef): Promise<Buffer> {
    const segment = this.segments.get(ref.segment);
    if (!segment) throw Object.assign(new Error(`log segment ${ref.segment} is gone`), { code: 'ENOENT' });
    segment.readers++;
    try {
      const out = Buffer.allocUnsafe(ref.length);
      let filled = 0;
      while (filled < ref.length) {
        const bytesRead = await readAt(segment.handle.fd, out, filled, ref.length - filled, ref.offset + filled);
        if (bytesRead === 0) throw new Error(`log segment ${segment.path} is shorter than recorded`);
        filled += bytesRead;
      }
      return out;
    } finally {
      segment.readers--;
      if (segment.dropped && segment.readers === 0) await segment.handle.close().catch(() => {});
    }
  }

  /** Every intact frame of a sealed segment, in order (for compaction). */
  async scan(id: number): Promise<LogFrame[]> {
    const segment = this.segments.get(id);
    if (!segment || segment === this.active) throw new Error(`log segment ${id} is not a sealed segment`);
    const frames: LogFrame[] = [];
    await scanSegment(segment, false, (frame) => frames.push(frame));
    return frames;
  }

  /**
   * Removes a sealed segment whose live frames the owner has re-appended (and seen durable).
   * Readers already reading it finish first.
   */
  async drop(id: number): Promise<void> {
    const segment = this.segments.get(id);
    if (!segment || segment === this.active) throw new Error(`log segment ${id} is not a sealed segment`);
    this.segments.delete(id);
    segment.dropped = true;
    await rm(segment.path, { force: true });
    await fsyncDir(this.dir);
    if (segment.readers === 0) await segment.handle.close().catch(() => {});
  }

  async close(): Promise<void> {
    await this.flushing;
    await Promise.all([...this.segments.values()].map((s) => s.handle.close().catch(() => {})));
    this.segments.clear();
  }

  private async openSegment(id: number, create: boolean): Promise<Segment> {
    const path = join(this.dir, `${String(id).padStart(8, '0')}.log`);
    const handle = await open(path, create ? 'wx+' : 'r+', PRIVATE_FILE_MODE);
    // A new segment's name must survive a power cut before any frame in it is reported durable.
    if (create) await fsyncDir(this.dir);
    const { size } = await handle.stat();
    const segment: Segment = { id, path, handle, size, readers: 0, dropped: false };
    this.segments.set(id, segment);
    return segment;
  }
}

/**
 * Reads a segment's frames in order, calling `onFrame` for each intact one; returns where the
 * intact frames end. Payloads are checked only when `checkPayloads` (the newest segment, the only
 * one a crash can tear); elsewhere they are skipped unread, so opening costs little per byte stored.
 */
async function scanSegment(segment: Segment, checkPayloads: boolean, onFrame: (frame: LogFrame) => void): Promise<number> {
  let window = Buffer.allocUnsafe(SCAN_WINDOW);
  let windowStart = 0;
  let windowLength = 0;
  const load = async (position: number, length: number): Promise<boolean> => {
    if (position >= windowStart && position + length <= windowStart + windowLength) return true;
    if (length > window.length) window = Buffer.allocUnsafe(length);
    const { bytesRead } = await segment.handle.read(window, 0, window.length, position);
    windowStart = position;
    windowLength = bytesRead;
    return bytesRead >= length;
  };
  let position = 0;
  while (position < segment.size) {
    if (!(await load(position, PREFIX))) break;
    const at = position - windowStart;
    const headerLength = window.readUInt32LE(at);
    const lengthField = window.readUInt32LE(at + 4);
    const hasPayload = (lengthField & HAS_PAYLOAD) !== 0;
    const payloadLength = (lengthField & ~HAS_PAYLOAD) >>> 0;
    const headerCrc = window.readUInt32LE(at + 8);
    const payloadCrc = window.readUInt32LE(at + 12);
    const end = position + PREFIX + headerLength + payloadLength;
    if (headerLength === 0 || headerLength > MAX_HEADER || end > segment.size) break;
    if (!(await load(position, PREFIX + headerLength))) break;
    const headerBytes = window.subarray(position - windowStart + PREFIX, position - windowStart + PREFIX + headerLength);
    if (crc32(headerBytes) >>> 0 !== headerCrc) break;
    let header: unknown;
    try {
      header = JSON.parse(headerBytes.toString('utf8'));
    } catch {
      break;
    }
    const payloadAt = position + PREFIX + headerLength;
    if (checkPayloads && payloadLength > 0) {
      let crc = 0;
      for (let at2 = payloadAt; at2 < end; at2 += SCAN_WINDOW) {
        const n = Math.min(SCAN_WINDOW, end - at2);
        if (!(await load(at2, n))) return position;
        crc = crc32(window.subarray(at2 - windowStart, at2 - windowStart + n), crc);
      }
      if (crc >>> 0 !== payloadCrc) break;
    }
    onFrame({
      header,
      payload: hasPayload ? { segment: segment.id, offset: payloadAt, length: payloadLength } : undefined,
      bytes: end - position,
    });
    position = end;
  }
  return position;
}
