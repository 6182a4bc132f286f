import type { ApiResult } from '../../../preload/contract/errors.js';
import type { EventName, MethodName } from '../../../preload/contract/channels.js';
import { eventChannel } from '../../../preload/contract/channels.js';
import type { HandlerTable } from '../../api/handler-table.js';
import { isAppUrl } from './app-url.js';
import type { CoreGate } from './core-gate.js';
import { isTrustedSender, type IpcSender } from './trusted-sender.js';

/** The reply to a call from anything but Pail's own page: the handler never runs. */
export const ACCESS_DENIED: ApiResult<never> = {
  ok: false,
  error: { code: 'access-denied', message: 'This call did not come from the Pail window, so it was refused.' },
};

/**
 * What `ipcMain.handle(methodChannel(method), …)` runs: checks the sender first, then calls the
 * handler table. A handler is specified never to throw, but a bug must still come back as data
 * rather than as Electron's generic "Error invoking remote method".
 */
export async function dispatchIpcCall(
  handlers: HandlerTable,
  method: MethodName,
  sender: IpcSender,
  args: unknown[],
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(sender)) return ACCESS_DENIED;
  try {
    return await handlers[method](args);
  } catch (error) {
    // Name only: a message could carry a presigned URL or a key, and logs must not.
    console.error(`pail: handler ${method} threw ${error instanceof Error ? error.name : typeof error}`);
    return { ok: false, error: { code: 'internal', message: `Pail hit an unexpected error while running ${method}.` } };
  }
}

/** The reply to a call made while Pail is quitting: it is not started. */
export const QUITTING: ApiResult<never> = {
  ok: false,
  error: { code: 'cancelled', message: 'Pail is quitting, so this was not started.' },
};

/** The reply to calls once the core failed to start (Pail shows why, then exits). */
export const NOT_STARTED: ApiResult<never> = {
  ok: false,
  error: { code: 'internal', message: 'Pail could not start its services; see the error message it shows.' },
};

/**
 * dispatchIpcCall through the gate: refuses untrusted senders at once, waits while the core is
 * starting, and refuses calls once Pail is quitting (or the core failed to start).
 */
export async function dispatchGatedCall<C extends { handlers: HandlerTable }>(
  gate: CoreGate<C>,
  method: MethodName,
  sender: IpcSender,
  args: unknown[],
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(sender)) return ACCESS_DENIED;
  const core = await gate.forCall();
  if (!core) return gate.state === 'failed' ? NOT_STARTED : QUITTING;
  return dispatchIpcCall(core.handlers, method, sender, args);
}

/** The main window as the event forwarder sees it. */
export interface EventDestination {
  /** False once the window or its webContents is destroyed. */
  isAlive(): boolean;
  /** The URL its top frame shows now. */
  url(): string;
  send(channel: string, payload: unknown): void;
}

/**
 * Sends one core event to the main window on its contract channel, only while the window is
 * alive and still shows Pail's own page (events carry bucket and connection data). Returns
 * whether it was sent.
 */
export function forwardEvent(target: EventDestination | undefined, event: EventName, payload: unknown): boolean {
  if (!target || !target.isAlive() || !isAppUrl(target.url())) return false;
  target.send(eventChannel(event), payload);
  return true;
}
