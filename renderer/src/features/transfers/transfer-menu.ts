import type { MenuItem } from '../../components/ContextMenu';
import type { Location } from '../../store/location';
import { useStore } from '../../store/store';
import { download, downloadSelectionOf } from './download-actions';
import { chooseUploads } from './FilePickers';
import type { ObjectEntry, ObjectSelection } from '../../../../preload/contract';

/** "Download" and "Download to…" for objects and folders (recursive); first with a separator above. */
export function downloadMenuItems(selection: ObjectSelection | null): MenuItem[] {
  return [
    { label: 'Download', separatorBefore: true, disabled: !selection, onSelect: () => selection && void download(selection) },
    {
      label: 'Download to…',
      disabled: !selection,
      onSelect: () => selection && useStore.getState().openDialog({ kind: 'download-to', selection }),
    },
  ];
}

/** "Upload files…" and "Upload folder…" into a bucket or folder. */
export function uploadMenuItems(target: Location | null): MenuItem[] {
  const disabled = !target || target.bucket === null;
  return [
    { label: 'Upload files…', separatorBefore: true, disabled, onSelect: () => target && chooseUploads(target, false) },
    { label: 'Upload folder…', disabled, onSelect: () => target && chooseUploads(target, true) },
  ];
}

/** The object list's transfer commands for the selected rows in `location`. */
export function objectTransferItems(location: Location | null, selected: readonly ObjectEntry[]): MenuItem[] {
  return [...downloadMenuItems(downloadSelectionOf(location, selected)), ...uploadMenuItems(location)];
}
