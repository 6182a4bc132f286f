import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import { S3Error } from './s3-error.js';

/** The additional checksum algorithms S3 accepts, as named in `x-amz-checksum-<name>` headers. */
export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

/** An incremental digest producing the raw checksum bytes. */
export interface Digest {
  update(chunk: Uint8Array): void;
  digest(): Buffer;
}

// zlib.crc32 is native (Node >= 20.15 and Electron's Node 22); far faster than a JS table.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

class Crc32Digest implements Digest {
  private value = 0;
  private readonly fallback = nativeCrc32 ? undefined : new Crc32Table();
  update(chunk: Uint8Array): void {
    if (nativeCrc32) this.value = nativeCrc32(chunk, this.value);
    else this.fallback!.update(chunk);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((nativeCrc32 ? this.value : this.fallback!.value()) >>> 0);
    return out;
  }
}

class Crc32Table {
  private static table = makeCrc32Table();
  private crc = 0xffffffff;
  update(chunk: Uint8Array): void {
    let crc = this.crc;
    for (let i = 0; i < chunk.length; i++) crc = Crc32Table.table[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8);
    this.crc = crc;
  }
  value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

function makeCrc32Table(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

class Crc32cDigest implements Digest {
  private readonly crc = new Crc32c();
  update(chunk: Uint8Array): void {
    this.crc.update(chunk);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc.digest() >>> 0);
    return out;
  }
}

/**
 * CRC-64/NVME (reflected, polynomial 0x9a6c9329ac4bc9b5), the checksum S3 now defaults to.
 * Kept as two 32-bit halves so it runs without BigInt arithmetic in the inner loop.
 */
class Crc64NvmeDigest implements Digest {
  private static tables = makeCrc64Tables();
  private hi = 0xffffffff;
  private lo = 0xffffffff;
  update(chunk: Uint8Array): void {
    const { hiTable, loTable } = Crc64NvmeDigest.tables;
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < chunk.length; i++) {
      const idx = (lo ^ chunk[i]!) & 0xff;
      // crc = table[idx] ^ (crc >>> 8), on a 64-bit value split into hi:lo
      const newLo = ((lo >>> 8) | ((hi & 0xff) << 24)) ^ loTable[idx]!;
      hi = (hi >>> 8) ^ hiTable[idx]!;
      lo = newLo >>> 0;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }
  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}

function makeCrc64Tables(): { hiTable: Uint32Array; loTable: Uint32Array } {
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  const hiTable = new Uint32Array(256);
  const loTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let hi = 0;
    let lo = n;
    for (let k = 0; k < 8; k++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    hiTable[n] = hi;
    loTable[n] = lo;
  }
  return { hiTable, loTable };
}

class HashDigest implements Digest {
  private readonly hash: Hash;
  constructor(algorithm: string) {
    this.hash = createHash(algorithm);
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  digest(): Buffer {
    return this.hash.digest();
  }
}

/** A fresh incremental digest for a checksum algorithm. */
export function createDigest(algorithm: ChecksumAlgorithm): Digest {
  switch (algorithm) {
    case 'crc32':
      return new Crc32Digest();
    case 'crc32c':
      return new Crc32cDigest();
    case 'crc64nvme':
      return new Crc64NvmeDigest();
    case 'sha1':
      return new HashDigest('sha1');
    case 'sha256':
      return new HashDigest('sha256');
  }
}

/** Parses an algorithm name as clients write it (`CRC32`, `crc32c`, `SHA256`…). */
export function parseChecksumAlgorithm(name: string): ChecksumAlgorithm | undefined {
  const lower = name.trim().toLowerCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(lower) ? (lower as ChecksumAlgorithm) : undefined;
}

/** Algorithms in S3's current model that the local bucket does not compute (README: "Checksums"). */
const NOT_IMPLEMENTED = new Set(['sha512', 'md5', 'xxhash64', 'xxhash3', 'xxhash128']);

/**
 * The algorithm a request names, or the error S3 clients can act on: 501 NotImplemented for
 * SHA512, MD5 and the XXHASH family (valid in S3's model, not computed here), 400 InvalidRequest
 * for names S3 does not know.
 */
export function requireChecksumAlgorithm(name: string): ChecksumAlgorithm {
  const algorithm = parseChecksumAlgorithm(name);
  if (algorithm) return algorithm;
  const lower = name.trim().toLowerCase();
  if (NOT_IMPLEMENTED.has(lower))
    throw new S3Error(
      'NotImplemented',
      `The local bucket does not compute ${lower.toUpperCase()} checksums; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.`,
    );
  throw new S3Error('InvalidRequest', `Checksum algorithm ${name} is not supported`);
}

/** The header name that carries an algorithm's checksum. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm}`;
}

/** The XML element name S3 uses for an algorithm's checksum (`ChecksumCRC32`…). */
export function checksumElement(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm.toUpperCase()}`;
}

/**
 * The checksum of a multipart object as S3 reports it: the checksum of the concatenated binary
 * part checksums, base64, with `-N`.
 */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksumsBase64: string[]): string {
  const digest = createDigest(algorithm);
  for (const part of partChecksumsBase64) digest.update(Buffer.from(part, 'base64'));
  return `${digest.digest().toString('base64')}-${partChecksumsBase64.length}`;
}
