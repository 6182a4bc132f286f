// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test-support/render-app';

describe('ImportAwsDialog', () => {
  it('imports key profiles and explains SSO ones', async () => {
    const { api, user } = renderApp({
      awsProfiles: [
        { name: 'default', kind: 'static', accessKeyId: 'AKIADEFAULT', region: 'eu-west-1' },
        { name: 'corp', kind: 'sso', hint: 'run aws sso login --profile corp' },
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Import from AWS' }));
    const dialog = screen.getByRole('dialog', { name: 'Import from AWS profiles' });
    const list = await within(dialog).findByRole('list', { name: 'AWS profiles' });
    expect(within(list).getByText('run aws sso login --profile corp')).toBeTruthy();
    expect(within(list).queryByRole('button', { name: 'Import corp' })).toBeNull();

    await user.click(within(list).getByRole('button', { name: 'Import default' }));
    await waitFor(() => expect(within(list).getByRole('button', { name: 'Imported default' })).toBeTruthy());
    expect(api.callsTo('importAwsProfile')).toEqual([['default']]);
    expect(await within(screen.getByRole('tree', { name: 'Connections' })).findByRole('treeitem', { name: 'AWS default' })).toBeTruthy();
  });
});
