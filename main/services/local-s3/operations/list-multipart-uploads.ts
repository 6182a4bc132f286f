import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { compareKeys } from '../key-order.js';
import { commonPrefixOf } from '../listing.js';
import { toXml, type XmlNode } from '../xml.js';
import { requireBucket } from './shared/bucket.js';
import { keyEncoder, maxKeysParam } from './shared/listing-params.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';

/** ListMultipartUploads: in-progress uploads by key, then initiation time. */
export async function listMultipartUploads(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const uploadIdMarker = ctx.query.get('upload-id-marker') ?? '';
  const maxUploads = maxKeysParam(ctx, 'max-uploads');
  const enc = keyEncoder(ctx);
  const owner = ownerOf(ctx);
  const all = bucket
    .uploads()
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated || (a.uploadId < b.uploadId ? -1 : 1));
  const uploads: XmlNode[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let lastKey = '';
  let lastUploadId = '';
  let passedMarker = !keyMarker;
  // Uploads of one key are listed by initiation time, not by id: resume right after the marker
  // upload when it still exists; otherwise fall back to S3's "upload ids greater than" rule.
  const markerIndex = keyMarker && uploadIdMarker ? all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker) : -1;
  // A KeyMarker that is itself a common prefix (a NextKeyMarker ending a page on a rolled-up
  // prefix) was reported whole: skip every upload under it.
  const markerPrefix = delimiter && keyMarker && commonPrefixOf(keyMarker, prefix, delimiter) === keyMarker ? keyMarker : undefined;
  for (const [index, u] of all.entries()) {
    if (markerPrefix !== undefined && u.key.startsWith(markerPrefix)) continue;
    if (!passedMarker) {
      if (markerIndex !== -1) {
        if (index <= markerIndex) continue;
      } else {
        const cmp = compareKeys(u.key, keyMarker);
        if (cmp < 0 || (cmp === 0 && (!uploadIdMarker || u.uploadId <= uploadIdMarker))) continue;
      }
      passedMarker = true;
    }
    const rolled = delimiter ? commonPrefixOf(u.key, prefix, delimiter) : undefined;
    if (rolled !== undefined && prefixes[prefixes.length - 1] === rolled) continue;
    if (uploads.length + prefixes.length >= maxUploads) {
      truncated = true;
      break;
    }
    if (rolled !== undefined) {
      prefixes.push(rolled);
      lastKey = rolled;
      lastUploadId = '';
      continue;
    }
    uploads.push({
      Key: enc(u.key),
      UploadId: u.uploadId,
      Initiator: { ...owner },
      Owner: { ...owner },
      StorageClass: u.storageClass,
      Initiated: isoDate(u.initiated),
    });
    lastKey = u.key;
    lastUploadId = u.uploadId;
  }
  return xmlResponse(
    toXml('ListMultipartUploadsResult', {
      Bucket: bucket.config.name,
      KeyMarker: enc(keyMarker),
      UploadIdMarker: uploadIdMarker,
      NextKeyMarker: truncated ? enc(lastKey) : undefined,
      NextUploadIdMarker: truncated ? lastUploadId : undefined,
      Delimiter: delimiter ? enc(delimiter) : undefined,
      Prefix: enc(prefix),
      MaxUploads: maxUploads,
      EncodingType: ctx.query.get('encoding-type') ?? undefined,
      IsTruncated: truncated,
      Upload: uploads,
      CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })),
    }),
  );
}
