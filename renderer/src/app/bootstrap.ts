import type { PailApi } from '../../../preload/contract';
import { call, callOrAlert } from '../api/call';
import { connectEvents } from '../api/events';
import { followListingsIntoTree } from '../features/connections/tree-actions';
import { applyConnections } from '../store/connections-slice';
import { useStore } from '../store/store';
import { applyTransferSnapshot, isFinished } from '../store/transfers-slice';

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
  const [info, settings, connections, local, queue] = await Promise.all([
    callOrAlert('getAppInfo'),
    callOrAlert('getSettings'),
    callOrAlert('listConnections'),
    callOrAlert('getLocalBucketStatus'),
    // The queue survives restarts: what is still in it shows at once.
    call('listTransfers'),
  ]);
  useStore.setState((state) => ({
    ...(info.ok ? { appInfo: info.value } : {}),
    ...(settings.ok ? { settings: settings.value } : {}),
    ...(local.ok ? { localBucket: local.value } : {}),
    ...(connections.ok ? applyConnections(state, connections.value) : { connectionsLoaded: true }),
    ...(queue.ok ? applyTransferSnapshot(state, queue.value) : {}),
    ...(queue.ok && queue.value.transfers.some((t) => !isFinished(t.state)) ? { transfersOpen: true } : {}),
  }));
}
