// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { manyObjects } from '../../test-support/fake-api';
import { browseTo, renderApp, visibleNames } from '../../test-support/render-app';

const files = [
  { key: 'report-2024.pdf', size: 5_000, lastModified: '2024-02-01T00:00:00.000Z', storageClass: 'STANDARD' },
  { key: 'zeta.bin', size: 9_000_000, lastModified: '2023-01-01T00:00:00.000Z', storageClass: 'GLACIER' },
  { key: 'Annual Report.docx', size: 120_000, lastModified: '2024-05-01T00:00:00.000Z', storageClass: 'STANDARD' },
  { key: 'alpha.txt', size: 10, lastModified: '2022-01-01T00:00:00.000Z', storageClass: 'STANDARD' },
  { key: 'photos/cat.jpg', size: 2_000 },
  { key: 'photos/dog.jpg', size: 3_000 },
  { key: 'backups/db.sql', size: 1 },
];

function grid(): HTMLElement {
  return screen.getByRole('grid', { name: 'Objects' });
}

function statusText(): string {
  return screen
    .getAllByRole('status')
    .map((s) => s.textContent ?? '')
    .join(' | ');
}

describe('ObjectGrid', () => {
  it('renders only a window of rows for 10,000 objects and shows the count', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { big: manyObjects(10_000) } } });
    await browseTo(user, 'Work', 'big');
    expect(await screen.findByText('10,000 objects', {}, { timeout: 10_000 })).toBeTruthy();
    const rows = within(grid()).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(grid().getAttribute('aria-rowcount')).toBe('10001');
  });

  it('shows a running count while pages arrive, with Cancel', async () => {
    const { api, user } = renderApp({
      connections: [{ id: 'work', name: 'Work' }],
      buckets: { work: { big: manyObjects(10_000) } },
      holdListings: true,
    });
    await browseTo(user, 'Work', 'big');
    await api.releasePages(3);
    expect(await screen.findByText('Loading… 3,000 objects')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(api.callsTo('cancelListing')).toHaveLength(1));
    expect(await screen.findByText('3,000 objects (listing cancelled)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('sorts by a column header, toggling aria-sort, with folders always first', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    expect(visibleNames()).toEqual(['backups', 'photos', 'alpha.txt', 'Annual Report.docx', 'report-2024.pdf', 'zeta.bin']);

    const size = within(grid()).getByRole('columnheader', { name: 'Size' });
    expect(size.getAttribute('aria-sort')).toBe('none');
    await user.click(size);
    expect(size.getAttribute('aria-sort')).toBe('ascending');
    expect(within(grid()).getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('none');
    expect(visibleNames()).toEqual(['backups', 'photos', 'alpha.txt', 'report-2024.pdf', 'Annual Report.docx', 'zeta.bin']);

    await user.click(size);
    expect(size.getAttribute('aria-sort')).toBe('descending');
    expect(visibleNames()).toEqual(['photos', 'backups', 'zeta.bin', 'Annual Report.docx', 'report-2024.pdf', 'alpha.txt']);
  });

  it('filters as you type and says N of M', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), 'REPORT');
    expect(visibleNames()).toEqual(['Annual Report.docx', 'report-2024.pdf']);
    expect(statusText()).toContain('2 of 6 items');
    await user.keyboard('{Escape}');
    expect(visibleNames()).toHaveLength(6);
  });

  it('drops rows the filter hides from the selection: the status bar and Delete follow what is visible', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    await user.click(within(grid()).getByRole('gridcell', { name: 'alpha.txt' }));
    expect(screen.getByText(/^1 item selected/)).toBeTruthy();
    const del = screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement;
    expect(del.disabled).toBe(false);
    await user.type(screen.getByRole('searchbox', { name: 'Filter' }), 'report');
    expect(visibleNames()).toEqual(['Annual Report.docx', 'report-2024.pdf']);
    expect(screen.queryByText(/selected/)).toBeNull();
    expect(del.disabled).toBe(true);
  });

  it('opens a folder with Enter and goes back up with Backspace', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    grid().focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const photosRow = within(grid()).getAllByRole('row')[2]!;
    expect(photosRow.getAttribute('aria-selected')).toBe('true');
    expect(grid().getAttribute('aria-activedescendant')).toBe(photosRow.id);

    await user.keyboard('{Enter}');
    await screen.findByText('2 objects');
    expect(visibleNames()).toEqual(['cat.jpg', 'dog.jpg']);
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumbs' });
    expect(within(crumbs).getByText('photos').getAttribute('aria-current')).toBe('page');

    await user.keyboard('{Backspace}');
    await screen.findByText('2 folders, 4 objects');
    // The folder we came from is selected again.
    const row = within(grid()).getByRole('gridcell', { name: 'photos' }).closest('[role="row"]')!;
    expect(row.getAttribute('aria-selected')).toBe('true');
  });

  it('selects ranges with Shift and single rows with Ctrl', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    const cell = (name: string) => within(grid()).getByRole('gridcell', { name });
    await user.click(cell('alpha.txt'));
    await user.keyboard('{Shift>}');
    await user.click(cell('report-2024.pdf'));
    await user.keyboard('{/Shift}');
    expect(screen.getByText('3 items selected, 125 KB')).toBeTruthy();
    await user.keyboard('{Control>}');
    await user.click(cell('Annual Report.docx'));
    await user.keyboard('{/Control}');
    expect(screen.getByText('2 items selected, 5 KB')).toBeTruthy();
  });

  it('opens the context menu from the keyboard, moves with arrows, and closes with Escape', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    grid().focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Shift>}{F10}{/Shift}');
    const menu = screen.getByRole('menu', { name: 'Object actions' });
    const items = within(menu).getAllByRole('menuitem');
    const names = ['Open', 'Rename', 'Delete', 'Properties', 'Copy S3 URI', 'Copy presigned link', 'Share…', 'Download', 'Download to…'];
    for (const name of [...names, 'Upload files…', 'Upload folder…', 'New folder']) {
      expect(within(menu).getByRole('menuitem', { name })).toBeTruthy();
    }
    expect(items).toHaveLength(12);
    expect(within(menu).getByRole('menuitem', { name: 'Rename' }).getAttribute('aria-keyshortcuts')).toBe('F2');
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Open' }));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Rename' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(grid());

    await user.keyboard('{ContextMenu}');
    expect(screen.getByRole('menu', { name: 'Object actions' })).toBeTruthy();
  });

  it('moves to a row by typing the start of its name, and to a menu item by its first letter', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    grid().focus();
    const selected = () =>
      within(grid())
        .getAllByRole('row')
        .filter((row) => row.getAttribute('aria-selected') === 'true')
        .map((row) => row.textContent ?? '');
    // Letters typed in quick succession build one search text: "an" finds Annual Report.docx, where
    // "a" alone would stop at alpha.txt.
    await user.keyboard('an');
    expect(selected()).toEqual([expect.stringContaining('Annual Report.docx')]);

    await user.keyboard('{ContextMenu}');
    const menu = screen.getByRole('menu', { name: 'Object actions' });
    await user.keyboard('d');
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Delete' }));
  });

  it('copies the S3 URI of the selection from the context menu', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: files } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('2 folders, 4 objects');
    await user.pointer({ keys: '[MouseRight]', target: within(grid()).getByRole('gridcell', { name: 'zeta.bin' }) });
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Copy S3 URI' }));
    expect(api.clipboard).toEqual(['s3://b/zeta.bin']);
    expect(await screen.findByText('Copied S3 URI to the clipboard')).toBeTruthy();
  });
});
