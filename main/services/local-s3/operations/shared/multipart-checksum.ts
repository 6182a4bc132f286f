import { isCombinable } from '../../checksum-combine.js';
import { requireChecksumAlgorithm, type ChecksumAlgorithm } from '../../checksums.js';
import { header, type RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';

/** The additional checksum a multipart upload keeps. */
export interface MultipartChecksum {
  checksumAlgorithm: ChecksumAlgorithm;
  checksumType: 'FULL_OBJECT' | 'COMPOSITE';
}

/**
 * x-amz-checksum-algorithm and x-amz-checksum-type of CreateMultipartUpload, as S3 documents
 * them ("Checking object integrity", multipart uploads): FULL_OBJECT for the CRCs (their part
 * checksums combine into the whole object's), COMPOSITE (a checksum of the part checksums) for
 * CRC32, CRC32C, SHA1 and SHA256. Without a type: COMPOSITE, except CRC64NVME, which is always
 * FULL_OBJECT.
 */
export function checksumSettings(ctx: RequestContext): MultipartChecksum | Record<string, never> {
  const name = header(ctx, 'x-amz-checksum-algorithm');
  const typeName = header(ctx, 'x-amz-checksum-type')?.toUpperCase();
  if (name === undefined) {
    if (typeName !== undefined)
      throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return {};
  }
  const algorithm = requireChecksumAlgorithm(name);
  if (typeName !== undefined && typeName !== 'COMPOSITE' && typeName !== 'FULL_OBJECT')
    throw new S3Error('InvalidRequest', `Value for x-amz-checksum-type header is invalid: ${typeName}`);
  const type = (typeName as 'COMPOSITE' | 'FULL_OBJECT' | undefined) ?? (algorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type === 'FULL_OBJECT' && !isCombinable(algorithm))
    throw new S3Error('InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm} checksum algorithm.`);
  if (type === 'COMPOSITE' && algorithm === 'crc64nvme')
    throw new S3Error('InvalidRequest', 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  return { checksumAlgorithm: algorithm, checksumType: type };
}
