import type { TransferSummary } from '../../../../preload/contract';
import { prefixChain } from '../../store/location';
import { useStore } from '../../store/store';
import { refresh } from '../browser/browser-actions';
import { refreshTreeAt } from '../connections/tree-actions';

/** After the last of a burst of finished uploads, wait this long before listing again. */
const SETTLE_MS = 400;

let timer: ReturnType<typeof setTimeout> | null = null;
const landedFolders = new Map<string, { connectionId: string; bucket: string; prefix: string }>();

/**
 * Uploads and copies that just finished: the folder on screen lists again (once per burst, not per
 * file) and the tree learns new folders, so what was dropped shows where it was dropped.
 */
export function noteLandedTransfers(rows: readonly TransferSummary[]): void {
  const { transfers } = useStore.getState();
  let landed = false;
  for (const row of rows) {
    if (row.direction === 'download' || row.state !== 'done' || transfers.get(row.id)?.state === 'done') continue;
    landed = true;
    const { connectionId, bucket, key } = row.target;
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? '' : key.slice(0, slash + 1);
    landedFolders.set(JSON.stringify([connectionId, bucket, prefix]), { connectionId, bucket, prefix });
  }
  if (!landed || timer !== null) return;
  timer = setTimeout(settle, SETTLE_MS);
}

function settle(): void {
  timer = null;
  const folders = [...landedFolders.values()];
  landedFolders.clear();
  const { location, listing, activeKey } = useStore.getState();
  const onScreen =
    location !== null &&
    location.bucket !== null &&
    folders.some((f) => f.connectionId === location.connectionId && f.bucket === location.bucket && f.prefix.startsWith(location.prefix));
  if (onScreen && listing?.status !== 'loading') void refresh({ select: activeKey });
  const refreshed = new Set<string>();
  for (const folder of folders) {
    // Each loaded tree node on the way down may have gained a folder.
    for (const prefix of ['', ...prefixChain(folder.prefix)]) {
      const id = JSON.stringify([folder.connectionId, folder.bucket, prefix]);
      if (refreshed.has(id)) continue;
      refreshed.add(id);
      refreshTreeAt({ connectionId: folder.connectionId, bucket: folder.bucket, prefix });
    }
  }
}
