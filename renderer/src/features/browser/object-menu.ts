import type { MenuItem } from '../../components/ContextMenu';
import { useStore } from '../../store/store';
import { currentSelection, openSelected } from './browser-actions';
import { copyS3Uri, copyUrl } from './clipboard-actions';
import { requestDelete, requestNewFolder, requestRename } from './object-actions';
import { objectTransferItems } from '../transfers/transfer-menu';

/** The object list's context menu, for the current selection (or the folder itself when nothing is selected). */
export function objectMenuItems(): MenuItem[] {
  const { location, setPropertiesOpen } = useStore.getState();
  const selected = currentSelection();
  const one = selected.length === 1 ? selected[0]! : null;
  const inBucket = location?.bucket != null;
  return [
    { label: 'Open', shortcut: 'Enter', disabled: !one, onSelect: openSelected },
    { label: 'Rename', shortcut: 'F2', disabled: !one || !inBucket, onSelect: requestRename },
    { label: 'Delete', shortcut: 'Delete', disabled: selected.length === 0, onSelect: requestDelete },
    { label: 'Properties', onSelect: () => setPropertiesOpen(true) },
    { label: 'Copy S3 URI', separatorBefore: true, disabled: !inBucket && selected.length === 0, onSelect: copyS3Uri },
    { label: 'Copy URL', disabled: one?.kind !== 'object' || !inBucket, onSelect: () => void copyUrl() },
    ...objectTransferItems(location, selected),
    { label: inBucket ? 'New folder' : 'New bucket', separatorBefore: true, onSelect: requestNewFolder },
  ];
}
