import { describe, expect, it } from 'vitest';
import { createBrowserClient } from './browser-client';

/** Stands in for the page's EventSource: the one piece of browser I/O the client opens. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly listeners = new Map<string, Array<(event: { data: string }) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, listener: (event: { data: string }) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  send(name: string, payload: unknown): void {
    for (const listener of this.listeners.get(name) ?? []) listener({ data: JSON.stringify(payload) });
  }
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('browser-mode client', () => {
  it('posts each call to /api/call/<method> with its args and answers the ApiResult', async () => {
    const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
    const api = createBrowserClient({
      fetch: async (url, init) => {
        requests.push({ url: String(url), init });
        return jsonResponse(200, { ok: true, value: [{ name: 'photos' }] });
      },
    });
    const result = await api.listBuckets('work');
    expect(result).toEqual({ ok: true, value: [{ name: 'photos' }] });
    expect(requests[0]!.url).toBe('/api/call/listBuckets');
    expect(requests[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(JSON.parse(String(requests[0]!.init!.body))).toEqual({ args: ['work'] });
  });

  it('passes errors from the server through and explains transport failures', async () => {
    const denied = createBrowserClient({
      fetch: async () => jsonResponse(200, { ok: false, error: { code: 'access-denied', message: 'No.' } }),
    });
    expect(await denied.getSettings()).toEqual({ ok: false, error: { code: 'access-denied', message: 'No.' } });

    const offline = createBrowserClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    const result = await offline.getSettings();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'unreachable', message: expect.stringContaining('pail serve') });

    const noToken = createBrowserClient({ fetch: async () => new Response('', { status: 401 }) });
    const refused = await noToken.getSettings();
    expect(!refused.ok && refused.error.message).toMatch(/link `pail serve` printed/);
  });

  it('writes the clipboard in the page, not on the server', async () => {
    const written: string[] = [];
    let fetched = false;
    const api = createBrowserClient({
      fetch: async () => {
        fetched = true;
        return jsonResponse(200, { ok: false, error: { code: 'unsupported', message: 'no' } });
      },
      writeClipboardText: async (text) => {
        written.push(text);
      },
    });
    expect(await api.writeClipboard('s3://b/k')).toEqual({ ok: true, value: null });
    expect(written).toEqual(['s3://b/k']);
    expect(fetched).toBe(false);
  });

  it('delivers Server-Sent Events to subscribers until they unsubscribe', () => {
    const api = createBrowserClient({ createEventSource: (url) => new FakeEventSource(url) as unknown as EventSource });
    const pages: unknown[] = [];
    const unsubscribe = api.onDidListPage((page) => pages.push(page));
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/api/events');
    const page = { listingId: 'L', entries: [], loaded: 0, done: true };
    source.send('didListPage', page);
    source.send('didProgress', { operationId: 'x' });
    expect(pages).toEqual([page]);
    unsubscribe();
    source.send('didListPage', page);
    expect(pages).toHaveLength(1);
  });
});
