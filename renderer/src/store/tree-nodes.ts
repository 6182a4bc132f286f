import type { Location } from './location';
import { baseName } from './location';

/** A row of the connection tree: a connection, one of its buckets, or a folder (prefix) of a bucket. */
export interface TreeNode {
  id: string;
  kind: 'connection' | 'bucket' | 'folder';
  connectionId: string;
  bucket: string | null;
  prefix: string;
  label: string;
}

/** The tree node id of a location; every location has exactly one node. */
export function nodeId(location: Location): string {
  // JSON keeps ids unambiguous whatever characters bucket names and keys contain.
  return JSON.stringify([location.connectionId, location.bucket, location.prefix]);
}

/** The location a node opens in the object list. */
export function nodeLocation(node: TreeNode): Location {
  return { connectionId: node.connectionId, bucket: node.bucket, prefix: node.prefix };
}

export function connectionNode(connectionId: string, label: string): TreeNode {
  return { id: nodeId({ connectionId, bucket: null, prefix: '' }), kind: 'connection', connectionId, bucket: null, prefix: '', label };
}

export function bucketNode(connectionId: string, bucket: string): TreeNode {
  return { id: nodeId({ connectionId, bucket, prefix: '' }), kind: 'bucket', connectionId, bucket, prefix: '', label: bucket };
}

export function folderNode(connectionId: string, bucket: string, prefix: string): TreeNode {
  return { id: nodeId({ connectionId, bucket, prefix }), kind: 'folder', connectionId, bucket, prefix, label: baseName(prefix) };
}

/** Rebuilds a node from its id (the label of a connection comes from its profile). */
export function nodeFromId(id: string, connectionName: (connectionId: string) => string): TreeNode {
  const [connectionId, bucket, prefix] = JSON.parse(id) as [string, string | null, string];
  if (bucket === null) return connectionNode(connectionId, connectionName(connectionId));
  return prefix === '' ? bucketNode(connectionId, bucket) : folderNode(connectionId, bucket, prefix);
}
