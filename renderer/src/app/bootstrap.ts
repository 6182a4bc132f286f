import type { PailApi } from '../../../preload/contract';
import { callOrAlert } from '../api/call';
import { connectEvents } from '../api/events';
import { followListingsIntoTree } from '../features/connections/tree-actions';
import { applyConnections } from '../store/connections-slice';
import { useStore } from '../store/store';

/**
 * Starts the renderer's side of the app: events first (so nothing announced during start-up is
 * missed), then the initial state. Returns the function that disconnects the events.
 */
export function startApp(api: PailApi): () => void {
  const disconnect = connectEvents(api);
  const unfollow = followListingsIntoTree();
  void loadInitialState();
  return () => {
    unfollow();
    disconnect();
  };
}

async function loadInitialState(): Promise<void> {
  const [info, settings, connections, local] = await Promise.all([
    callOrAlert('getAppInfo'),
    callOrAlert('getSettings'),
    callOrAlert('listConnections'),
    callOrAlert('getLocalBucketStatus'),
  ]);
  useStore.setState((state) => ({
    ...(info.ok ? { appInfo: info.value } : {}),
    ...(settings.ok ? { settings: settings.value } : {}),
    ...(local.ok ? { localBucket: local.value } : {}),
    ...(connections.ok ? applyConnections(state, connections.value) : { connectionsLoaded: true }),
  }));
}
