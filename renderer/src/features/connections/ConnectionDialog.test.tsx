// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const WRONG_SECRET = 'The access key ID is known, but the secret access key does not match it. Copy the secret again from your provider.';

describe('ConnectionDialog', () => {
  it('derives the R2 endpoint from the account ID, tests, and saves', async () => {
    const { api, user } = renderApp({ testResult: { ok: false, code: 'wrong-secret', message: WRONG_SECRET } });
    await user.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    // The provider comes first and opens on an S3-compatible endpoint (MinIO, a local server).
    const provider = within(dialog).getByRole('combobox', { name: 'Provider' }) as HTMLSelectElement;
    expect(document.activeElement).toBe(provider);
    expect(provider.selectedOptions[0]!.textContent).toBe('Custom S3-compatible');
    expect(within(dialog).getByRole('textbox', { name: 'Endpoint' })).toBeTruthy();

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Cloudflare');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Provider' }), 'Cloudflare R2');
    expect(within(dialog).queryByRole('textbox', { name: 'Region' })).toBeNull();
    await user.type(within(dialog).getByRole('textbox', { name: 'Account ID' }), ACCOUNT);
    expect(within(dialog).getByText(`https://${ACCOUNT}.r2.cloudflarestorage.com`)).toBeTruthy();
    await user.type(within(dialog).getByRole('textbox', { name: 'Access key ID' }), 'R2KEY');
    await user.type(within(dialog).getByLabelText('Secret access key'), 'wrong');

    await user.click(within(dialog).getByRole('button', { name: 'Test' }));
    const result = within(dialog).getByRole('status');
    await waitFor(() => expect(result.textContent).toBe(WRONG_SECRET));
    expect(api.callsTo('testConnection')[0]![0]).toMatchObject({
      provider: 'r2',
      accountId: ACCOUNT,
      region: 'auto',
      endpoint: `https://${ACCOUNT}.r2.cloudflarestorage.com`,
      accessKeyId: 'R2KEY',
      secretAccessKey: 'wrong',
    });

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('addConnection')[0]![0]).toMatchObject({ name: 'Cloudflare', provider: 'r2' });
    expect(await within(screen.getByRole('tree', { name: 'Connections' })).findByRole('treeitem', { name: 'Cloudflare' })).toBeTruthy();
  });

  it('shows the fields of each preset', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    const provider = within(dialog).getByRole('combobox', { name: 'Provider' });

    await user.selectOptions(provider, 'Backblaze B2');
    await user.type(within(dialog).getByRole('textbox', { name: 'Region' }), 'us-west-004');
    expect(within(dialog).getByText('https://s3.us-west-004.backblazeb2.com')).toBeTruthy();

    await user.selectOptions(provider, 'DigitalOcean Spaces');
    expect(within(dialog).getByText('https://us-west-004.digitaloceanspaces.com')).toBeTruthy();

    await user.selectOptions(provider, 'MinIO');
    expect(within(dialog).getByRole('textbox', { name: 'Endpoint' })).toBeTruthy();
    expect((within(dialog).getByRole('checkbox', { name: 'Path-style requests' }) as HTMLInputElement).checked).toBe(true);
  });

  it('says what is missing instead of saving', async () => {
    const { api, user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Add connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Enter a name for this connection.')).toBeTruthy();
    expect(within(dialog).getByText('Enter the secret access key.')).toBeTruthy();
    expect(within(dialog).getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('addConnection')).toEqual([]);
  });

  it('edits a connection, keeping the stored secret when the field stays empty', async () => {
    const { api, user } = renderApp({
      connections: [
        { id: 'work', name: 'Work', provider: 'wasabi', region: 'eu-central-1', endpoint: 'https://s3.eu-central-1.wasabisys.com' },
      ],
      buckets: { work: {} },
    });
    const tree = await screen.findByRole('tree', { name: 'Connections' });
    await user.pointer({ keys: '[MouseRight]', target: await within(tree).findByRole('treeitem', { name: 'Work' }) });
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Edit connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit connection' });
    expect((within(dialog).getByRole('textbox', { name: 'Region' }) as HTMLInputElement).value).toBe('eu-central-1');
    expect(within(dialog).getByText(/Leave empty to keep the saved secret/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const [id, input] = api.callsTo('updateConnection')[0]!;
    expect(id).toBe('work');
    expect(input).not.toHaveProperty('secretAccessKey');
  });

  it('traps focus and cancels with Escape', async () => {
    const { user } = renderApp();
    const add = await screen.findByRole('button', { name: 'Add connection' });
    await user.click(add);
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    for (let i = 0; i < 12; i++) await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(add);
  });
});
