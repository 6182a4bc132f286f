import type { ApiResult, PresignRequest, PresignResult } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { selectedEntries } from '../../store/browser-slice';
import { publicUrlKey } from '../../store/share-slice';
import { useStore } from '../../store/store';
import { copiedNotice } from './expiry-text';

/** The objects (not folders) selected in a bucket, or null outside a bucket or with none selected. */
export function selectedObjects(): { connectionId: string; bucket: string; keys: string[]; size?: number } | null {
  const { location, view, selection } = useStore.getState();
  if (!location || location.bucket === null || selection.size === 0) return null;
  const objects = selectedEntries(view, selection).filter((entry) => entry.kind === 'object');
  if (objects.length === 0) return null;
  return {
    connectionId: location.connectionId,
    bucket: location.bucket,
    keys: objects.map((entry) => entry.key),
    ...(objects.length === 1 && objects[0]!.size !== undefined ? { size: objects[0]!.size } : {}),
  };
}

/** Signs links (alerting on failure). */
export function presign(request: PresignRequest): Promise<ApiResult<PresignResult>> {
  return callOrAlert('presignLinks', request);
}

/** Everything a person should hear about links besides "copied": a shorter life, a skewed clock. */
export function linkWarnings(result: PresignResult): string[] {
  return [result.clampReason, result.skewWarning].filter((text): text is string => Boolean(text));
}

/**
 * "Copy presigned link": a GET link per selected object with the default expiry, one per line,
 * on the clipboard; a notice says when they expire.
 */
export async function copyPresignedLinks(
  target: { connectionId: string; bucket: string; keys: string[] } | null = selectedObjects(),
): Promise<void> {
  if (!target) return;
  const result = await presign({ connectionId: target.connectionId, bucket: target.bucket, keys: target.keys, method: 'GET' });
  if (!result.ok) return;
  const copied = await callOrAlert('writeClipboard', result.value.links.map((link) => link.url).join('\n'));
  if (!copied.ok) return;
  const { showNotice, pushAlert } = useStore.getState();
  const local = result.value.localOnly ? ' — works on this computer only' : '';
  showNotice(`${copiedNotice(result.value.links.length, result.value.expiresAt)}${local}`);
  for (const warning of linkWarnings(result.value)) pushAlert(warning);
}

/** Looks up (once per object) whether its plain URL answers anyone, for "Copy public URL". */
export async function checkPublicUrl(connectionId: string, bucket: string, key: string): Promise<void> {
  const id = publicUrlKey(connectionId, bucket, key);
  if (useStore.getState().publicUrls[id]) return;
  const result = await call('getPublicUrl', connectionId, bucket, key);
  if (result.ok) useStore.setState((state) => ({ publicUrls: { ...state.publicUrls, [id]: result.value } }));
}

/** The public URL of the one selected object, when it is known to be public. */
export function selectedPublicUrl(): string | null {
  const target = selectedObjects();
  if (!target || target.keys.length !== 1) return null;
  const info = useStore.getState().publicUrls[publicUrlKey(target.connectionId, target.bucket, target.keys[0]!)];
  return info?.public ? info.url : null;
}

/** Copies a plain URL that works without a signature. */
export async function copyPublicUrl(url: string): Promise<void> {
  const result = await callOrAlert('writeClipboard', url);
  if (result.ok) useStore.getState().showNotice('Copied the public URL to the clipboard');
}

/** "Share…": the Share dialog for the one selected object. */
export function requestShare(
  target: { connectionId: string; bucket: string; keys: string[]; size?: number } | null = selectedObjects(),
): void {
  if (!target || target.keys.length !== 1) return;
  useStore.getState().openDialog({
    kind: 'share',
    connectionId: target.connectionId,
    bucket: target.bucket,
    key: target.keys[0]!,
    ...(target.size !== undefined ? { size: target.size } : {}),
  });
}
