import type { ApiResult, LocalBucketConfig, LocalBucketStatus } from '../../../../preload/contract';
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

/** Applies a new port or data folder (the bucket restarts); the panel shows a failure beside its fields. */
export async function configureLocalBucket(config: LocalBucketConfig): Promise<ApiResult<LocalBucketStatus>> {
  return keep(await call('configureLocalBucket', config));
}
