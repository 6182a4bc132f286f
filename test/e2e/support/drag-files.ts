import type { BrowserContext, Locator, Page } from 'playwright-core';

/**
 * Drags files and folders from disk onto an element the way the OS does: through the DevTools
 * protocol's `Input.dispatchDragEvent` with `data.files` (paths on this machine), so the page gets
 * real drag events whose DataTransfer holds real File objects and folder entries. `whileOver` runs
 * after the drag entered and moved over the target, before the drop.
 */
export async function dragFilesOnto(
  context: BrowserContext,
  page: Page,
  target: Locator,
  files: string[],
  whileOver?: () => Promise<void>,
): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('The drop target is not on screen.');
  const x = box.x + Math.min(box.width / 2, 40);
  const y = box.y + box.height / 2;
  const cdp = await context.newCDPSession(page);
  const data = { items: [], files, dragOperationsMask: 1 };
  try {
    await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', x, y, data });
    await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', x, y, data });
    await whileOver?.();
    await cdp.send('Input.dispatchDragEvent', { type: 'drop', x, y, data });
  } finally {
    await cdp.detach();
  }
}
