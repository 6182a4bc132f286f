import type { ChildrenState } from '../../store/tree-slice';
import type { TreeNode } from '../../store/tree-nodes';

/** One visible row of the tree, with what ARIA needs to describe its place. */
export interface TreeRow {
  node: TreeNode;
  level: number;
  posInSet: number;
  setSize: number;
  parentId: string | null;
  /** False once loading found no children: the row is a leaf. */
  expandable: boolean;
  expanded: boolean;
  loading: boolean;
}

/** The rows a person sees: roots, and the loaded children of every expanded node, depth first. */
export function flattenTree(
  roots: readonly TreeNode[],
  expanded: Readonly<Record<string, boolean>>,
  children: Readonly<Record<string, ChildrenState>>,
): TreeRow[] {
  const rows: TreeRow[] = [];
  function visit(nodes: readonly TreeNode[], level: number, parentId: string | null): void {
    nodes.forEach((node, index) => {
      const state = children[node.id];
      const expandable = !(state?.status === 'loaded' && state.nodes.length === 0);
      const isExpanded = expandable && expanded[node.id] === true;
      rows.push({
        node,
        level,
        posInSet: index + 1,
        setSize: nodes.length,
        parentId,
        expandable,
        expanded: isExpanded,
        loading: isExpanded && state?.status === 'loading',
      });
      if (isExpanded && state?.status === 'loaded') visit(state.nodes, level + 1, node.id);
    });
  }
  visit(roots, 1, null);
  return rows;
}
