// The preload of the main window: runs sandboxed, compiled to CommonJS (dist/preload/preload.cjs)
// with everything but electron bundled in, since a sandboxed preload can require little else.
import { contextBridge, ipcRenderer } from 'electron';
import type { PailApi } from './contract/channels.js';
import { buildPailApi } from './build-api.js';

const api: PailApi = buildPailApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => {
    ipcRenderer.on(channel, listener);
  },
  removeListener: (channel, listener) => {
    ipcRenderer.removeListener(channel, listener);
  },
});

contextBridge.exposeInMainWorld('pail', api);
