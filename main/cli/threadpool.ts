/**
 * Imported first by every entry point. The embedded S3 server fsyncs every object before it
 * becomes visible, and Node runs fsync on libuv's thread pool, which has 4 threads by default:
 * concurrent small PUTs then queue behind each other. The pool is created on first use, so its
 * size must be set before anything touches the file system.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
export {};
