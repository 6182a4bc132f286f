import type { ConnectionProfile } from '../../../preload/contract';
import type { PailState } from './state';

/** Saved connections, the built-in local bucket first. */
export interface ConnectionsSlice {
  connections: readonly ConnectionProfile[];
  connectionsLoaded: boolean;
}

export function createConnectionsSlice(): ConnectionsSlice {
  return { connections: [], connectionsLoaded: false };
}

/** The order the tree shows: built-in connections (the local bucket) first, then the rest as saved. */
export function orderConnections(connections: readonly ConnectionProfile[]): ConnectionProfile[] {
  return [...connections.filter((c) => c.builtIn), ...connections.filter((c) => !c.builtIn)];
}

/** The connection a tree node id belongs to (ids are JSON: [connectionId, bucket, prefix]). */
export function connectionOfNode(id: string): string {
  return (JSON.parse(id) as [string])[0];
}

/**
 * A new list of connections: keeps what the tree loaded only for connections that still exist
 * unchanged (an edited endpoint is listed afresh), and leaves a removed connection's location.
 */
export function applyConnections(
  state: Pick<PailState, 'connections' | 'expanded' | 'children' | 'location'>,
  connections: readonly ConnectionProfile[],
): Partial<PailState> {
  const before = new Map(state.connections.map((c) => [c.id, JSON.stringify(c)]));
  const unchanged = new Set(connections.filter((c) => before.get(c.id) === JSON.stringify(c)).map((c) => c.id));
  function keep<T>(record: Readonly<Record<string, T>>): Record<string, T> {
    return Object.fromEntries(Object.entries(record).filter(([id]) => unchanged.has(connectionOfNode(id))));
  }
  const patch: Partial<PailState> = {
    connections,
    connectionsLoaded: true,
    children: keep(state.children),
    expanded: keep(state.expanded),
  };
  const location = state.location;
  if (location && !connections.some((c) => c.id === location.connectionId)) {
    Object.assign(patch, {
      location: null,
      listing: null,
      sorted: [],
      view: [],
      selection: new Set<string>(),
      anchorKey: null,
      activeKey: null,
      details: null,
    });
  }
  return patch;
}
