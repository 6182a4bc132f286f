/** The part of s3rver (an independent S3 implementation, used to check our links) the tests use. */
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
  // s3rver is a CommonJS default export; this declaration only describes it.
  // eslint-disable-next-line no-restricted-syntax
  export default S3rver;
}
