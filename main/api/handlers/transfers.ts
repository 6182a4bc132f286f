import { PailError } from '../../services/errors/pail-error.js';
import {
  conflictChoice,
  copyRequest,
  downloadRequest,
  schemas,
  streamDisposition,
  transferTarget,
  unfinishedUploads,
  uploadRequest,
} from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

function notYet(): never {
  throw new PailError('unsupported', 'Transfers are not available in this build yet.');
}

/** The transfer queue: uploads, downloads, copies, unfinished multipart uploads, object streams. */
export function transferHandlers(_deps: HandlerDeps) {
  return {
    cancelOperation: { args: [schemas.id], run: async () => notYet() },
    enqueueUploads: { args: [uploadRequest], run: async () => notYet() },
    enqueueDownloads: { args: [downloadRequest], run: async () => notYet() },
    enqueueCopy: { args: [copyRequest], run: async () => notYet() },
    listTransfers: { args: [], run: async () => ({ groups: [], transfers: [] }) },
    pauseTransfers: { args: [transferTarget], run: async () => notYet() },
    resumeTransfers: { args: [transferTarget], run: async () => notYet() },
    cancelTransfers: { args: [transferTarget], run: async () => notYet() },
    retryTransfers: { args: [transferTarget], run: async () => notYet() },
    clearFinishedTransfers: { args: [], run: async () => notYet() },
    resolveConflicts: { args: [transferTarget, conflictChoice], run: async () => notYet() },
    getTransferDefaults: { args: [], run: async () => notYet() },
    listUnfinishedUploads: { args: [schemas.id, schemas.bucket], run: async () => notYet() },
    abortUnfinishedUploads: { args: [schemas.id, schemas.bucket, unfinishedUploads], run: async () => notYet() },
    createObjectStream: { args: [schemas.id, schemas.bucket, schemas.key.min(1), streamDisposition], run: async () => notYet() },
    openObjectExternally: { args: [schemas.id, schemas.bucket, schemas.key.min(1)], run: async () => notYet() },
  } satisfies DomainHandlers;
}
