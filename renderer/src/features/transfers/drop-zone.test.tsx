// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createUploadStreamer } from '../../api/upload-streams';
import { browseTo, renderApp } from '../../test-support/render-app';
import { setUploadStreamer } from './streams';

afterEach(() => setUploadStreamer(null));

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

/** A drag from the desktop as the page sees it: 'Files' among its types, the files themselves, no entries (a fallback drop). */
function desktopDrag(files: File[]): DataTransfer {
  return {
    types: ['Files'],
    files,
    items: files.map(() => ({ kind: 'file', webkitGetAsEntry: () => null })),
    dropEffect: 'none',
  } as unknown as DataTransfer;
}

function quietStreamer(): void {
  setUploadStreamer(createUploadStreamer({ fetch: (() => new Promise<Response>(() => {})) as typeof fetch }));
}

describe('dropping files from the desktop', () => {
  it('highlights the folder under the drag, says where the files go, and uploads there on drop', async () => {
    const { api, user } = renderApp(seed);
    quietStreamer();
    await browseTo(user, 'Work', 'b');
    const tree = screen.getByRole('tree', { name: 'Connections' });
    const photos = await within(tree).findByRole('treeitem', { name: 'photos' });
    const files = [new File(['abc'], 'a.jpg', { type: 'image/jpeg' })];

    const drag = desktopDrag(files);
    fireEvent.dragEnter(photos, { dataTransfer: drag });
    fireEvent.dragOver(photos, { dataTransfer: drag });
    expect(screen.getByText('Upload to s3://b/photos/')).toBeTruthy();
    expect(photos.classList.contains('drop-target')).toBe(true);
    expect(drag.dropEffect).toBe('copy');

    fireEvent.drop(photos, { dataTransfer: drag });
    await waitFor(() => expect(api.callsTo('enqueueUploads')).toHaveLength(1));
    expect(api.callsTo('enqueueUploads')[0]![0]).toMatchObject({
      bucket: 'b',
      prefix: 'photos/',
      files: [{ relativePath: 'a.jpg', size: 3, type: 'image/jpeg' }],
    });
    expect(screen.queryByText('Upload to s3://b/photos/')).toBeNull();
    expect(photos.classList.contains('drop-target')).toBe(false);
    expect(await screen.findByRole('region', { name: 'Transfers' })).toBeTruthy();
  });

  it('drops onto a folder row of the list, the list itself, and a breadcrumb, each to its own place', async () => {
    const { api, user } = renderApp(seed);
    quietStreamer();
    await browseTo(user, 'Work', 'b');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    const folderRow = await within(grid).findByRole('row', { name: /photos/ });
    const fileRow = within(grid).getByRole('row', { name: /notes\.txt/ });

    fireEvent.dragOver(within(folderRow).getAllByRole('gridcell')[0]!, { dataTransfer: desktopDrag([]) });
    expect(screen.getByText('Upload to s3://b/photos/')).toBeTruthy();
    expect(folderRow.classList.contains('drop-target')).toBe(true);
    fireEvent.dragOver(fileRow, { dataTransfer: desktopDrag([]) });
    expect(screen.getByText('Upload to s3://b/')).toBeTruthy();
    expect(grid.classList.contains('drop-target')).toBe(true);
    fireEvent.drop(fileRow, { dataTransfer: desktopDrag([new File(['x'], 'here.txt')]) });
    await waitFor(() => expect(api.callsTo('enqueueUploads')).toHaveLength(1));
    expect(api.callsTo('enqueueUploads')[0]![0]).toMatchObject({ prefix: '', files: [{ relativePath: 'here.txt' }] });

    await user.click(within(grid).getByRole('row', { name: /photos/ }));
    await user.dblClick(within(grid).getByRole('row', { name: /photos/ }));
    const crumbs = await screen.findByRole('navigation', { name: 'Breadcrumbs' });
    fireEvent.drop(within(crumbs).getByRole('button', { name: 'b' }), { dataTransfer: desktopDrag([new File(['y'], 'up.txt')]) });
    await waitFor(() => expect(api.callsTo('enqueueUploads')).toHaveLength(2));
    expect(api.callsTo('enqueueUploads')[1]![0]).toMatchObject({ bucket: 'b', prefix: '', files: [{ relativePath: 'up.txt' }] });
  });

  it('refuses a drop on a connection, which holds buckets, not files', async () => {
    const { api, user } = renderApp(seed);
    await browseTo(user, 'Work', 'b');
    const work = screen.getByRole('treeitem', { name: 'Work' });
    const drag = desktopDrag([new File(['x'], 'x.txt')]);
    fireEvent.dragOver(work, { dataTransfer: drag });
    expect(drag.dropEffect).toBe('none');
    expect(screen.queryByText(/^Upload to/)).toBeNull();
    fireEvent.drop(work, { dataTransfer: drag });
    expect(api.callsTo('enqueueUploads')).toHaveLength(0);
  });
});

