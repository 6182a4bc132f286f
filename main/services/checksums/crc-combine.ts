/**
 * Combining CRCs: the CRC of A‖B from CRC(A), CRC(B) and the length of B, without reading the
 * bytes again (the method of zlib's crc32_combine: multiply CRC(A) by x^(8·|B|) modulo the
 * polynomial, then add CRC(B)). Valid for reflected CRCs whose initial value and final XOR are all
 * ones: CRC32, CRC32C, CRC64NVME. The embedded server combines multipart checksums with it; the
 * transfer engine, the CRC of a download's verified prefix from its chunks' CRCs.
 */
export interface CrcSpec {
  width: bigint;
  /** The reflected polynomial. */
  poly: bigint;
}

export const CRC32: CrcSpec = { width: 32n, poly: 0xedb88320n };
export const CRC32C: CrcSpec = { width: 32n, poly: 0x82f63b78n };
export const CRC64NVME: CrcSpec = { width: 64n, poly: 0x9a6c9329ac4bc9b5n };

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

/** CRC(A‖B) from CRC(A), CRC(B) and B's length in bytes. */
export function combineCrc(spec: CrcSpec, crcA: bigint, crcB: bigint, lengthB: number): bigint {
  return multiply(spec, shiftFor(spec, lengthB), crcA) ^ crcB;
}
