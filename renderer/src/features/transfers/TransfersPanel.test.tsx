// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createUploadStreamer } from '../../api/upload-streams';
import { useStore } from '../../store/store';
import { browseTo, renderApp } from '../../test-support/render-app';
import { setUploadStreamer } from './streams';

/** Browser mode's PUTs, recorded; each stays open (as a long upload does) unless answered. */
interface Put {
  url: string;
  offset: string | undefined;
  answer(body: unknown): void;
}

function recordPuts(): Put[] {
  const puts: Put[] = [];
  setUploadStreamer(
    createUploadStreamer({
      rows: () => useStore.getState().transfers,
      fetch: ((url: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((resolve) => {
          const offset = (init?.headers as Record<string, string>)['x-pail-offset'];
          puts.push({ url: String(url), offset, answer: (body) => resolve(new Response(JSON.stringify(body))) });
        })) as typeof fetch,
    }),
  );
  return puts;
}

afterEach(() => setUploadStreamer(null));

const seed = { connections: [{ id: 'work', name: 'Work' }], buckets: { work: { b: [{ key: 'photos/old.jpg', size: 5 }] } } };
const panel = () => screen.getByRole('region', { name: 'Transfers' });
const queueList = () => within(panel()).getByRole('list', { name: 'Transfer queue' });
const row = (name: string) => within(queueList()).getByRole('listitem', { name });

async function uploadTwo() {
  const app = renderApp(seed);
  const puts = recordPuts();
  await browseTo(app.user, 'Work', 'b', 'photos');
  await app.user.click(screen.getByRole('button', { name: 'Upload files…' }));
  await app.user.upload(screen.getByLabelText('Files to upload'), [new File(['a'.repeat(100)], 'a.txt'), new File(['b'], 'b.txt')]);
  await waitFor(() => expect(app.api.callsTo('enqueueUploads')).toHaveLength(1));
  const [t1, t2] = app.api.queue.all();
  return { ...app, puts, t1: t1!, t2: t2! };
}

describe('the transfer queue panel', () => {
  it('queues chosen files under the folder shown, streams each, and shows one batch that opens to its files', async () => {
    const { api, user, puts, t1, t2 } = await uploadTwo();
    expect(api.callsTo('enqueueUploads')[0]![0]).toMatchObject({
      connectionId: 'work',
      bucket: 'b',
      prefix: 'photos/',
      files: [
        { relativePath: 'a.txt', size: 100 },
        { relativePath: 'b.txt', size: 1 },
      ],
    });
    expect(puts.map(({ url, offset }) => ({ url, offset }))).toEqual([
      { url: `/api/stream/upload/${t1.id}`, offset: '0' },
      { url: `/api/stream/upload/${t2.id}`, offset: '0' },
    ]);
    const batch = row('a.txt and 1 more');
    expect(within(queueList()).getAllByRole('listitem')).toHaveLength(1);
    await user.click(within(batch).getByRole('button', { name: 'Show the files of a.txt and 1 more' }));
    expect(within(queueList()).getAllByRole('listitem')).toHaveLength(3);

    act(() => api.queue.update(t1.id, { state: 'running', transferred: 40, bytesPerSecond: 2000, etaSeconds: 30 }));
    expect(row('a.txt').textContent).toContain('Uploading · 2 KB/s, 30 s left');
    expect(within(row('a.txt')).getByRole('progressbar', { name: 'a.txt progress' }).getAttribute('aria-valuenow')).toBe('40');
    expect(within(row('a.txt')).getByText('40 bytes of 100 bytes')).toBeTruthy();

    act(() => api.queue.update(t1.id, { state: 'done', transferred: 100 }));
    act(() => api.queue.update(t2.id, { state: 'done', transferred: 1 }));
    expect(within(row('a.txt')).getByText('Done')).toBeTruthy();
    expect(within(panel()).getByRole('status').textContent).toContain('2 of 2 files done');
    await user.click(within(panel()).getByRole('button', { name: 'Clear finished' }));
    await waitFor(() => expect(within(queueList()).queryAllByRole('listitem')).toHaveLength(0));
  });

  it('pauses all, resumes one, says why one failed, and retries it by streaming the file again from its offset', async () => {
    const { api, user, puts, t1, t2 } = await uploadTwo();
    await user.click(within(panel()).getByRole('button', { name: 'Pause all' }));
    expect(api.callsTo('pauseTransfers')).toEqual([[{ all: true }]]);
    await user.click(within(row('a.txt and 1 more')).getByRole('button', { name: /Show the files/ }));
    await waitFor(() => expect(within(row('b.txt')).getByText('Paused')).toBeTruthy());
    await user.click(within(row('b.txt')).getByRole('button', { name: 'Resume b.txt' }));
    expect(api.callsTo('resumeTransfers')).toEqual([[{ ids: [t2.id] }]]);

    const error = { code: 'not-found' as const, message: 'The bucket “b” does not exist.' };
    act(() => api.queue.update(t1.id, { state: 'failed', transferred: 50, error }));
    // The server answers the failed transfer's PUT with the error.
    await act(async () => puts[0]!.answer({ ok: false, error }));
    expect(within(row('a.txt')).getByText(/The bucket “b” does not exist\./)).toBeTruthy();
    expect(within(row('a.txt and 1 more')).getByText(/1 failed/)).toBeTruthy();
    const before = puts.length;
    await user.click(within(panel()).getByRole('button', { name: 'Retry failed' }));
    expect(api.callsTo('retryTransfers')).toEqual([[{ ids: [t1.id] }]]);
    // The engine asks for the bytes from where it got to; the page sends them.
    act(() => api.queue.update(t1.id, { state: 'waiting-for-data', transferred: 50 }));
    await waitFor(() =>
      expect(puts.slice(before).map(({ url, offset }) => ({ url, offset }))).toEqual([
        { url: `/api/stream/upload/${t1.id}`, offset: '50' },
      ]),
    );

    await user.click(within(row('b.txt')).getByRole('button', { name: 'Cancel b.txt' }));
    expect(api.callsTo('cancelTransfers')).toEqual([[{ ids: [t2.id] }]]);
    await waitFor(() => expect(within(row('b.txt')).getByText('Cancelled')).toBeTruthy());
  });

  it('asks about a name that exists without stopping the queue: Overwrite, Skip or Keep both, for one or all', async () => {
    const { api, user, t1, t2 } = await uploadTwo();
    act(() => {
      api.queue.update(t1.id, { state: 'conflict', existing: { size: 2048 } });
      api.queue.update(t2.id, { state: 'conflict', existing: { size: 1 } });
    });
    const prompt = within(panel()).getByRole('group', { name: 'Already exists' });
    expect(prompt.textContent).toContain('a.txt already exists at s3://b/photos/a.txt (2 KB)');
    await user.click(within(prompt).getByRole('button', { name: 'Skip' }));
    expect(api.callsTo('resolveConflicts')).toEqual([[{ ids: [t1.id] }, 'skip']]);
    act(() => api.queue.update(t1.id, { state: 'conflict' }));
    await user.click(within(prompt).getByRole('checkbox', { name: 'Apply to all 2' }));
    await user.click(within(prompt).getByRole('button', { name: 'Keep both' }));
    expect(api.callsTo('resolveConflicts')[1]).toEqual([{ ids: [t1.id, t2.id] }, 'keep-both']);
    await waitFor(() => expect(within(panel()).queryByRole('group', { name: 'Already exists' })).toBeNull());
  });

  it('shows a folder of 10,000 files as one line, and opened, renders only the lines on screen', async () => {
    const { api, user } = renderApp(seed);
    recordPuts();
    const files = Array.from({ length: 10_000 }, (_, i) => ({ relativePath: `big/f${i}.txt`, size: 10, lastModified: 0 }));
    await act(() => api.enqueueUploads({ connectionId: 'work', bucket: 'b', prefix: '', files }));
    act(() => useStore.getState().setTransfersOpen(true));
    expect(within(queueList()).getAllByRole('listitem')).toHaveLength(1);
    expect(row('big').textContent).toContain('0 of 10,000 files');
    await user.click(within(row('big')).getByRole('button', { name: 'Show the files of big' }));
    const shown = within(queueList()).getAllByRole('listitem').length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(60);
  });
});