describe('downloading and opening', () => {
  it('downloads selected objects and folders to the Downloads folder, or to a typed folder', async () => {
    const { api, user } = renderApp(seed);
    await browseTo(user, 'Work', 'b');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    await user.pointer({ keys: '[MouseRight]', target: await within(grid).findByRole('row', { name: /photos/ }) });
    await user.click(within(screen.getByRole('menu', { name: 'Object actions' })).getByRole('menuitem', { name: 'Download' }));
    await waitFor(() => expect(api.callsTo('enqueueDownloads')).toHaveLength(1));
    expect(api.callsTo('enqueueDownloads')[0]![0]).toEqual({
      connectionId: 'work',
      bucket: 'b',
      keys: [],
      prefixes: ['photos/'],
      destination: '/home/me/Downloads',
    });

    await user.pointer({ keys: '[MouseRight]', target: within(grid).getByRole('row', { name: /notes\.txt/ }) });
    await user.click(within(screen.getByRole('menu', { name: 'Object actions' })).getByRole('menuitem', { name: 'Download to…' }));
    const dialog = screen.getByRole('dialog', { name: 'Download to' });
    const field = within(dialog).getByRole('textbox', { name: 'Folder on this computer' });
    await waitFor(() => expect((field as HTMLInputElement).value).toBe('/home/me/Downloads'));
    await user.clear(field);
    await user.type(field, '/data/backup');
    await user.click(within(dialog).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(api.callsTo('enqueueDownloads')).toHaveLength(2));
    expect(api.callsTo('enqueueDownloads')[1]![0]).toMatchObject({ keys: ['notes.txt'], prefixes: [], destination: '/data/backup' });
    expect(screen.queryByRole('dialog', { name: 'Download to' })).toBeNull();
  });

  it('previews an image in the app on Enter, and opens what it cannot show with the system (Electron)', async () => {
    const { api, user } = renderApp({
      ...seed,
      buckets: {
        work: {
          b: [
            { key: 'pic.png', size: 5 },
            { key: 'tool.bin', size: 3 },
          ],
        },
      },
    });
    await browseTo(user, 'Work', 'b');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    await user.click(await within(grid).findByRole('row', { name: /pic\.png/ }));
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'pic.png' });
    expect(within(dialog).getByRole('img', { name: 'pic.png' }).getAttribute('src')).toMatch(/^\/api\/stream\/download\//);
    expect(api.callsTo('createObjectStream')[0]).toEqual(['work', 'b', 'pic.png', 'inline']);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    await user.dblClick(within(grid).getByRole('row', { name: /tool\.bin/ }));
    await waitFor(() => expect(api.callsTo('openObjectExternally')).toEqual([['work', 'b', 'tool.bin']]));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('unfinished uploads', () => {
  it('lists a bucket’s unfinished uploads and aborts the selected ones after confirming', async () => {
    const uploads = [
      { key: 'big.iso', uploadId: 'u1', initiated: '2026-01-02T03:04:05.000Z', parts: 3, bytes: 15_000_000, tracked: false },
      { key: 'video.mp4', uploadId: 'u2', initiated: '2026-01-03T03:04:05.000Z', parts: 1, bytes: 5_000_000, tracked: true },
    ];
    const { api, user } = renderApp({ ...seed, unfinishedUploads: { b: uploads } });
    await browseTo(user, 'Work');
    const bucket = await screen.findByRole('treeitem', { name: 'b' });
    await user.pointer({ keys: '[MouseRight]', target: bucket });
    await user.click(within(screen.getByRole('menu', { name: 'b actions' })).getByRole('menuitem', { name: 'Unfinished uploads…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unfinished uploads in b' });
    const table = await within(dialog).findByRole('table', { name: 'Unfinished uploads' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('row', { name: /big\.iso/ }).textContent).toContain('15 MB');

    await user.click(within(table).getByRole('checkbox', { name: 'Select big.iso' }));
    await user.click(within(dialog).getByRole('button', { name: 'Abort selected' }));
    const confirm = screen.getByRole('dialog', { name: 'Abort unfinished uploads' });
    expect(confirm.textContent).toContain('Abort 1 unfinished upload in b? Their 15 MB of uploaded parts are deleted');
    await user.click(within(confirm).getByRole('button', { name: 'Abort 1 upload' }));
    await waitFor(() => expect(api.callsTo('abortUnfinishedUploads')).toEqual([['work', 'b', [{ key: 'big.iso', uploadId: 'u1' }]]]));
    const after = await screen.findByRole('dialog', { name: 'Unfinished uploads in b' });
    await waitFor(() => expect(within(after).getAllByRole('row')).toHaveLength(2));
    expect(within(after).queryByRole('row', { name: /big\.iso/ })).toBeNull();
  });
});
