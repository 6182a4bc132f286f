import type { ListingPageEvent, PailApi } from '../../../preload/contract';
import { applyConnections } from '../store/connections-slice';
import { noteLandedTransfers } from '../features/transfers/landing';
import { uploadStreamer } from '../features/transfers/streams';
import { appendPages } from '../store/listing';
import { useStore } from '../store/store';
import { applyTransfersChanged } from '../store/transfers-slice';

/**
 * How often arriving listing pages are applied, at most. A fast server sends 100 pages in well
 * under a second; applying them in batches keeps the list to a few renders instead of one per page.
 */
const PAGE_BATCH_MS = 60;

/**
 * The one place main→renderer events enter the store (DESIGN: components never subscribe to the
 * API). Returns the function that unsubscribes everything.
 */
export function connectEvents(api: PailApi): () => void {
  const pending: ListingPageEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = 0;

  function flushPages(): void {
    timer = null;
    lastFlush = Date.now();
    const pages = pending.splice(0);
    useStore.setState((state) => appendPages(state, pages));
  }

  const unsubscribers = [
    api.onDidListPage((page) => {
      pending.push(page);
      // The first page of a quiet period shows at once; the rest are batched.
      if (timer === null) timer = setTimeout(flushPages, Math.max(0, lastFlush + PAGE_BATCH_MS - Date.now()));
    }),
    api.onDidProgress((progress) => {
      useStore.setState((state) => ({ operations: { ...state.operations, [progress.operationId]: progress } }));
    }),
    api.onDidChangeLocalBucket((status) => {
      useStore.setState({ localBucket: status });
    }),
    api.onDidChangeConnections((connections) => {
      useStore.setState((state) => applyConnections(state, connections));
    }),
    api.onDidChangeTransfers((change) => {
      // Compared with the rows before they are replaced: what just finished lists again.
      noteLandedTransfers(change.transfers);
      useStore.setState((state) => applyTransfersChanged(state, change));
      // The page restarts the PUTs of resumed uploads it still holds the Files of.
      uploadStreamer().observe(change.transfers);
    }),
  ];

  return function disconnect() {
    for (const unsubscribe of unsubscribers) unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
