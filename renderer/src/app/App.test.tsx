// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp } from '../test-support/render-app';

describe('App', () => {
  it('warns when secrets are kept for this session only, and why', async () => {
    const { user } = renderApp({ appInfo: { secretStorage: 'session' } });
    const banner = await screen.findByText(/Secrets will not be remembered after Pail quits/);
    expect(banner.closest('[role="status"]')!.textContent).toMatch(/No keychain is available/);
    await user.click(screen.getByRole('button', { name: 'Dismiss notice' }));
    expect(screen.queryByText(/Secrets will not be remembered/)).toBeNull();
  });

  it('shows no session warning when a keychain is used', async () => {
    renderApp();
    await screen.findByRole('tree', { name: 'Connections' });
    expect(screen.queryByText(/Secrets will not be remembered/)).toBeNull();
  });

  it('shows a failed call as a dismissible alert', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: [] } } });
    api.failNext('listBuckets', { code: 'unreachable', message: 'Cannot reach s3.example.com: the connection timed out.' });
    await browseTo(user, 'Work');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach s3.example.com: the connection timed out.');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('applies the theme chosen in Settings', async () => {
    const { api, user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Theme' }), 'Dark');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(api.callsTo('updateSettings')).toEqual([[{ theme: 'dark' }]]);
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Theme' }), 'System');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined());
  });

  it('creates a folder from the toolbar and shows it selected', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: [{ key: 'a.txt', size: 1 }] } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('1 object');
    await user.click(screen.getByRole('button', { name: 'New folder' }));
    const dialog = screen.getByRole('dialog', { name: 'New folder' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Folder name' }), 'reports{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('createFolder')).toEqual([['work', 'b', 'reports/']]);
    const cell = await within(screen.getByRole('grid', { name: 'Objects' })).findByRole('gridcell', { name: 'reports' });
    expect(cell.closest('[role="row"]')!.getAttribute('aria-selected')).toBe('true');
  });
});
