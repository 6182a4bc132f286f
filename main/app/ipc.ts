import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, methodChannel } from '../../preload/contract/channels.js';
import type { PailCore } from '../api/core-types.js';
import type { CoreGate } from './pure/core-gate.js';
import { dispatchGatedCall, forwardEvent } from './pure/ipc-dispatch.js';
import type { IpcSender } from './pure/trusted-sender.js';

/** The main window, or undefined while there is none (macOS keeps running without windows). */
export type MainWindowRef = () => BrowserWindow | undefined;

/**
 * One `ipcMain.handle` per contract method; each checks its sender, then waits for the core
 * through the gate (registered before the core exists, so the window's first calls wait for it).
 */
export function registerIpcHandlers(gate: CoreGate<PailCore>, mainWindow: MainWindowRef): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event, ...args: unknown[]) =>
      dispatchGatedCall(gate, method, describeSender(event, mainWindow()), args),
    );
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}

/** Forwards every core event to the main window only; returns the unsubscribe. */
export function forwardCoreEvents(core: PailCore, mainWindow: MainWindowRef): () => void {
  return core.events.subscribe((event, payload) => {
    const win = mainWindow();
    forwardEvent(
      win && {
        isAlive: () => !win.isDestroyed() && !win.webContents.isDestroyed(),
        url: () => win.webContents.getURL(),
        send: (channel, data) => win.webContents.send(channel, data),
      },
      event,
      payload,
    );
  });
}

function describeSender(event: IpcMainInvokeEvent, win: BrowserWindow | undefined): IpcSender {
  const contents = win && !win.isDestroyed() ? win.webContents : undefined;
  const frame = event.senderFrame;
  const liveFrame = frame && !frame.isDestroyed() ? frame : null;
  return {
    fromMainWindow: contents !== undefined && event.sender === contents,
    senderFrame: liveFrame && { processId: liveFrame.processId, frameToken: liveFrame.frameToken, url: liveFrame.url },
    mainFrame: contents ? { processId: contents.mainFrame.processId, frameToken: contents.mainFrame.frameToken } : null,
  };
}
