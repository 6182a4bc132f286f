import { Notification, type BrowserWindow } from 'electron';
import type { PailCore } from '../api/core-types.js';
import type { TransfersChangedEvent } from '../../preload/contract/transfers.js';
import { batchNotice, QueueProgress } from './pure/queue-progress.js';

/**
 * Shows the transfer queue outside the page: the window's progress bar (taskbar / dock) follows
 * the queue's total fraction and disappears when it is idle, and a system notification says when
 * a batch has finished. Returns the unsubscribe. Glue only: the logic is pure/queue-progress.ts.
 */
export function showQueueIndicators(core: PailCore, mainWindow: () => BrowserWindow | undefined): () => void {
  const queue = new QueueProgress(core.transfers.snapshot());
  let shown: number | undefined;
  const apply = (progress: number) => {
    const win = mainWindow();
    if (!win || win.isDestroyed() || progress === shown) return;
    shown = progress;
    win.setProgressBar(progress);
  };
  apply(queue.progress());
  return core.events.subscribe((event, payload) => {
    if (event !== 'didChangeTransfers') return;
    const { progress, finished } = queue.update(payload as TransfersChangedEvent);
    apply(progress);
    if (finished.length === 0 || !Notification.isSupported()) return;
    for (const group of finished) new Notification(batchNotice(group)).show();
  });
}
