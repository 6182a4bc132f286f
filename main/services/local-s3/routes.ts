import type { OperationHandler } from './context.js';
import { abortMultipartUpload } from './operations/abort-multipart-upload.js';
import { getBucketAcl, putBucketAcl } from './operations/bucket-acl.js';
import { deleteBucketCors, getBucketCors, putBucketCors } from './operations/bucket-cors.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './operations/bucket-policy.js';
import { completeMultipartUpload } from './operations/complete-multipart-upload.js';
import { copyObject } from './operations/copy-object.js';
import { createBucket } from './operations/create-bucket.js';
import { createMultipartUpload } from './operations/create-multipart-upload.js';
import { deleteBucket } from './operations/delete-bucket.js';
import { deleteObject } from './operations/delete-object.js';
import { deleteObjects } from './operations/delete-objects.js';
import { getBucketLocation } from './operations/get-bucket-location.js';
import { getBucketVersioning } from './operations/get-bucket-versioning.js';
import { getObject, headObject } from './operations/get-object.js';
import { getObjectAttributes } from './operations/get-object-attributes.js';
import { headBucket } from './operations/head-bucket.js';
import { listBuckets } from './operations/list-buckets.js';
import { listMultipartUploads } from './operations/list-multipart-uploads.js';
import { listObjectVersions } from './operations/list-object-versions.js';
import { listObjects } from './operations/list-objects.js';
import { listObjectsV2 } from './operations/list-objects-v2.js';
import { listParts } from './operations/list-parts.js';
import { getObjectAcl, putObjectAcl } from './operations/object-acl.js';
import { postObject } from './operations/post-object.js';
import { putObject } from './operations/put-object.js';
import { uploadPart } from './operations/upload-part.js';
import { uploadPartCopy } from './operations/upload-part-copy.js';

/** Where a request points: the service, a bucket, or an object. */
export type Target = 'service' | 'bucket' | 'object';

/**
 * The grant an anonymous request needs: READ or WRITE on the bucket (ACL), READ on the object, or
 * (`post-form`) a POST form's signed policy, which the operation checks, else WRITE on the bucket.
 */
export type AnonymousAccess = 'bucket-read' | 'bucket-write' | 'object-read' | 'post-form';

/** One row of the route table. */
export interface Route {
  /** The AWS API name, for logs and errors. */
  name: string;
  method: string;
  target: Target;
  /** A query parameter (sub-resource) that must be present, e.g. `uploads`. */
  query?: string;
  /** A header that must be present, e.g. `x-amz-copy-source`. */
  header?: string;
  /** `list-type=2` style: the query parameter must have this value. */
  queryValue?: string;
  handler: OperationHandler;
  /**
   * What an anonymous caller needs to reach it (absent: only the owner may). `bucket-read` and
   * `bucket-write` are checked against the bucket's ACL by the server; `object-read` and
   * `post-form` by the operation itself.
   */
  anonymous?: AnonymousAccess;
}

/**
 * The route table: the first matching row wins, so rows with a sub-resource or header come
 * before the plain row for the same method and target.
 */
export const ROUTES: readonly Route[] = [
  { name: 'ListBuckets', method: 'GET', target: 'service', handler: listBuckets },

  { name: 'GetBucketLocation', method: 'GET', target: 'bucket', query: 'location', handler: getBucketLocation },
  { name: 'GetBucketCors', method: 'GET', target: 'bucket', query: 'cors', handler: getBucketCors },
  { name: 'GetBucketVersioning', method: 'GET', target: 'bucket', query: 'versioning', handler: getBucketVersioning },
  { name: 'GetBucketAcl', method: 'GET', target: 'bucket', query: 'acl', handler: getBucketAcl },
  { name: 'GetBucketPolicy', method: 'GET', target: 'bucket', query: 'policy', handler: getBucketPolicy },
  {
    name: 'ListMultipartUploads',
    method: 'GET',
    target: 'bucket',
    query: 'uploads',
    handler: listMultipartUploads,
    anonymous: 'bucket-read',
  },
  { name: 'ListObjectVersions', method: 'GET', target: 'bucket', query: 'versions', handler: listObjectVersions, anonymous: 'bucket-read' },
  {
    name: 'ListObjectsV2',
    method: 'GET',
    target: 'bucket',
    query: 'list-type',
    queryValue: '2',
    handler: listObjectsV2,
    anonymous: 'bucket-read',
  },
  { name: 'ListObjects', method: 'GET', target: 'bucket', handler: listObjects, anonymous: 'bucket-read' },
  { name: 'PutBucketCors', method: 'PUT', target: 'bucket', query: 'cors', handler: putBucketCors },
  { name: 'PutBucketAcl', method: 'PUT', target: 'bucket', query: 'acl', handler: putBucketAcl },
  { name: 'PutBucketPolicy', method: 'PUT', target: 'bucket', query: 'policy', handler: putBucketPolicy },
  { name: 'CreateBucket', method: 'PUT', target: 'bucket', handler: createBucket },
  { name: 'DeleteBucketCors', method: 'DELETE', target: 'bucket', query: 'cors', handler: deleteBucketCors },
  { name: 'DeleteBucketPolicy', method: 'DELETE', target: 'bucket', query: 'policy', handler: deleteBucketPolicy },
  { name: 'DeleteBucket', method: 'DELETE', target: 'bucket', handler: deleteBucket },
  { name: 'HeadBucket', method: 'HEAD', target: 'bucket', handler: headBucket, anonymous: 'bucket-read' },
  { name: 'DeleteObjects', method: 'POST', target: 'bucket', query: 'delete', handler: deleteObjects, anonymous: 'bucket-write' },
  { name: 'PostObject', method: 'POST', target: 'bucket', handler: postObject, anonymous: 'post-form' },

  { name: 'GetObjectAcl', method: 'GET', target: 'object', query: 'acl', handler: getObjectAcl },
  { name: 'GetObjectAttributes', method: 'GET', target: 'object', query: 'attributes', handler: getObjectAttributes },
  { name: 'ListParts', method: 'GET', target: 'object', query: 'uploadId', handler: listParts, anonymous: 'bucket-write' },
  { name: 'GetObject', method: 'GET', target: 'object', handler: getObject, anonymous: 'object-read' },
  { name: 'HeadObject', method: 'HEAD', target: 'object', handler: headObject, anonymous: 'object-read' },
  { name: 'PutObjectAcl', method: 'PUT', target: 'object', query: 'acl', handler: putObjectAcl },
  {
    name: 'UploadPartCopy',
    method: 'PUT',
    target: 'object',
    query: 'uploadId',
    header: 'x-amz-copy-source',
    handler: uploadPartCopy,
    anonymous: 'bucket-write',
  },
  { name: 'UploadPart', method: 'PUT', target: 'object', query: 'uploadId', handler: uploadPart, anonymous: 'bucket-write' },
  { name: 'CopyObject', method: 'PUT', target: 'object', header: 'x-amz-copy-source', handler: copyObject, anonymous: 'bucket-write' },
  { name: 'PutObject', method: 'PUT', target: 'object', handler: putObject, anonymous: 'bucket-write' },
  {
    name: 'AbortMultipartUpload',
    method: 'DELETE',
    target: 'object',
    query: 'uploadId',
    handler: abortMultipartUpload,
    anonymous: 'bucket-write',
  },
  { name: 'DeleteObject', method: 'DELETE', target: 'object', handler: deleteObject, anonymous: 'bucket-write' },
  {
    name: 'CreateMultipartUpload',
    method: 'POST',
    target: 'object',
    query: 'uploads',
    handler: createMultipartUpload,
    anonymous: 'bucket-write',
  },
  {
    name: 'CompleteMultipartUpload',
    method: 'POST',
    target: 'object',
    query: 'uploadId',
    handler: completeMultipartUpload,
    anonymous: 'bucket-write',
  },
];

