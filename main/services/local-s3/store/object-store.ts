import type { Readable } from 'node:stream';
import type { ChecksumAlgorithm } from '../checksums.js';
import type { ListingPage, ListingQuery } from '../listing.js';

/** S3's canned ACLs (x-amz-acl); the owner always has FULL_CONTROL. */
export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;

/** A canned ACL, as stored with buckets and objects. */
export type CannedAcl = (typeof CANNED_ACLS)[number];

/** A data file of an object (one per part for multipart objects). */
export interface StoredFile {
  /** Opaque name, unique per write; data files are never modified in place. */
  name: string;
  size: number;
}

/** A part of a multipart object, kept so GET ?partNumber and composite checksums work. */
export interface ObjectPart {
  size: number;
  etag: string;
  checksum?: string;
}

/** An additional checksum as S3 reports it. */
export interface ObjectChecksum {
  algorithm: ChecksumAlgorithm;
  /** base64; composite checksums end in `-N`. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

/** Everything S3 knows about an object besides its bytes. */
export interface ObjectRecord {
  size: number;
  /** Unquoted: MD5 hex, or MD5-of-MD5s with `-N` for multipart objects. */
  etag: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
  /** Content-Type, Content-Encoding, Content-Disposition, Cache-Control, Expires, Content-Language (lowercase names). */
  headers: Record<string, string>;
  /** User metadata, lowercase names without the `x-amz-meta-` prefix. */
  meta: Record<string, string>;
  acl: CannedAcl;
  storageClass: string;
  checksum?: ObjectChecksum;
  parts?: ObjectPart[];
  /** The multipart upload this object was completed from. */
  uploadId?: string;
  files: StoredFile[];
}

/** One CORS rule of a bucket, as PutBucketCors stores it. */
export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/** A bucket's own settings. */
export interface BucketConfig {
  name: string;
  created: number;
  acl: CannedAcl;
  /** The LocationConstraint it was created with (absent: us-east-1). */
  location?: string;
  /** The bucket policy document as the client sent it. */
  policy?: string;
  cors?: CorsRule[];
}

/** An in-progress multipart upload. */
export interface UploadRecord {
  uploadId: string;
  key: string;
  initiated: number;
  headers: Record<string, string>;
  meta: Record<string, string>;
  acl: CannedAcl;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
}

/** A stored part of an in-progress multipart upload. */
export interface PartRecord {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: number;
  checksum?: string;
  file: StoredFile;
}

/** A file being written: bytes go to `path`; it becomes part of an object only on commit. */
export interface StagedFile {
  name: string;
  path: string;
  /**
   * Present when the store can keep a body of up to `limit` bytes without a file of its own: the
   * receiver then hands the whole body to `keep` instead of writing `path`, and commits the same
   * name as it would have committed the file.
   */
  inline?: { limit: number; keep(bytes: Buffer): void };
}

/** An opened object: its record and its bytes, pinned so concurrent overwrites cannot tear a read. */
export interface OpenedObject {
  record: ObjectRecord;
  /** Streams bytes [start, end] inclusive. */
  read(start: number, end: number): Readable;
  /**
   * Reads bytes [start, end] inclusive into memory. For small ranges only: there a stream's setup
   * (read stream, pass-through, pipeline) costs more CPU than moving the bytes.
   */
  readBuffer(start: number, end: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** One bucket's objects and uploads. */
export interface BucketStore {
  readonly config: BucketConfig;
  readonly objectCount: number;
  updateConfig(patch: Partial<Omit<BucketConfig, 'name' | 'created'>>): Promise<void>;
  list(query: ListingQuery): ListingPage;
  head(key: string): ObjectRecord | undefined;
  /**
   * Opens the object's current version for reading. With `span`, only the data files holding bytes
   * [start, end] (inclusive) of the version opened are opened, and only those bytes may be read: a
   * ranged GET of a multipart object then opens one file, not all of them.
   */
  open(key: string, span?: (record: ObjectRecord) => { start: number; end: number }): Promise<OpenedObject | undefined>;
  stage(): StagedFile;
  /** Copies a stored file of `from` (this bucket by default) into a new file of this bucket. */
  cloneFile(file: StoredFile, from?: BucketStore): Promise<StoredFile>;
  /** Deletes a staged file that will not be committed; `reason` is the error that stopped the commit. */
  discard(staged: StagedFile | StoredFile, reason?: unknown): Promise<void>;
  /** Makes `record` the object at `key`, durably and atomically; returns once it is visible. */
  commit(key: string, record: ObjectRecord): Promise<void>;
  /**
   * Read-modify-write of one object, serialized with every other commit to the key, so a
   * concurrent PUT cannot slip between the read and the write. `change` returns the new record,
   * or undefined to leave the object as it is; the result is what was committed.
   */
  modify(key: string, change: (current: ObjectRecord | undefined) => ObjectRecord | undefined): Promise<ObjectRecord | undefined>;
  remove(key: string): Promise<boolean>;

  createUpload(record: Omit<UploadRecord, 'uploadId' | 'initiated'>): Promise<UploadRecord>;
  upload(uploadId: string): UploadRecord | undefined;
  uploads(): UploadRecord[];
  parts(uploadId: string): PartRecord[];
  commitPart(uploadId: string, part: PartRecord): Promise<void>;
  /**
   * Commits the object made of `parts` and forgets the upload. `check` runs under the key's lock,
   * just before the commit, with the object the upload would replace: throwing from it leaves both
   * the object and the upload as they were (conditional writes decide there, race-free).
   */
  completeUpload(uploadId: string, record: ObjectRecord, check?: (current: ObjectRecord | undefined) => void): Promise<void>;
  abortUpload(uploadId: string): Promise<void>;
}

/** Buckets and their objects, behind one interface so storage can change without touching S3 logic. */
export interface ObjectStore {
  listBuckets(): BucketConfig[];
  bucket(name: string): BucketStore | undefined;
  createBucket(name: string, acl: CannedAcl): Promise<BucketStore>;
  deleteBucket(name: string): Promise<void>;
  close(): Promise<void>;
}
