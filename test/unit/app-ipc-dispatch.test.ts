import { describe, expect, it, vi, type Mock } from 'vitest';
import { METHOD_NAMES, eventChannel } from '../../preload/contract/channels.js';
import type { HandlerTable } from '../../main/api/handler-table.js';
import { ACCESS_DENIED, dispatchIpcCall, forwardEvent, type EventDestination } from '../../main/app/pure/ipc-dispatch.js';
import type { IpcSender } from '../../main/app/pure/trusted-sender.js';

/** A handler table of spies; each answers with its own name and arguments. */
function fakeHandlers(): HandlerTable & Record<string, Mock> {
  const table: Record<string, Mock> = {};
  for (const name of METHOD_NAMES) table[name] = vi.fn(async (args: unknown[]) => ({ ok: true, value: { name, args } }));
  return table as unknown as HandlerTable & Record<string, Mock>;
}

const mainFrame = { processId: 3, frameToken: 't' };
const trusted: IpcSender = { fromMainWindow: true, senderFrame: { ...mainFrame, url: 'app://pail/index.html' }, mainFrame };
const foreign: IpcSender = { ...trusted, senderFrame: { ...mainFrame, url: 'https://evil.example/' } };

describe('dispatchIpcCall', () => {
  it('runs the handler for Pail’s own page and returns its result', async () => {
    const handlers = fakeHandlers();
    await expect(dispatchIpcCall(handlers, 'listBuckets', trusted, ['conn-1'])).resolves.toEqual({
      ok: true,
      value: { name: 'listBuckets', args: ['conn-1'] },
    });
    expect(handlers.listBuckets).toHaveBeenCalledWith(['conn-1']);
  });

  it('answers access-denied without running the handler for anyone else', async () => {
    const handlers = fakeHandlers();
    for (const sender of [foreign, { ...trusted, fromMainWindow: false }, { ...trusted, senderFrame: null }]) {
      await expect(dispatchIpcCall(handlers, 'removeConnection', sender, ['conn-1'])).resolves.toEqual(ACCESS_DENIED);
    }
    expect(handlers.removeConnection).not.toHaveBeenCalled();
    expect(ACCESS_DENIED).toMatchObject({ ok: false, error: { code: 'access-denied' } });
  });

  it('turns a throwing handler into an internal error, without its message in the log', async () => {
    const handlers = fakeHandlers();
    (handlers.getSettings as unknown as Mock).mockRejectedValue(new Error('https://b.example/k?X-Amz-Signature=secret'));
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await dispatchIpcCall(handlers, 'getSettings', trusted, []);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('X-Amz-Signature');
    expect(log.mock.calls.flat().join(' ')).not.toContain('X-Amz-Signature');
    log.mockRestore();
  });
});

describe('forwardEvent', () => {
  function destination(url: string, alive = true): EventDestination & { sent: unknown[][] } {
    const sent: unknown[][] = [];
    return { sent, isAlive: () => alive, url: () => url, send: (channel, payload) => sent.push([channel, payload]) };
  }

  it('sends on the event’s contract channel to Pail’s page', () => {
    const win = destination('app://pail/index.html');
    expect(forwardEvent(win, 'didChangeConnections', [])).toBe(true);
    expect(win.sent).toEqual([[eventChannel('didChangeConnections'), []]]);
  });

  it('drops events when there is no window, it is gone, or it shows something else', () => {
    expect(forwardEvent(undefined, 'didProgress', {})).toBe(false);
    const gone = destination('app://pail/index.html', false);
    expect(forwardEvent(gone, 'didProgress', {})).toBe(false);
    const elsewhere = destination('https://evil.example/');
    expect(forwardEvent(elsewhere, 'didListPage', {})).toBe(false);
    expect([...gone.sent, ...elsewhere.sent]).toEqual([]);
  });
});
