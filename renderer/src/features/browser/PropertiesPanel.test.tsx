// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { browseTo, renderApp } from '../../test-support/render-app';

describe('PropertiesPanel', () => {
  it('shows a small size once, and a large one with its exact bytes', async () => {
    const objects = [
      { key: 'hello.txt', size: 6 },
      { key: 'video.mp4', size: 5_600_000 },
    ];
    const { user } = renderApp({ connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: objects } } });
    await browseTo(user, 'Work', 'b');
    const grid = screen.getByRole('grid', { name: 'Objects' });
    const panel = screen.getByRole('complementary', { name: 'Properties' });

    await user.click(within(grid).getByRole('gridcell', { name: 'hello.txt' }));
    await waitFor(() => expect(within(panel).getByRole('heading', { name: 'hello.txt' })).toBeTruthy());
    const size = () => within(panel).getByText('Size').nextElementSibling?.textContent;
    expect(size()).toBe('6 bytes');

    await user.click(within(grid).getByRole('gridcell', { name: 'video.mp4' }));
    await waitFor(() => expect(size()).toBe('5.6 MB (5,600,000 bytes)'));
  });
});
