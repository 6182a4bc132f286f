import { isAppUrl } from './app-url.js';

/** The identity of a frame, as plain values (Electron's WebFrameMain has these properties). */
export interface FrameIdentity {
  processId: number;
  frameToken: string;
}

/** Who sent an IPC message, reduced to what the trust decision needs. */
export interface IpcSender {
  /** `event.sender === mainWindow.webContents`. */
  fromMainWindow: boolean;
  /** `event.senderFrame`: null when the frame navigated away or was destroyed meanwhile. */
  senderFrame: (FrameIdentity & { url: string }) | null;
  /** `mainWindow.webContents.mainFrame`, or null when there is no main window. */
  mainFrame: FrameIdentity | null;
}

/**
 * True only for the main window's top frame showing Pail's own `app://pail/` page. Subframes,
 * other windows, pages navigated elsewhere and frames already gone are all refused, so a
 * handler never runs for content Pail did not ship.
 */
export function isTrustedSender(sender: IpcSender): boolean {
  const { fromMainWindow, senderFrame, mainFrame } = sender;
  if (!fromMainWindow || senderFrame === null || mainFrame === null) return false;
  const isMainFrame = senderFrame.processId === mainFrame.processId && senderFrame.frameToken === mainFrame.frameToken;
  return isMainFrame && isAppUrl(senderFrame.url);
}
