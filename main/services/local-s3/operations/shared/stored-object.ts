import type { ReceivedBody } from '../../body.js';
import type { ObjectRecord, StagedFile } from '../../store/object-store.js';

/** What a write says about an object besides its bytes. */
export interface ObjectFields {
  headers: Record<string, string>;
  meta: Record<string, string>;
  acl: ObjectRecord['acl'];
  storageClass: string;
}

/**
 * The record of an object written in one piece (PutObject, POST Object) from its staged file and
 * what was received: the MD5 as ETag and a verified checksum as a full-object checksum.
 */
export function objectRecord(fields: ObjectFields, staged: StagedFile, body: ReceivedBody): ObjectRecord {
  const record: ObjectRecord = {
    headers: fields.headers,
    meta: fields.meta,
    acl: fields.acl,
    storageClass: fields.storageClass,
    size: body.size,
    etag: body.md5Hex,
    lastModified: Date.now(),
    files: [{ name: staged.name, size: body.size }],
  };
  if (body.checksum) record.checksum = { ...body.checksum, type: 'FULL_OBJECT' };
  return record;
}
