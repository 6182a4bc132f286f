import { mkdtemp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PailError } from '../../services/errors/pail-error.js';
import { abortUpload, listUnfinishedUploads, TempCopies } from '../../services/transfers/index.js';
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

/** The OS's Downloads folder (XDG's choice on Linux when set). */
export function defaultDownloadDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.XDG_DOWNLOAD_DIR || join(homedir(), 'Downloads');
}

/** The transfer queue: uploads, downloads, copies, unfinished multipart uploads, object streams. */
export function transferHandlers({ transfers, objectStreams, operations, clients, openPath, startDrag }: HandlerDeps) {
  const dragCopies = new TempCopies(transfers);
  return {
    cancelOperation: {
      args: [schemas.id],
      async run(operationId) {
        operations.cancel(operationId);
        return null;
      },
    },
    enqueueUploads: { args: [uploadRequest], run: (request) => transfers.enqueueUploads(request) },
    enqueueDownloads: { args: [downloadRequest], run: (request) => transfers.enqueueDownloads(request) },
    enqueueCopy: { args: [copyRequest], run: (request) => transfers.enqueueCopy(request) },
    listTransfers: { args: [], run: async () => transfers.snapshot() },
    pauseTransfers: { args: [transferTarget], run: async (target) => (await transfers.pause(target), null) },
    resumeTransfers: { args: [transferTarget], run: async (target) => (await transfers.resume(target), null) },
    cancelTransfers: { args: [transferTarget], run: async (target) => (await transfers.cancel(target), null) },
    retryTransfers: { args: [transferTarget], run: async (target) => (await transfers.retry(target), null) },
    clearFinishedTransfers: { args: [], run: async () => (await transfers.clearFinished(), null) },
    resolveConflicts: {
      args: [transferTarget, conflictChoice],
      run: async (target, choice) => (await transfers.resolveConflicts(target, choice), null),
    },
    getTransferDefaults: { args: [], run: async () => ({ downloadDir: defaultDownloadDir() }) },
    listUnfinishedUploads: {
      args: [schemas.id, schemas.bucket],
      run: async (id, bucket) => listUnfinishedUploads(await clients.client(id), bucket, (uploadId) => !!transfers.tracksUpload(uploadId)),
    },
    abortUnfinishedUploads: {
      args: [schemas.id, schemas.bucket, unfinishedUploads],
      async run(id, bucket, uploads) {
        const client = await clients.client(id);
        let aborted = 0;
        for (const u of uploads) {
          await transfers.forgetUpload(u.uploadId);
          await abortUpload(client, bucket, u.key, u.uploadId);
          aborted++;
        }
        return { aborted };
      },
    },
    createObjectStream: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1), streamDisposition],
      run: (id, bucket, key, disposition) => objectStreams.create(id, bucket, key, disposition),
    },
    openObjectExternally: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1)],
      async run(id, bucket, key) {
        if (!openPath)
          throw new PailError('unsupported', 'Opening files with another app works in the desktop app only; download the file instead.');
        // A fresh folder per open: the temp copy never collides with an earlier one (or its app's lock).
        const destination = await mkdtemp(join(tmpdir(), 'pail-open-'));
        const { groupId } = await transfers.enqueueDownloads({
          connectionId: id,
          bucket,
          keys: [key],
          prefixes: [],
          destination,
          conflict: 'overwrite',
        });
        const [row] = await transfers.whenGroupSettles(groupId);
        if (!row || row.state !== 'done' || !row.localPath) {
          throw row?.error
            ? new PailError(row.error.code, row.error.message)
            : new PailError('internal', 'The file could not be downloaded to open it.');
        }
        await openPath(row.localPath);
        return null;
      },
    },
    dragObjectOut: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1)],
      async run(id, bucket, key) {
        if (!startDrag)
          throw new PailError('unsupported', 'Dragging files out of the window works in the desktop app only; download the file instead.');
        const path = await dragCopies.ready(id, bucket, key);
        if (!path) return { started: false };
        await startDrag(path);
        return { started: true };
      },
    },
  } satisfies DomainHandlers;
}
