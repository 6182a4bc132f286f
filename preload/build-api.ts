import { EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel, subscriberName } from './contract/channels.js';
import type { PailApi } from './contract/channels.js';

/**
 * The few ipcRenderer operations the API is built from. Kept as an interface so this module
 * has no electron import and its shape is unit-tested in plain Node.
 */
export interface IpcPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Registers a listener; the listener's first argument is the IpcRendererEvent. */
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

/**
 * `window.pail`: one named function per contract method and one `onDidX` per event, built from
 * the contract's own lists so it cannot drift from it. The renderer never receives ipcRenderer
 * or the IpcRendererEvent (whose `sender` would hand it ipcRenderer back): listeners get the
 * payload only, and each registration returns its unsubscribe.
 */
export function buildPailApi(ipc: IpcPort): PailApi {
  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    const channel = methodChannel(name);
    api[name] = (...args: unknown[]) => ipc.invoke(channel, ...args);
  }
  for (const event of EVENT_NAMES) {
    const channel = eventChannel(event);
    api[subscriberName(event)] = (listener: (payload: unknown) => void) => {
      const wrapper = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, wrapper);
      return () => ipc.removeListener(channel, wrapper);
    };
  }
  // The loops above cover METHOD_NAMES and EVENT_NAMES, which the contract checks are complete.
  return Object.freeze(api) as PailApi;
}
