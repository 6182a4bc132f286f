import { callOrAlert } from '../../api/call';
import { prefixChain, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { bucketNode, connectionNode, folderNode, nodeId, type TreeNode } from '../../store/tree-nodes';

/** Loads (or reloads) the children of a tree node: a connection's buckets or a prefix's folders. */
export async function loadChildren(node: TreeNode): Promise<void> {
  const { setState } = useStore;
  setState((state) => ({ children: { ...state.children, [node.id]: { status: 'loading' } } }));
  let nodes: TreeNode[] | null = null;
  let message = '';
  if (node.bucket === null) {
    const result = await callOrAlert('listBuckets', node.connectionId);
    if (result.ok) nodes = result.value.map((bucket) => bucketNode(node.connectionId, bucket.name));
    else message = result.error.message;
  } else {
    const bucket = node.bucket;
    const result = await callOrAlert('listFolders', node.connectionId, bucket, node.prefix);
    if (result.ok)
      nodes = result.value.filter((entry) => entry.kind === 'folder').map((entry) => folderNode(node.connectionId, bucket, entry.key));
    else message = result.error.message;
  }
  setState((state) => {
    // The connection may have been removed meanwhile; its nodes are gone then.
    if (!(node.id in state.children)) return {};
    if (nodes) return { children: { ...state.children, [node.id]: { status: 'loaded', nodes } } };
    // A node that cannot be listed folds back up; the alert says why.
    return { children: { ...state.children, [node.id]: { status: 'error', message } }, expanded: { ...state.expanded, [node.id]: false } };
  });
}

/**
 * A finished listing of a prefix already says which folders it holds: the tree takes them from
 * there, so a folder opened in the object list shows its sub-folders (or no expand arrow, when it
 * has none) without listing it a second time. Returns the unsubscribe.
 */
export function followListingsIntoTree(): () => void {
  return useStore.subscribe((state, previous) => {
    const { listing, location } = state;
    if (!listing || listing.status !== 'done' || !location || location.bucket === null) return;
    if (previous.listing?.id === listing.id && previous.listing.status === 'done') return;
    const id = nodeId(location);
    if (state.children[id]?.status === 'loading') return;
    const bucket = location.bucket;
    const nodes = state.sorted
      .filter((entry) => entry.kind === 'folder')
      .map((entry) => folderNode(location.connectionId, bucket, entry.key));
    useStore.setState({ children: { ...state.children, [id]: { status: 'loaded', nodes } } });
  });
}

/** Opens a node, loading its children the first time (or after a failure). */
export function expandNode(node: TreeNode): void {
  const state = useStore.getState();
  if (!state.expanded[node.id]) useStore.setState({ expanded: { ...state.expanded, [node.id]: true } });
  const children = state.children[node.id];
  if (!children || children.status === 'error') void loadChildren(node);
}

export function collapseNode(node: TreeNode): void {
  useStore.setState((state) => ({ expanded: { ...state.expanded, [node.id]: false } }));
}

/** Opens the tree down to a location's parent, so the place shown on the right is visible on the left. */
export function revealLocation(location: Location): void {
  const { connections } = useStore.getState();
  const connection = connections.find((c) => c.id === location.connectionId);
  if (!connection || location.bucket === null) return;
  expandNode(connectionNode(connection.id, connection.name));
  expandNode(bucketNode(connection.id, location.bucket));
  for (const prefix of prefixChain(location.prefix).slice(0, -1)) expandNode(folderNode(connection.id, location.bucket, prefix));
}

/** After a change under a location (new folder, delete, rename), reloads its tree children if they were loaded. */
export function refreshTreeAt(location: Location): void {
  const id = nodeId(location);
  if (!useStore.getState().children[id]) return;
  const node =
    location.bucket === null
      ? connectionNode(location.connectionId, '')
      : location.prefix === ''
        ? bucketNode(location.connectionId, location.bucket)
        : folderNode(location.connectionId, location.bucket, location.prefix);
  void loadChildren(node);
}
