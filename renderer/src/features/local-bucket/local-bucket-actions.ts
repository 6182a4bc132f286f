import type { ApiResult, LocalBucketConfig, LocalBucketKeyPair, LocalBucketStatus } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { useStore } from '../../store/store';

function keep(result: ApiResult<LocalBucketStatus>): ApiResult<LocalBucketStatus> {
  if (result.ok) useStore.setState({ localBucket: result.value });
  return result;
}

export async function loadLocalBucketStatus(): Promise<void> {
  keep(await callOrAlert('getLocalBucketStatus'));
}

export async function startLocalBucket(): Promise<void> {
  keep(await callOrAlert('startLocalBucket'));
}

export async function stopLocalBucket(): Promise<void> {
  keep(await callOrAlert('stopLocalBucket'));
}

/** The key pair with its secret, asked for only when the person shows or copies it; a failure shows as an alert. */
export async function revealLocalBucketSecret(): Promise<LocalBucketKeyPair | null> {
  const result = await callOrAlert('revealLocalBucketSecret');
  return result.ok ? result.value : null;
}

/** Applies a new port or data folder (the bucket restarts); the panel shows a failure beside its fields. */
export async function configureLocalBucket(config: LocalBucketConfig): Promise<ApiResult<LocalBucketStatus>> {
  return keep(await call('configureLocalBucket', config));
}
