import type { MenuItem } from '../../components/ContextMenu';
import { useStore } from '../../store/store';
import { currentSelection, openSelected } from './browser-actions';
import { copyPresignedLinks, copyPublicUrl, requestShare, selectedPublicUrl } from '../share/share-actions';
import { copyS3Uri } from './clipboard-actions';
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
    ...shareMenuItems(selected.some((entry) => entry.kind === 'object') && inBucket, one?.kind === 'object'),
    ...objectTransferItems(location, selected),
    { label: inBucket ? 'New folder' : 'New bucket', separatorBefore: true, onSelect: requestNewFolder },
  ];
}

/** Sharing: presigned links for the selected objects, the Share dialog, and a public URL only where it works. */
function shareMenuItems(anyObject: boolean, oneObject: boolean): MenuItem[] {
  const publicUrl = oneObject ? selectedPublicUrl() : null;
  return [
    { label: 'Copy presigned link', disabled: !anyObject, onSelect: () => void copyPresignedLinks() },
    ...(publicUrl ? [{ label: 'Copy public URL', onSelect: () => void copyPublicUrl(publicUrl) }] : []),
    { label: 'Share…', disabled: !oneObject, onSelect: () => requestShare() },
  ];
}
