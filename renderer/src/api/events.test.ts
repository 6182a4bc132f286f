import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../test-support/fake-api';
import { startListing } from '../store/listing';
import { resetStore, useStore } from '../store/store';
import { connectEvents } from './events';

afterEach(() => {
  resetStore();
  vi.useRealTimers();
});

describe('events into the store', () => {
  it('batches listing pages of the current listing into few store updates', () => {
    vi.useFakeTimers();
    const api = createFakeApi();
    const disconnect = connectEvents(api);
    useStore.setState({ listing: startListing('L1') });
    let updates = 0;
    const unsubscribe = useStore.subscribe(() => updates++);
    for (let p = 0; p < 100; p++) {
      const entries = Array.from({ length: 1000 }, (_, i) => ({
        key: `k${p * 1000 + i}`,
        name: `k${p * 1000 + i}`,
        kind: 'object' as const,
        size: 1,
      }));
      api.emit('didListPage', { listingId: 'L1', entries, loaded: (p + 1) * 1000, done: p === 99 });
    }
    api.emit('didListPage', { listingId: 'OLD', entries: [{ key: 'x', name: 'x', kind: 'object', size: 1 }], loaded: 1, done: true });
    vi.runAllTimers();
    expect(updates).toBe(1);
    expect(useStore.getState().view).toHaveLength(100_000);
    expect(useStore.getState().listing?.status).toBe('done');
    unsubscribe();
    disconnect();
  });

  it('applies progress, local bucket and connection changes', () => {
    const api = createFakeApi();
    const disconnect = connectEvents(api);
    api.emit('didProgress', { operationId: 'op', kind: 'delete', done: 5, total: 10, finished: false });
    expect(useStore.getState().operations.op).toMatchObject({ done: 5, total: 10 });
    api.emit('didChangeLocalBucket', { state: 'stopped', port: 1, dataDir: '/d', accessKeyId: 'k' });
    expect(useStore.getState().localBucket?.state).toBe('stopped');
    api.emit('didChangeConnections', []);
    expect(useStore.getState().connections).toEqual([]);
    expect(useStore.getState().connectionsLoaded).toBe(true);
    disconnect();
    api.emit('didProgress', { operationId: 'op', kind: 'delete', done: 10, total: 10, finished: true });
    expect(useStore.getState().operations.op?.done).toBe(5);
  });
});
