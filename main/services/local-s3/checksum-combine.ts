import { combineCrc, CRC32, CRC32C, CRC64NVME, type CrcSpec } from '../checksums/crc-combine.js';
import type { ChecksumAlgorithm } from './checksums.js';

/** The algorithms whose checksums combine: how a FULL_OBJECT checksum of a multipart upload is computed from its parts'. */
const SPECS: Partial<Record<ChecksumAlgorithm, CrcSpec>> = { crc32: CRC32, crc32c: CRC32C, crc64nvme: CRC64NVME };

/** True for the algorithms whose checksums combine (the ones S3 allows as FULL_OBJECT). */
export function isCombinable(algorithm: ChecksumAlgorithm): boolean {
  return SPECS[algorithm] !== undefined;
}

/**
 * The checksum of the concatenation of parts, from each part's checksum (raw big-endian bytes)
 * and size. Returns the raw checksum bytes.
 */
export function combineChecksums(algorithm: ChecksumAlgorithm, parts: { checksum: Buffer; size: number }[]): Buffer {
  const spec = SPECS[algorithm];
  if (!spec) throw new Error(`${algorithm} checksums cannot be combined`);
  const bytes = Number(spec.width / 8n);
  let crc = 0n;
  let first = true;
  for (const part of parts) {
    const value = BigInt(`0x${part.checksum.toString('hex') || '0'}`);
    crc = first ? value : combineCrc(spec, crc, value, part.size);
    first = false;
  }
  const out = Buffer.alloc(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(crc & 0xffn);
    crc >>= 8n;
  }
  return out;
}
