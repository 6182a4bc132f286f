import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel, subscriberName } from '../../preload/contract/channels.js';
import { buildPailApi, type IpcPort } from '../../preload/build-api.js';

function fakeIpc() {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const port: IpcPort = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the IpcRendererEvent' }, payload);
  };
  return { port, emit, listeners };
}

describe('the preload API (window.pail)', () => {
  it('has exactly one function per contract method and one onDidX per event, nothing else', () => {
    const api = buildPailApi(fakeIpc().port);
    const expected = [...METHOD_NAMES, ...EVENT_NAMES.map(subscriberName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes each method on its own channel with the arguments as given', async () => {
    const { port } = fakeIpc();
    const api = buildPailApi(port);
    await expect(api.updateConnection('c1', { name: 'n', provider: 'aws', accessKeyId: 'AK' })).resolves.toEqual({
      ok: true,
      value: { channel: methodChannel('updateConnection'), args: ['c1', { name: 'n', provider: 'aws', accessKeyId: 'AK' }] },
    });
    for (const name of METHOD_NAMES) {
      await (api[name] as (...args: unknown[]) => Promise<unknown>)();
      expect(port.invoke).toHaveBeenLastCalledWith(methodChannel(name));
    }
  });

  it('hands listeners the payload only, and unsubscribes', () => {
    const { port, emit, listeners } = fakeIpc();
    const api = buildPailApi(port);
    const seen: unknown[] = [];
    const stop = api.onDidChangeConnections((profiles) => seen.push(profiles));
    emit(eventChannel('didChangeConnections'), [{ id: 'c1' }]);
    expect(seen).toEqual([[{ id: 'c1' }]]);
    stop();
    emit(eventChannel('didChangeConnections'), [{ id: 'c2' }]);
    expect(seen).toHaveLength(1);
    expect(listeners.get(eventChannel('didChangeConnections'))?.size).toBe(0);
  });

  it('keeps two subscriptions to one event independent', () => {
    const { port, emit } = fakeIpc();
    const api = buildPailApi(port);
    const a = vi.fn();
    const b = vi.fn();
    const stopA = api.onDidProgress(a);
    api.onDidProgress(b);
    stopA();
    emit(eventChannel('didProgress'), { operationId: 'o' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ operationId: 'o' });
  });
});
