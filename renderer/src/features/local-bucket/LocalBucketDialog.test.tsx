// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

describe('LocalBucketDialog', () => {
  it('shows how to reach the local bucket and copies ready-made snippets', async () => {
    const { api, user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Local bucket settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Local bucket' });
    expect(await within(dialog).findByText('Status: Running')).toBeTruthy();
    expect((within(dialog).getByRole('textbox', { name: 'Endpoint' }) as HTMLInputElement).value).toBe('http://127.0.0.1:9555');
    expect((within(dialog).getByRole('textbox', { name: 'Access key ID' }) as HTMLInputElement).value).toBe('PAILLOCALKEY');

    // The secret is not in the status: it is fetched only when its owner asks to see or copy it.
    const secret = within(dialog).getByLabelText('Secret access key') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(api.callsTo('revealLocalBucketSecret')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(secret.value).toBe('local/secret+key'));
    expect(secret.type).toBe('text');
    expect(api.callsTo('revealLocalBucketSecret')).toHaveLength(1);
    // Once shown, the button offers the opposite.
    const hide = within(dialog).getByRole('button', { name: 'Hide' });
    expect(hide.getAttribute('aria-pressed')).toBe('true');
    await user.click(hide);
    expect(secret.type).toBe('password');
    expect(within(dialog).getByRole('button', { name: 'Show' }).getAttribute('aria-pressed')).toBe('false');

    await user.click(within(dialog).getByRole('button', { name: 'Copy as aws CLI' }));
    await waitFor(() => expect(api.clipboard).toHaveLength(1));
    expect(api.clipboard[0]).toBe(
      'export AWS_ACCESS_KEY_ID=PAILLOCALKEY AWS_SECRET_ACCESS_KEY=local/secret+key AWS_DEFAULT_REGION=us-east-1\naws --endpoint-url http://127.0.0.1:9555 s3 ls',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Copy as environment variables' }));
    await waitFor(() => expect(api.clipboard[1]).toContain('export AWS_ENDPOINT_URL=http://127.0.0.1:9555'));
  });

  it('stops, follows live status, and applies a new port', async () => {
    const { api, user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Local bucket settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Local bucket' });
    await user.click(await within(dialog).findByRole('button', { name: 'Stop' }));
    expect(await within(dialog).findByText('Status: Stopped')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Start' })).toBeTruthy();

    act(() =>
      api.emit('didChangeLocalBucket', {
        state: 'error',
        port: 9555,
        dataDir: '/d',
        accessKeyId: 'K',
        error: 'Port 9555 is in use.',
      }),
    );
    expect(await within(dialog).findByText('Status: Failed — Port 9555 is in use.')).toBeTruthy();

    const port = within(dialog).getByRole('spinbutton', { name: 'Port' });
    await user.clear(port);
    await user.type(port, '9600');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(api.callsTo('configureLocalBucket')).toEqual([[{ port: 9600 }]]));
  });
});
