// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp } from '../../test-support/render-app';

const seed = {
  connections: [{ id: 'work', name: 'Work' }],
  buckets: {
    work: {
      b: [
        { key: 'photos/old.jpg', size: 5 },
        { key: 'notes.txt', size: 3 },
      ],
    },
  },
};

describe('dragging an object out of the window', () => {
  it('in Electron: object rows (not folders) drag out through main, which says when the copy is still being made', async () => {
    const { api, user } = renderApp(seed);
    await browseTo(user, 'Work', 'b');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    const file = await within(grid).findByRole('row', { name: /notes\.txt/ });
    const folder = within(grid).getByRole('row', { name: /photos/ });
    expect(file.getAttribute('draggable')).toBe('true');
    expect(folder.getAttribute('draggable')).toBe('false');

    fireEvent.dragStart(file);
    await waitFor(() => expect(api.callsTo('dragObjectOut')).toEqual([['work', 'b', 'notes.txt']]));
    expect(await screen.findByText(/Getting notes\.txt ready to drag out/)).toBeTruthy();
  });

  it('in browser mode: rows are not draggable out', async () => {
    const { api, user } = renderApp({ ...seed, appInfo: { transport: 'browser' } });
    await browseTo(user, 'Work', 'b');
    const file = await within(screen.getByRole('grid', { name: 'Objects' })).findByRole('row', { name: /notes\.txt/ });
    expect(file.getAttribute('draggable')).toBe('false');
    fireEvent.dragStart(file);
    expect(api.callsTo('dragObjectOut')).toEqual([]);
  });
});
