import type { ChecksumAlgorithm } from './checksums.js';

/**
 * Combining CRCs: the CRC of A‖B from CRC(A), CRC(B) and the length of B, without reading the
 * bytes again (the method of zlib's crc32_combine: multiply CRC(A) by x^(8·|B|) modulo the
 * polynomial, then add CRC(B)). This is how a FULL_OBJECT checksum of a multipart upload is
 * computed from its parts' checksums. Valid for the reflected CRCs S3 uses, whose initial value
 * and final XOR are all ones: CRC32, CRC32C, CRC64NVME.
 */
interface CrcSpec {
  width: bigint;
  /** The reflected polynomial. */
  poly: bigint;
}

const SPECS: Partial<Record<ChecksumAlgorithm, CrcSpec>> = {
  crc32: { width: 32n, poly: 0xedb88320n },
  crc32c: { width: 32n, poly: 0x82f63b78n },
  crc64nvme: { width: 64n, poly: 0x9a6c9329ac4bc9b5n },
};

/** True for the algorithms whose checksums combine (the ones S3 allows as FULL_OBJECT). */
export function isCombinable(algorithm: ChecksumAlgorithm): boolean {
  return SPECS[algorithm] !== undefined;
}

/** a·b modulo the polynomial, in the reflected representation (the top bit is x^0). */
function multiply(spec: CrcSpec, a: bigint, b: bigint): bigint {
  const top = 1n << (spec.width - 1n);
  let m = top;
  let p = 0n;
  let bb = b;
  while (m !== 0n) {
    if ((a & m) !== 0n) {
      p ^= bb;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    bb = (bb & 1n) !== 0n ? (bb >> 1n) ^ spec.poly : bb >> 1n;
  }
  return p;
}

/** x^(8·bytes) modulo the polynomial, by repeated squaring. */
function shiftFor(spec: CrcSpec, bytes: number): bigint {
  const top = 1n << (spec.width - 1n);
  let power = top >> 8n; // x^8: one byte
  let result = top; // x^0
  let n = BigInt(bytes);
  while (n > 0n) {
    if ((n & 1n) !== 0n) result = multiply(spec, power, result);
    power = multiply(spec, power, power);
    n >>= 1n;
  }
  return result;
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
    crc = first ? value : multiply(spec, shiftFor(spec, part.size), crc) ^ value;
    first = false;
  }
  const out = Buffer.alloc(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(crc & 0xffn);
    crc >>= 8n;
  }
  return out;
}
