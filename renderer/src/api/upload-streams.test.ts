import { describe, expect, it } from 'vitest';
import type { TransferSummary } from '../../../preload/contract';
import { createUploadStreamer } from './upload-streams';

function row(id: string, patch: Partial<TransferSummary> = {}): TransferSummary {
  return {
    id,
    groupId: 'g1',
    direction: 'upload',
    name: id,
    target: { connectionId: 'c', bucket: 'b', key: id },
    size: 10,
    transferred: 0,
    state: 'waiting-for-data',
    streamPath: `/api/stream/upload/${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...patch,
  };
}

/** A fetch whose requests stay open until the test answers them. */
function heldFetch() {
  const requests: Array<{ url: string; init: RequestInit; answer(body: unknown): void; fail(): void }> = [];
  const fetch = (url: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      requests.push({
        url: String(url),
        init: init!,
        answer: (body) => resolve(new Response(JSON.stringify(body), { status: 200 })),
        fail: () => reject(new TypeError('network')),
      });
    });
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the page’s upload streamer', () => {
  it('PUTs at most four files at once, in answer order, each File sliced at its offset', async () => {
    const { fetch, requests } = heldFetch();
    const streamer = createUploadStreamer({ fetch });
    const ids = ['t1', 't2', 't3', 't4', 't5', 't6'];
    const files = ids.map((id) => new File([`${id}-0123456789`], id));
    streamer.add(
      ids.map((id) => row(id, id === 't1' ? { transferred: 3 } : {})),
      files,
    );
    expect(requests.map((r) => r.url)).toEqual([
      '/api/stream/upload/t1',
      '/api/stream/upload/t2',
      '/api/stream/upload/t3',
      '/api/stream/upload/t4',
    ]);
    const first = requests[0]!.init;
    expect(first.method).toBe('PUT');
    expect(first.credentials).toBe('same-origin');
    expect((first.headers as Record<string, string>)['x-pail-offset']).toBe('3');
    expect(first.body).toBeInstanceOf(Blob);
    expect(await (first.body as Blob).text()).toBe('0123456789');

    requests[1]!.answer({ ok: true, value: row('t2', { state: 'done' }) });
    await flush();
    expect(requests.map((r) => r.url).slice(4)).toEqual(['/api/stream/upload/t5']);
    expect(streamer.holds('t2')).toBe(false);
    expect(streamer.holds('t1')).toBe(true);
  });

  it('sends a failed file again from its new offset when the person retries it, and never on its own', async () => {
    const { fetch, requests } = heldFetch();
    const streamer = createUploadStreamer({ fetch });
    streamer.add([row('t1')], [new File(['abcdefghij'], 'a')]);
    requests[0]!.answer({ ok: false, error: { code: 'not-found', message: 'The bucket “b” does not exist.' } });
    await flush();
    // The engine says it waits for data again, but nobody asked: nothing is sent.
    streamer.observe([row('t1', { state: 'waiting-for-data', transferred: 0 })]);
    expect(requests).toHaveLength(1);

    streamer.want({ ids: ['g1'] });
    streamer.observe([row('t1', { state: 'waiting-for-data', transferred: 5 })]);
    expect(requests).toHaveLength(2);
    expect((requests[1]!.init.headers as Record<string, string>)['x-pail-offset']).toBe('5');
    expect(await (requests[1]!.init.body as Blob).text()).toBe('fghij');
  });

  it('sends again when the retry overtook the failed request’s answer (the queue’s event came first)', async () => {
    const { fetch, requests } = heldFetch();
    const rows = new Map<string, TransferSummary>();
    const streamer = createUploadStreamer({ fetch, rows: () => rows });
    streamer.add([row('t1')], [new File(['abcdefghij'], 'a')]);
    // The failure reaches the queue (and the person clicks Retry) before the PUT's answer arrives.
    rows.set('t1', row('t1', { state: 'failed' }));
    streamer.want({ ids: ['t1'] });
    rows.set('t1', row('t1', { state: 'waiting-for-data' }));
    streamer.observe([rows.get('t1')!]);
    expect(requests).toHaveLength(1);
    requests[0]!.answer({ ok: false, error: { code: 'not-found', message: 'gone' } });
    await flush();
    expect(requests).toHaveLength(2);
    expect((requests[1]!.init.headers as Record<string, string>)['x-pail-offset']).toBe('0');
  });

  it('stops sending a cancelled file and lets go of it', async () => {
    const { fetch, requests } = heldFetch();
    const streamer = createUploadStreamer({ fetch, limit: 1 });
    streamer.add([row('t1'), row('t2', { groupId: 'g2' })], [new File(['a'], 'a'), new File(['b'], 'b')]);
    expect(requests).toHaveLength(1);
    streamer.forget({ ids: ['t1'] });
    expect(requests[0]!.init.signal!.aborted).toBe(true);
    await flush();
    expect(requests.map((r) => r.url)).toEqual(['/api/stream/upload/t1', '/api/stream/upload/t2']);
    expect(streamer.holds('t1')).toBe(false);
  });
});
