import type { TreeNode } from './tree-nodes';

/** The lazily loaded children of one tree node. */
export type ChildrenState = { status: 'loading' } | { status: 'loaded'; nodes: readonly TreeNode[] } | { status: 'error'; message: string };

/** Which tree nodes are open and what has been loaded under them, by node id. */
export interface TreeSlice {
  expanded: Readonly<Record<string, boolean>>;
  children: Readonly<Record<string, ChildrenState>>;
}

export function createTreeSlice(): TreeSlice {
  return { expanded: {}, children: {} };
}
