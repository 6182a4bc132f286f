import type { ReactElement } from 'react';
import { ContextMenu } from '../components/ContextMenu';
import { objectMenuItems } from '../features/browser/object-menu';
import { treeMenuItems } from '../features/connections/tree-menu';
import { useStore } from '../store/store';
import { nodeFromId } from '../store/tree-nodes';

/** Shows the open context menu, with the commands of what it was opened on. */
export function ContextMenuHost(): ReactElement | null {
  const menu = useStore((state) => state.contextMenu);
  const close = useStore((state) => state.closeContextMenu);
  if (!menu) return null;
  if (menu.target === 'objects') {
    return <ContextMenu label="Object actions" x={menu.x} y={menu.y} items={objectMenuItems()} onClose={close} />;
  }
  const { connections } = useStore.getState();
  const node = nodeFromId(menu.nodeId, (id) => connections.find((c) => c.id === id)?.name ?? id);
  const connection = connections.find((c) => c.id === node.connectionId);
  return <ContextMenu label={`${node.label} actions`} x={menu.x} y={menu.y} items={treeMenuItems(node, connection)} onClose={close} />;
}
