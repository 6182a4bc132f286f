// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp } from '../../test-support/render-app';

const seed = {
  connections: [{ id: 'work', name: 'Work' }],
  buckets: {
    work: {
      photos: [
        { key: '2023/c.jpg', size: 3 },
        { key: '2024/a.jpg', size: 1 },
        { key: '2024/summer/b.jpg', size: 2 },
        { key: 'top.txt', size: 4 },
      ],
      docs: [],
    },
  },
};

describe('ConnectionTree', () => {
  it('lists the local bucket first, then saved connections', async () => {
    renderApp(seed);
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    const items = await within(tree).findAllByRole('treeitem');
    expect(items.map((item) => item.textContent)).toEqual(['Local bucket', 'Work']);
    expect(items[0]!.getAttribute('aria-level')).toBe('1');
    expect(items[0]!.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows no expand arrow on a folder the object list found empty of sub-folders, without listing it again', async () => {
    const { api, user } = renderApp(seed);
    await browseTo(user, 'Work', 'photos');
    const tree = screen.getByRole('tree', { name: 'Connections' });
    const grid = screen.getByRole('grid', { name: 'Objects' });
    const folder2023 = await within(tree).findByRole('treeitem', { name: '2023' });
    expect(folder2023.getAttribute('aria-expanded')).toBe('false');
    await user.dblClick(within(grid).getByRole('gridcell', { name: '2023' }));
    await screen.findByText('1 object');
    await waitFor(() => expect(within(tree).getByRole('treeitem', { name: '2023' }).hasAttribute('aria-expanded')).toBe(false));
    // 2024 holds a sub-folder: it keeps its arrow.
    expect(within(tree).getByRole('treeitem', { name: '2024' }).getAttribute('aria-expanded')).toBe('false');
    expect(api.callsTo('listFolders')).not.toContainEqual(['work', 'photos', '2023/']);
  });

  it('expands connection → buckets → folders lazily, from the keyboard', async () => {
    const { api, user } = renderApp(seed);
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    await within(tree).findByRole('treeitem', { name: 'Work' });
    expect(api.callsTo('listBuckets')).toEqual([]);

    await user.tab();
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: 'Local bucket' }));
    await user.keyboard('{ArrowDown}');
    const work = within(tree).getByRole('treeitem', { name: 'Work' });
    expect(document.activeElement).toBe(work);

    await user.keyboard('{ArrowRight}');
    const photos = await within(tree).findByRole('treeitem', { name: 'photos' });
    expect(work.getAttribute('aria-expanded')).toBe('true');
    expect(photos.getAttribute('aria-level')).toBe('2');
    expect(api.callsTo('listBuckets')).toEqual([['work']]);
    expect(api.callsTo('listFolders')).toEqual([]);

    // Right on an open node moves to its first child (buckets are listed in name order).
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: 'docs' }));
    await user.keyboard('{ArrowDown}{ArrowRight}');
    const y2024 = await within(tree).findByRole('treeitem', { name: '2024' });
    expect(y2024.getAttribute('aria-level')).toBe('3');
    expect(within(tree).getByRole('treeitem', { name: '2023' })).toBeTruthy();
    expect(api.callsTo('listFolders')).toEqual([['work', 'photos', '']]);
    // Nothing deeper is listed until it is opened.
    expect(within(tree).queryByRole('treeitem', { name: 'summer' })).toBeNull();

    // Left closes the node, Left again goes to the parent.
    await user.keyboard('{ArrowLeft}');
    expect(within(tree).queryByRole('treeitem', { name: '2024' })).toBeNull();
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(work);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: 'photos' }));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: 'Local bucket' }));
  });

  it('opens a node in the object list with Enter and marks it selected', async () => {
    const { user } = renderApp(seed);
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    await within(tree).findByRole('treeitem', { name: 'Work' });
    await user.tab();
    await user.keyboard('{ArrowDown}{Enter}');
    const work = within(tree).getByRole('treeitem', { name: 'Work' });
    await waitFor(() => expect(work.getAttribute('aria-selected')).toBe('true'));
    const grid = screen.getByRole('grid', { name: 'Objects' });
    expect(await within(grid).findByRole('gridcell', { name: 'photos' })).toBeTruthy();
    expect(await screen.findByText('2 buckets')).toBeTruthy();
  });
});
