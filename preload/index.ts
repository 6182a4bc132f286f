// The preload of the main window: runs sandboxed, compiled to CommonJS (dist/preload/preload.cjs)
// with everything but electron bundled in, since a sandboxed preload can require little else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
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

/**
 * The one deliberate exception to "the preload exposes contract methods only": a dropped or chosen
 * File's path on disk, so main reads uploads from disk itself instead of the page streaming them
 * (Electron 32+ no longer puts `File.path` on the page). It hands the page nothing it did not
 * already hold: the person chose the file. Absent in browser mode, where the page streams.
 */
contextBridge.exposeInMainWorld('pailFiles', {
  pathForFile: (file: Parameters<typeof webUtils.getPathForFile>[0]): string => webUtils.getPathForFile(file),
});
