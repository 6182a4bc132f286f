import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import { BucketIcon, ChevronIcon, CloudIcon, DriveIcon, FolderIcon } from '../../components/icons';
import { orderConnections } from '../../store/connections-slice';
import { useStore } from '../../store/store';
import { connectionNode, nodeId, nodeLocation, type TreeNode } from '../../store/tree-nodes';
import { openLocation } from '../browser/browser-actions';
import { dropHandlers } from '../transfers/drop-target';
import { flattenTree, type TreeRow } from './flatten-tree';
import { collapseNode, expandNode } from './tree-actions';
import './ConnectionTree.css';

/**
 * The left pane: connections → buckets → folders, loaded as they are expanded. One tab stop
 * (roving tabindex); arrows move, Right/Left open and close, Enter opens the node on the right.
 */
export function ConnectionTree(): ReactElement {
  const connections = useStore((state) => state.connections);
  const loaded = useStore((state) => state.connectionsLoaded);
  const expanded = useStore((state) => state.expanded);
  const children = useStore((state) => state.children);
  const location = useStore((state) => state.location);
  const localState = useStore((state) => state.localBucket?.state);
  const openContextMenu = useStore((state) => state.openContextMenu);
  const dropTarget = useStore((state) => state.dropTarget);
  const dropId = dropTarget ? nodeId(dropTarget) : null;

  const roots = useMemo(() => orderConnections(connections).map((c) => connectionNode(c.id, c.name)), [connections]);
  const rows = useMemo(() => flattenTree(roots, expanded, children), [roots, expanded, children]);
  const localIds = useMemo(() => new Set(connections.filter((c) => c.provider === 'local').map((c) => c.id)), [connections]);
  const selectedId = location ? nodeId(location) : null;

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const moveFocus = useRef(false);
  const treeRef = useRef<HTMLDivElement>(null);

  const visible = (id: string | null) => id !== null && rows.some((row) => row.node.id === id);
  const tabbableId = visible(focusedId) ? focusedId : visible(selectedId) ? selectedId : (rows[0]?.node.id ?? null);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    const items = treeRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? [];
    for (const item of items) if (item.dataset.nodeId === focusedId) item.focus();
  }, [focusedId, rows]);

  function focusRow(index: number): void {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    moveFocus.current = true;
    setFocusedId(row.node.id);
  }

  function activate(row: TreeRow): void {
    void openLocation(nodeLocation(row.node));
    if (row.expandable && !row.expanded) expandNode(row.node);
  }

  function toggle(row: TreeRow): void {
    if (row.expanded) collapseNode(row.node);
    else expandNode(row.node);
  }

  function showMenu(node: TreeNode, x: number, y: number): void {
    setFocusedId(node.id);
    openContextMenu({ target: 'tree', nodeId: node.id, x, y });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>, row: TreeRow, index: number): void {
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      const rect = event.currentTarget.getBoundingClientRect();
      showMenu(row.node, rect.left + 24, rect.bottom);
    } else if (event.key === 'ArrowDown') focusRow(index + 1);
    else if (event.key === 'ArrowUp') focusRow(index - 1);
    else if (event.key === 'Home') focusRow(0);
    else if (event.key === 'End') focusRow(rows.length - 1);
    else if (event.key === 'ArrowRight') {
      if (row.expandable && !row.expanded) expandNode(row.node);
      else if (rows[index + 1]?.parentId === row.node.id) focusRow(index + 1);
    } else if (event.key === 'ArrowLeft') {
      if (row.expanded) collapseNode(row.node);
      else if (row.parentId !== null) focusRow(rows.findIndex((r) => r.node.id === row.parentId));
    } else if (event.key === 'Enter' || event.key === ' ') activate(row);
    else return;
    event.preventDefault();
  }

  function onContextMenu(event: MouseEvent<HTMLDivElement>, row: TreeRow): void {
    event.preventDefault();
    // A contextmenu event from the keyboard has no pointer position: open at the item.
    const rect = event.currentTarget.getBoundingClientRect();
    const fromKeyboard = event.clientX === 0 && event.clientY === 0;
    showMenu(row.node, fromKeyboard ? rect.left + 24 : event.clientX, fromKeyboard ? rect.bottom : event.clientY);
  }

  if (!loaded) return <div className="tree-placeholder">Loading connections…</div>;

  return (
    <div ref={treeRef} className="tree" role="tree" aria-label="Connections">
      {rows.map((row, index) => {
        const id = row.node.id;
        return (
          <div
            key={id}
            role="treeitem"
            data-node-id={id}
            className={`tree-item${id === selectedId ? ' selected' : ''}${id === dropId ? ' drop-target' : ''}`}
            aria-level={row.level}
            aria-posinset={row.posInSet}
            aria-setsize={row.setSize}
            aria-expanded={row.expandable ? row.expanded : undefined}
            aria-selected={id === selectedId}
            aria-busy={row.loading || undefined}
            tabIndex={id === tabbableId ? 0 : -1}
            style={{ paddingInlineStart: `${(row.level - 1) * 14 + 4}px` }}
            onFocus={(event) => event.target === event.currentTarget && setFocusedId(id)}
            onClick={() => activate(row)}
            onKeyDown={(event) => onKeyDown(event, row, index)}
            onContextMenu={(event) => onContextMenu(event, row)}
            // Files from the desktop upload into a bucket or folder (not onto a connection).
            {...dropHandlers(() => (row.node.kind === 'connection' ? null : nodeLocation(row.node)))}
          >
            <span
              className={`tree-twisty${row.expanded ? ' open' : ''}${row.expandable ? '' : ' leaf'}`}
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                if (row.expandable) toggle(row);
              }}
            >
              <ChevronIcon />
            </span>
            <NodeIcon node={row.node} local={localIds.has(row.node.connectionId)} />
            <span className="tree-label">{row.node.label}</span>
            {row.node.kind === 'connection' && localIds.has(row.node.connectionId) && (
              <span
                className={`status-dot status-${localState ?? 'stopped'}`}
                aria-hidden="true"
                title={`Local bucket ${localState ?? 'stopped'}`}
              />
            )}
            {row.loading && <span className="spinner" aria-hidden="true" />}
          </div>
        );
      })}
    </div>
  );
}

function NodeIcon({ node, local }: { node: TreeNode; local: boolean }): ReactElement {
  if (node.kind === 'connection') return local ? <DriveIcon className="tree-icon" /> : <CloudIcon className="tree-icon" />;
  if (node.kind === 'bucket') return <BucketIcon className="tree-icon" />;
  return <FolderIcon className="tree-icon" />;
}
