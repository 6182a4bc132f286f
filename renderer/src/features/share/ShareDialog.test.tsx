// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp } from '../../test-support/render-app';

const files = [
  { key: 'report.pdf', size: 5_000 },
  { key: 'notes.txt', size: 10 },
];

async function openMenuOn(user: ReturnType<typeof renderApp>['user'], name: string): Promise<HTMLElement> {
  const row = await screen.findByRole('row', { name: new RegExp(name) });
  await user.pointer({ keys: '[MouseRight]', target: row });
  return screen.findByRole('menu', { name: 'Object actions' });
}

describe('sharing from the object list', () => {
  it('copies a presigned link per selected object, one per line, and says when they expire', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { docs: files } } });
    await browseTo(user, 'Work', 'docs');
    await user.click(await screen.findByRole('row', { name: /report\.pdf/ }));
    await user.keyboard('{Control>}');
    await user.click(screen.getByRole('row', { name: /notes\.txt/ }));
    await user.keyboard('{/Control}');
    const menu = await openMenuOn(user, 'notes.txt');
    expect(within(menu).queryByRole('menuitem', { name: 'Copy URL' })).toBeNull();
    await user.click(within(menu).getByRole('menuitem', { name: 'Copy presigned link' }));
    await waitFor(() => expect(api.clipboard).toHaveLength(1));
    const lines = api.clipboard[0]!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => new URL(line).pathname).sort()).toEqual(['/notes.txt', '/report.pdf']);
    expect(lines[0]).toContain('X-Amz-Expires=3600');
    expect(await screen.findByText(/^2 links copied — expires .* \(in 1 hour\)$/)).toBeTruthy();
  });

  it('offers "Copy public URL" only for a public object', async () => {
    const { user } = renderApp({
      connections: [{ id: 'work', name: 'Work' }],
      buckets: { work: { docs: files, 'public-site': [{ key: 'index.html', size: 5 }] } },
    });
    await browseTo(user, 'Work', 'docs');
    await user.click(await screen.findByRole('row', { name: /report\.pdf/ }));
    // The properties panel looks the object up; a private one has no public URL to offer.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copy presigned link' })).toBeTruthy());
    expect(within(await openMenuOn(user, 'report.pdf')).queryByRole('menuitem', { name: 'Copy public URL' })).toBeNull();
    await user.keyboard('{Escape}');

    await browseTo(user, 'Work', 'public-site');
    await user.click(await screen.findByRole('row', { name: /index\.html/ }));
    await screen.findByRole('button', { name: 'Copy public URL' });
    expect(within(await openMenuOn(user, 'index.html')).getByRole('menuitem', { name: 'Copy public URL' })).toBeTruthy();
  });

  it('Share… opens a dialog named after the key; a custom expiry past 7 days says what to use instead', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { docs: files } } });
    await browseTo(user, 'Work', 'docs');
    await user.click(await screen.findByRole('row', { name: /report\.pdf/ }));
    await user.click(within(await openMenuOn(user, 'report.pdf')).getByRole('menuitem', { name: 'Share…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Share report.pdf' });
    expect(await within(dialog).findByRole('textbox', { name: 'Download link' })).toBeTruthy();
    expect(within(dialog).getByRole('img', { name: 'QR code of the download link' })).toBeTruthy();

    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Expires after' }), 'Custom…');
    const amount = within(dialog).getByRole('spinbutton', { name: 'Custom expiry' });
    await user.clear(amount);
    await user.type(amount, '8');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Unit' }), 'days');
    expect(await within(dialog).findByText(/at most 7 days.*protected link.*public URL/)).toBeTruthy();
    expect(within(dialog).queryByRole('textbox', { name: 'Download link' })).toBeNull();

    await user.clear(amount);
    await user.type(amount, '2');
    await waitFor(() =>
      expect(within(dialog).getByRole<HTMLTextAreaElement>('textbox', { name: 'Download link' }).value).toContain('X-Amz-Expires=172800'),
    );
    expect(within(dialog).getByText(/^Expires .* UTC\) — in 2 days$|^Expires .* UTC\) — in 1 day 23 hours$/)).toBeTruthy();

    await user.click(within(dialog).getByRole('radio', { name: 'Upload link' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Locked Content-Type' }), 'application/pdf');
    await waitFor(() => expect(api.callsTo('presignLinks').at(-1)?.[0]).toMatchObject({ method: 'PUT', contentType: 'application/pdf' }));
    expect(await within(dialog).findByRole('textbox', { name: 'curl command' })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(await within(dialog).findByRole('button', { name: 'Copied' })).toBeTruthy();
  });
});

describe('protected links and the inspector', () => {
  it('creates a protected link with a password from Share…, then revokes it', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { docs: files } } });
    await browseTo(user, 'Work', 'docs');
    await user.click(await screen.findByRole('row', { name: /report\.pdf/ }));
    await user.click(within(await openMenuOn(user, 'report.pdf')).getByRole('menuitem', { name: 'Share…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Share report.pdf' });
    await user.click(within(dialog).getByRole('radio', { name: 'Protected link' }));
    await user.type(within(dialog).getByLabelText('Password (optional)'), 'pw');
    await user.click(within(dialog).getByRole('button', { name: 'Create protected link' }));
    expect(await within(dialog).findByRole('textbox', { name: 'Protected link' })).toBeTruthy();
    expect(api.callsTo('createProtectedLink')[0]?.[0]).toMatchObject({ key: 'report.pdf', password: 'pw', expiresIn: 604_800 });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await within(dialog).findByText('Revoked: the link no longer works.')).toBeTruthy();
  });

  it('decodes a pasted link in Shared links → Inspect a link', async () => {
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }] });
    await user.click(await screen.findByRole('button', { name: 'Shared links' }));
    const dialog = await screen.findByRole('dialog', { name: 'Shared links' });
    await user.click(within(dialog).getByRole('tab', { name: 'Inspect a link' }));
    await user.click(within(dialog).getByRole('textbox', { name: 'Presigned link' }));
    await user.paste('https://docs.s3.amazonaws.com/report.pdf?X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request');
    expect(await within(dialog).findByText('AKIA…MPLE')).toBeTruthy();
    expect(within(dialog).getByText(/expired 5 minutes ago/)).toBeTruthy();
  });
});
