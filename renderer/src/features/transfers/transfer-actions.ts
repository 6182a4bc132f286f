import type { ConflictChoice, TransferTarget } from '../../../../preload/contract';
import { callOrAlert } from '../../api/call';
import { pathForFile } from '../../api/get-api';
import { s3Uri, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { applyTransfersChanged } from '../../store/transfers-slice';
import { filesOfDrop, filesOfList, type DroppedItems, type PickedFile } from './drop-files';
import { uploadStreamer } from './streams';

/** Where an upload to `location` lands, as the drop hint says it: `s3://bucket/prefix/`. */
export function uploadDestination(location: Location): string {
  return location.bucket === null ? '' : s3Uri(location.bucket, location.prefix);
}

/**
 * Uploads what was dropped on `target`. Electron: the dropped files' and folders' paths (main
 * reads them itself; folders recurse there). Browser mode: folders are walked here and the page
 * streams every file.
 */
export async function uploadDropped(target: Location, dropped: DroppedItems): Promise<void> {
  const paths = dropped.files.map(pathForFile);
  if (dropped.files.length > 0 && paths.every((path) => path !== undefined)) {
    await uploadPaths(target, paths as string[]);
    return;
  }
  let picked: PickedFile[];
  try {
    picked = await filesOfDrop(dropped);
  } catch (error) {
    useStore.getState().pushAlert(`The dropped files could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  await uploadFiles(target, picked);
}

/** Uploads files chosen with "Upload files…" or "Upload folder…". */
export async function uploadChosen(target: Location, files: FileList | readonly File[]): Promise<void> {
  const picked = filesOfList(Array.from(files));
  const paths = picked.map((p) => pathForFile(p.file));
  if (picked.length > 0 && paths.every((path) => path !== undefined)) {
    // A chosen folder arrives as its files: hand main the folder itself, so it keeps its structure.
    const roots = new Set(picked.map((p, i) => folderRoot(paths[i]!, p.relativePath)));
    await uploadPaths(target, [...roots]);
    return;
  }
  await uploadFiles(target, picked);
}

/** `/home/me/photos/2026/a.jpg` with relative path `photos/2026/a.jpg` → `/home/me/photos`. */
function folderRoot(path: string, relativePath: string): string {
  const slash = relativePath.indexOf('/');
  if (slash < 0) return path;
  const base = path.slice(0, path.length - relativePath.length);
  return base + relativePath.slice(0, slash);
}

async function uploadPaths(target: Location, paths: string[]): Promise<void> {
  if (target.bucket === null || paths.length === 0) return;
  const result = await callOrAlert('enqueueUploads', {
    connectionId: target.connectionId,
    bucket: target.bucket,
    prefix: target.prefix,
    paths,
  });
  if (result.ok) useStore.getState().setTransfersOpen(true);
}

/** Browser mode: queue the files, then stream each one's bytes to its transfer. */
export async function uploadFiles(target: Location, picked: readonly PickedFile[]): Promise<void> {
  if (target.bucket === null) {
    useStore.getState().pushAlert('Drop files on a bucket or a folder: a connection’s bucket list holds no files.');
    return;
  }
  if (picked.length === 0) {
    useStore.getState().pushAlert('Nothing to upload: the drop held no files (empty folders are not uploaded).');
    return;
  }
  const result = await callOrAlert('enqueueUploads', {
    connectionId: target.connectionId,
    bucket: target.bucket,
    prefix: target.prefix,
    files: picked.map(({ file, relativePath }) => ({
      relativePath,
      size: file.size,
      lastModified: file.lastModified,
      ...(file.type ? { type: file.type } : {}),
    })),
  });
  if (!result.ok) return;
  // The answer is newer than any event about these rows that overtook it.
  useStore.setState((state) => ({
    ...applyTransfersChanged(state, { groups: [], transfers: result.value.transfers, removed: [] }),
    transfersOpen: true,
  }));
  uploadStreamer().add(
    result.value.transfers,
    picked.map((p) => p.file),
  );
}

/** Pause: running transfers stop sending bytes. */
export function pauseTransfers(target: TransferTarget): void {
  void callOrAlert('pauseTransfers', target);
}

/** Resume: paused transfers go on; browser-mode uploads whose Files the page holds are sent again from their offset. */
export function resumeTransfers(target: TransferTarget): void {
  uploadStreamer().want(target);
  void callOrAlert('resumeTransfers', target);
}

/** Cancel: stops and removes what was sent (an unfinished multipart upload is aborted). */
export function cancelTransfers(target: TransferTarget): void {
  uploadStreamer().forget(target);
  void callOrAlert('cancelTransfers', target);
}

/** Retry failed transfers, continuing from what was already sent. */
export function retryTransfers(target: TransferTarget): void {
  uploadStreamer().want(target);
  void callOrAlert('retryTransfers', target);
}

export function clearFinishedTransfers(): void {
  void callOrAlert('clearFinishedTransfers');
}

/** Answers parked conflicts: overwrite, skip or keep both. */
export function resolveConflicts(target: TransferTarget, choice: ConflictChoice): void {
  if (choice !== 'skip') uploadStreamer().want(target);
  void callOrAlert('resolveConflicts', target, choice);
}