/**
 * Query parameters that do not select a sub-resource. Any other parameter names an S3 feature
 * (tagging, lifecycle, website…) this server does not implement: 501, not a silent wrong answer.
 */
const PLAIN_PARAMETERS = new Set([
  'prefix',
  'delimiter',
  'marker',
  'max-keys',
  'max-buckets',
  'bucket-region',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'key-marker',
  'version-id-marker',
  'upload-id-marker',
  'max-uploads',
  'max-parts',
  'part-number-marker',
  'partNumber',
  'versionId',
  'x-id',
  'list-type',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
  'x-amz-checksum-mode',
  'x-amz-sdk-checksum-algorithm',
  'AWSAccessKeyId',
  'Expires',
  'Signature',
  // botocore's SigV2 presigner copies the signed Content-Type/Content-MD5 into the query string
  // (`generate_presigned_url('put_object', Params={'ContentType': …})`); the signature covers the
  // headers actually sent, so the copies are informational.
  'content-type',
  'content-md5',
  // The JS SDK (>= 3.729) bakes the CRC32 of an empty body into presigned PUT URLs. AWS documents
  // that presigned URLs do not support these checksums and ignores them, so the local bucket does too.
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
]);

/** The outcome of routing: a route, or why there is none. */
export type RouteMatch = { route: Route } | { error: 'NotImplemented' | 'MethodNotAllowed'; detail: string };

/** Finds the route for a request. */
export function matchRoute(method: string, target: Target, query: URLSearchParams, hasHeader: (name: string) => boolean): RouteMatch {
  const candidates = ROUTES.filter((r) => r.target === target);
  for (const route of candidates) {
    if (route.method !== method) continue;
    if (route.query !== undefined && !query.has(route.query)) continue;
    if (route.queryValue !== undefined && query.get(route.query!) !== route.queryValue) continue;
    if (route.header !== undefined && !hasHeader(route.header)) continue;
    if (route.query === undefined) {
      // `x-amz-*` parameters are headers moved into a presigned URL (see server.ts), not sub-resources.
      const unknown = [...query.keys()].find(
        (name) => !PLAIN_PARAMETERS.has(name) && !name.toLowerCase().startsWith('x-amz-') && !candidates.some((r) => r.query === name),
      );
      if (unknown !== undefined)
        return { error: 'NotImplemented', detail: `The local bucket does not implement the "${unknown}" sub-resource.` };
      const subresource = [...query.keys()].find((name) => candidates.some((r) => r.query === name && r.query !== 'list-type'));
      if (subresource !== undefined)
        return { error: 'MethodNotAllowed', detail: `${method} is not allowed on the "${subresource}" sub-resource.` };
    }
    return { route };
  }
  if (
    candidates.some((r) => r.method === method) ||
    method === 'GET' ||
    method === 'PUT' ||
    method === 'DELETE' ||
    method === 'HEAD' ||
    method === 'POST'
  ) {
    return { error: 'MethodNotAllowed', detail: `${method} is not allowed on this resource.` };
  }
  return { error: 'NotImplemented', detail: `The ${method} method is not implemented.` };
}
