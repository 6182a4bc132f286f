// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp, visibleNames } from '../../test-support/render-app';

const objects = [
  { key: 'keep.txt', size: 1 },
  { key: 'old.log', size: 600_000 },
  ...Array.from({ length: 1233 }, (_, i) => ({ key: `cache/part-${i}.bin`, size: 4_000 })),
];

describe('DeleteDialog', () => {
  it('states how many objects a delete removes, then deletes with progress', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: objects } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('1 folder, 2 objects');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    await user.click(within(grid).getByRole('gridcell', { name: 'cache' }));
    await user.keyboard('{Control>}');
    await user.click(within(grid).getByRole('gridcell', { name: 'old.log' }));
    await user.keyboard('{/Control}{Delete}');

    const dialog = screen.getByRole('dialog', { name: 'Delete' });
    // 1,233 objects in the folder plus the selected file: counted before asking.
    expect(await within(dialog).findByText('Delete 1,234 objects (5.5 MB)? This cannot be undone.')).toBeTruthy();
    expect(api.callsTo('countObjects')).toEqual([[{ connectionId: 'work', bucket: 'b', keys: ['old.log'], prefixes: ['cache/'] }]]);
    expect(api.callsTo('deleteObjects')).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const progress = await within(dialog).findByRole('progressbar', { name: 'Deleting' });
    expect(progress.getAttribute('aria-valuemax')).toBe('1234');
    await waitFor(() => expect(Number(progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 10_000 });
    const [request] = api.callsTo('deleteObjects');
    expect(request![0]).toMatchObject({
      connectionId: 'work',
      bucket: 'b',
      keys: ['old.log'],
      prefixes: ['cache/'],
      operationId: expect.any(String),
    });
    await waitFor(() => expect(visibleNames()).toEqual(['keep.txt']));
    expect(await screen.findByText('Deleted 1,234 objects')).toBeTruthy();
  });

  it('cancels with Escape and returns focus to the list', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: objects } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('1 folder, 2 objects');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    await user.click(within(grid).getByRole('gridcell', { name: 'keep.txt' }));
    await user.keyboard('{Delete}');
    const dialog = screen.getByRole('dialog', { name: 'Delete' });
    expect(await within(dialog).findByText('Delete 1 object (1 byte)? This cannot be undone.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(grid);
    expect(api.callsTo('deleteObjects')).toEqual([]);
  });

  it('explains a failed delete in words', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: objects } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('1 folder, 2 objects');
    await user.click(within(screen.getByRole('grid', { name: 'Objects' })).getByRole('gridcell', { name: 'keep.txt' }));
    await user.keyboard('{Delete}');
    const dialog = screen.getByRole('dialog', { name: 'Delete' });
    await within(dialog).findByText(/This cannot be undone/);
    api.failNext('deleteObjects', { code: 'access-denied', message: 'Access denied: this key may not delete objects in “b”.' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Nothing was deleted: Access denied: this key may not delete objects in “b”.',
    );
  });
});
