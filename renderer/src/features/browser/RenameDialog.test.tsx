// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp, visibleNames } from '../../test-support/render-app';

describe('RenameDialog', () => {
  it('is prefilled with the name, selects the part before the extension, and moves the object', async () => {
    const { api, user } = renderApp({
      connections: [{ id: 'work', name: 'Work' }],
      buckets: { work: { b: [{ key: 'docs/report.final.pdf', size: 5 }] } },
    });
    await browseTo(user, 'Work', 'b', 'docs');
    await screen.findByText('1 object');
    await user.click(within(screen.getByRole('grid', { name: 'Objects' })).getByRole('gridcell', { name: 'report.final.pdf' }));
    await user.keyboard('{F2}');

    const dialog = screen.getByRole('dialog', { name: 'Rename' });
    const input = within(dialog).getByRole('textbox', { name: 'New name' }) as HTMLInputElement;
    expect(input.value).toBe('report.final.pdf');
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'report.final'.length]);

    await user.keyboard('summary');
    expect(input.value).toBe('summary.pdf');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('moveObjects')[0]![0]).toMatchObject({
      connectionId: 'work',
      bucket: 'b',
      from: 'docs/report.final.pdf',
      to: 'docs/summary.pdf',
    });
    await waitFor(() => expect(visibleNames()).toEqual(['summary.pdf']));
  });

  it('refuses a name with a slash, in words', async () => {
    const { api, user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: [{ key: 'a.txt', size: 5 }] } } });
    await browseTo(user, 'Work', 'b');
    await screen.findByText('1 object');
    await user.click(within(screen.getByRole('grid', { name: 'Objects' })).getByRole('gridcell', { name: 'a.txt' }));
    await user.keyboard('{F2}');
    const dialog = screen.getByRole('dialog', { name: 'Rename' });
    const input = within(dialog).getByRole('textbox', { name: 'New name' });
    await user.clear(input);
    await user.type(input, 'x/y.txt');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(within(dialog).getByText(/cannot contain “\/”/)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('moveObjects')).toEqual([]);
  });
});
