// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

describe('tree context menu', () => {
  it('deletes a folder from the tree after stating the count, and the tree forgets it', async () => {
    const { api, user } = renderApp({
      connections: [{ id: 'work', name: 'Work' }],
      buckets: {
        work: {
          b: [
            { key: 'old/1.txt', size: 1000 },
            { key: 'old/2.txt', size: 1000 },
            { key: 'new/3.txt', size: 1 },
          ],
        },
      },
    });
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    await user.click(await within(tree).findByRole('treeitem', { name: 'Work' }));
    await user.click(await within(tree).findByRole('treeitem', { name: 'b' }));
    const old = await within(tree).findByRole('treeitem', { name: 'old' });
    old.focus();
    await user.keyboard('{ContextMenu}');
    const menu = screen.getByRole('menu', { name: 'old actions' });
    const names = ['Open', 'Refresh', 'New folder', 'Copy S3 URI', 'Upload files…', 'Upload folder…', 'Download', 'Download to…'];
    for (const name of [...names, 'Delete']) expect(within(menu).getByRole('menuitem', { name })).toBeTruthy();
    expect(within(menu).getAllByRole('menuitem')).toHaveLength(9);
    await user.click(within(menu).getByRole('menuitem', { name: 'Delete' }));

    const dialog = screen.getByRole('dialog', { name: 'Delete' });
    expect(await within(dialog).findByText('Delete 2 objects (2 KB)? This cannot be undone.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(tree).queryByRole('treeitem', { name: 'old' })).toBeNull());
    expect(api.callsTo('deleteObjects')[0]![0]).toMatchObject({ keys: [], prefixes: ['old/'] });
    expect(within(tree).getByRole('treeitem', { name: 'new' })).toBeTruthy();
  });

  it('offers the local bucket panel on the local bucket, and no removal', async () => {
    const { user } = renderApp();
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    await user.pointer({ keys: '[MouseRight]', target: await within(tree).findByRole('treeitem', { name: 'Local bucket' }) });
    const menu = screen.getByRole('menu', { name: 'Local bucket actions' });
    expect(within(menu).queryByRole('menuitem', { name: 'Remove connection' })).toBeNull();
    await user.click(within(menu).getByRole('menuitem', { name: 'Local bucket settings' }));
    expect(screen.getByRole('dialog', { name: 'Local bucket' })).toBeTruthy();
  });
});
