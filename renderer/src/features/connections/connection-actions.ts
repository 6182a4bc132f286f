import type { ApiResult, ConnectionInput, ConnectionProfile, ConnectionTestResult } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { applyConnections } from '../../store/connections-slice';
import { useStore } from '../../store/store';
import { openLocation, refresh } from '../browser/browser-actions';
import { refreshTreeAt } from './tree-actions';

/** Reads the saved connections again (main also announces changes; this covers a missed event). */
export async function loadConnections(): Promise<void> {
  const result = await callOrAlert('listConnections');
  if (result.ok) useStore.setState((state) => applyConnections(state, result.value));
}

/** Adds or updates a connection; the dialog shows a failure in its own words, so no global alert. */
export async function saveConnection(input: ConnectionInput, existingId: string | null): Promise<ApiResult<ConnectionProfile>> {
  const result = existingId ? await call('updateConnection', existingId, input) : await call('addConnection', input);
  if (result.ok) await loadConnections();
  return result;
}

export async function testConnection(input: ConnectionInput, existingId: string | null): Promise<ApiResult<ConnectionTestResult>> {
  return existingId ? call('testConnection', input, existingId) : call('testConnection', input);
}

export async function removeConnection(id: string): Promise<ApiResult<null>> {
  const result = await call('removeConnection', id);
  if (result.ok) await loadConnections();
  return result;
}

export async function importAwsProfile(name: string): Promise<ApiResult<ConnectionProfile>> {
  const result = await call('importAwsProfile', name);
  if (result.ok) await loadConnections();
  return result;
}

/** Creates a bucket and shows it in the tree and, when the bucket list is open, on the right. */
export async function createBucket(connectionId: string, bucket: string): Promise<ApiResult<null>> {
  const result = await call('createBucket', connectionId, bucket);
  if (result.ok) afterBucketChange(connectionId);
  return result;
}

export async function deleteBucket(connectionId: string, bucket: string): Promise<ApiResult<null>> {
  const result = await call('deleteBucket', connectionId, bucket);
  if (result.ok) {
    const { location } = useStore.getState();
    // Leave the deleted bucket if we were inside it.
    if (location?.connectionId === connectionId && location.bucket === bucket) {
      void openLocation({ connectionId, bucket: null, prefix: '' });
    }
    afterBucketChange(connectionId);
  }
  return result;
}

function afterBucketChange(connectionId: string): void {
  refreshTreeAt({ connectionId, bucket: null, prefix: '' });
  const { location } = useStore.getState();
  if (location?.connectionId === connectionId && location.bucket === null) {
    void refresh();
  }
}
