import type { ObjectEntry, ObjectSelection, ObjectStreamTicket } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import type { Location } from '../../store/location';
import { useStore } from '../../store/store';

/** Electron (window.pail) or browser mode (`pail serve`): Electron saves and opens through main. */
function inElectron(): boolean {
  return useStore.getState().appInfo?.transport === 'electron';
}

/** What a download acts on: objects and folders (recursive) of one bucket. */
export type DownloadSelection = ObjectSelection;

/** The selection (or nothing, at a connection's bucket list) as a download request's source. */
export function downloadSelectionOf(location: Location | null, entries: readonly ObjectEntry[]): DownloadSelection | null {
  if (!location || location.bucket === null || entries.length === 0) return null;
  return {
    connectionId: location.connectionId,
    bucket: location.bucket,
    keys: entries.filter((e) => e.kind === 'object').map((e) => e.key),
    prefixes: entries.filter((e) => e.kind === 'folder').map((e) => e.key),
  };
}

/**
 * "Download". Browser mode, one object: the browser's own download from a one-time streaming path.
 * Anything else (folders, several objects, Electron): the queue writes it under the Downloads folder.
 */
export async function download(selection: DownloadSelection): Promise<void> {
  if (!inElectron() && selection.prefixes.length === 0 && selection.keys.length === 1) {
    await saveInBrowser(selection.connectionId, selection.bucket, selection.keys[0]!);
    return;
  }
  const defaults = await callOrAlert('getTransferDefaults');
  if (!defaults.ok) return;
  await downloadTo(selection, defaults.value.downloadDir);
}

/** "Download to…": the queue writes the selection under a local folder (resumable, renamed only when complete). */
export async function downloadTo(selection: DownloadSelection, destination: string): Promise<boolean> {
  const result = await callOrAlert('enqueueDownloads', { ...selection, destination });
  if (!result.ok) return false;
  useStore.getState().setTransfersOpen(true);
  useStore.getState().showNotice(`Downloading to ${destination}`);
  return true;
}

/** Hands the browser a one-time path served with Content-Disposition: attachment. */
async function saveInBrowser(connectionId: string, bucket: string, key: string): Promise<void> {
  const ticket = await callOrAlert('createObjectStream', connectionId, bucket, key, 'attachment');
  if (!ticket.ok) return;
  const link = document.createElement('a');
  link.href = ticket.value.path;
  link.download = key.slice(key.lastIndexOf('/') + 1);
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * "Open", Enter, double-click on an object: preview in the app what a browser can show (image,
 * text, PDF, audio, video); anything else opens with the system's app (Electron) or downloads.
 */
export async function openObject(location: Location, key: string): Promise<void> {
  if (location.bucket === null) return;
  const { connectionId, bucket } = location;
  const result = await call('createObjectStream', connectionId, bucket, key, 'inline');
  if (result.ok && result.value.preview !== null) {
    showPreview(location, key, result.value);
    return;
  }
  if (!result.ok && result.error.code !== 'unsupported') {
    useStore.getState().pushAlert(result.error.message);
    return;
  }
  if (inElectron()) await callOrAlert('openObjectExternally', connectionId, bucket, key);
  else await saveInBrowser(connectionId, bucket, key);
}

/**
 * Drag-out (Electron): main starts the OS drag from a local copy of the object; the first drag of
 * an object makes that copy in the queue, and the person drags again once it is there.
 */
export async function dragObjectOut(location: Location, key: string): Promise<void> {
  if (location.bucket === null || !inElectron()) return;
  const result = await callOrAlert('dragObjectOut', location.connectionId, location.bucket, key);
  if (result.ok && !result.value.started) {
    useStore.getState().showNotice(`Getting ${key.split('/').pop()} ready to drag out — drag it again when its download is done`);
  }
}

function showPreview(location: Location, key: string, ticket: ObjectStreamTicket): void {
  useStore.getState().openDialog({ kind: 'preview', location, key, ticket });
}
