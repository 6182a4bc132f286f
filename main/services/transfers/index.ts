export { TransferEngine, type ClientSource, type TransferEngineOptions } from './engine.js';
export { listUnfinishedUploads } from './unfinished.js';
export { abortUpload } from './run-upload.js';
export { previewKind, contentTypeFor, TEXT_PREVIEW_LIMIT } from './content-type.js';
export { DEFAULT_PART_SIZE, MIN_PART_SIZE } from './part-size.js';
export { PART_SUFFIX } from './run-download.js';
export { ObjectStreams, type OpenedObjectStream } from './object-streams.js';
export { TempCopies } from './temp-copies.js';
