import type { ConnectionProfile } from '../../../../preload/contract';
import type { MenuItem } from '../../components/ContextMenu';
import { s3Uri, sameLocation } from '../../store/location';
import { useStore } from '../../store/store';
import { nodeLocation, type TreeNode } from '../../store/tree-nodes';
import { openLocation, refresh } from '../browser/browser-actions';
import { copyText } from '../browser/clipboard-actions';
import { expandNode, loadChildren } from './tree-actions';
import { downloadMenuItems, uploadMenuItems } from '../transfers/transfer-menu';

/** The commands of a tree node's context menu, by what the node is. */
export function treeMenuItems(node: TreeNode, connection: ConnectionProfile | undefined): MenuItem[] {
  const { openDialog } = useStore.getState();
  const location = nodeLocation(node);
  const open: MenuItem = {
    label: 'Open',
    onSelect() {
      void openLocation(location);
      expandNode(node);
    },
  };
  const reload: MenuItem = {
    label: 'Refresh',
    onSelect() {
      void loadChildren(node);
      if (sameLocation(useStore.getState().location, location)) void refresh();
    },
  };

  if (node.kind === 'connection') {
    const items: MenuItem[] = [
      open,
      reload,
      { label: 'New bucket', separatorBefore: true, onSelect: () => openDialog({ kind: 'new-bucket', connectionId: node.connectionId }) },
    ];
    if (connection?.provider === 'local')
      items.push({ label: 'Local bucket settings', onSelect: () => openDialog({ kind: 'local-bucket' }) });
    if (connection && !connection.builtIn) {
      items.push(
        {
          label: 'Edit connection',
          separatorBefore: true,
          onSelect: () => openDialog({ kind: 'connection', connectionId: node.connectionId }),
        },
        { label: 'Remove connection', onSelect: () => openDialog({ kind: 'remove-connection', connectionId: node.connectionId }) },
      );
    }
    return items;
  }

  const bucket = node.bucket!;
  const items: MenuItem[] = [
    open,
    reload,
    { label: 'New folder', separatorBefore: true, onSelect: () => openDialog({ kind: 'new-folder', location }) },
    { label: 'Copy S3 URI', onSelect: () => void copyText(s3Uri(bucket, node.prefix), 'S3 URI') },
    ...uploadMenuItems(location),
    ...(node.kind === 'folder' ? downloadMenuItems({ connectionId: node.connectionId, bucket, keys: [], prefixes: [node.prefix] }) : []),
  ];
  if (node.kind === 'bucket') {
    items.push({
      label: 'Unfinished uploads…',
      onSelect: () => openDialog({ kind: 'unfinished-uploads', connectionId: node.connectionId, bucket }),
    });
  }
  if (node.kind === 'bucket') {
    items.push({
      label: 'Delete bucket',
      separatorBefore: true,
      onSelect: () => openDialog({ kind: 'delete-bucket', connectionId: node.connectionId, bucket }),
    });
  } else {
    items.push({
      label: 'Delete',
      shortcut: 'Delete',
      separatorBefore: true,
      onSelect: () =>
        openDialog({ kind: 'delete', selection: { connectionId: node.connectionId, bucket, keys: [], prefixes: [node.prefix] } }),
    });
  }
  return items;
}
