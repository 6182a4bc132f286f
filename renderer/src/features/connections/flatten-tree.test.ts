import { describe, expect, it } from 'vitest';
import { bucketNode, connectionNode, folderNode } from '../../store/tree-nodes';
import { flattenTree } from './flatten-tree';

const local = connectionNode('local', 'Local bucket');
const aws = connectionNode('aws', 'Work');
const photos = bucketNode('aws', 'photos');
const docs = bucketNode('aws', 'docs');
const y2024 = folderNode('aws', 'photos', '2024/');

describe('flattening the tree', () => {
  it('shows roots only until something is expanded', () => {
    const rows = flattenTree([local, aws], {}, {});
    expect(rows.map((r) => r.node.label)).toEqual(['Local bucket', 'Work']);
    expect(rows[1]).toMatchObject({ level: 1, posInSet: 2, setSize: 2, expanded: false, expandable: true });
  });

  it('shows loaded children of expanded nodes, depth first', () => {
    const rows = flattenTree(
      [local, aws],
      { [aws.id]: true, [photos.id]: true },
      { [aws.id]: { status: 'loaded', nodes: [photos, docs] }, [photos.id]: { status: 'loaded', nodes: [y2024] } },
    );
    expect(rows.map((r) => `${r.level}:${r.node.label}`)).toEqual(['1:Local bucket', '1:Work', '2:photos', '3:2024', '2:docs']);
    expect(rows[3]).toMatchObject({ parentId: photos.id, posInSet: 1, setSize: 1 });
  });

  it('marks loading nodes busy and empty ones as leaves', () => {
    const rows = flattenTree(
      [local, aws],
      { [local.id]: true, [aws.id]: true },
      { [local.id]: { status: 'loading' }, [aws.id]: { status: 'loaded', nodes: [] } },
    );
    expect(rows[0]).toMatchObject({ expanded: true, loading: true });
    expect(rows[1]).toMatchObject({ expandable: false, expanded: false });
  });
});
