import { EVENT_NAMES, METHOD_NAMES, subscriberName, type EventName, type PailApi } from '../../preload/contract/channels.js';
import type { PailCore } from '../../main/api/core-types.js';

/**
 * A PailApi wired straight to a core's handler table and event hub: the contract exercised
 * without any transport, as both real transports (IPC, HTTP + SSE) do it.
 * Arguments pass through a JSON round trip, as they would across a process boundary.
 */
export function createInMemoryApi(core: PailCore): PailApi {
  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    api[name] = async (...args: unknown[]) =>
      JSON.parse(JSON.stringify(await core.handlers[name](JSON.parse(JSON.stringify(args)) as unknown[])));
  }
  for (const event of EVENT_NAMES) {
    api[subscriberName(event)] = (listener: (payload: unknown) => void) =>
      core.events.subscribe((name: EventName, payload) => {
        if (name === event) listener(JSON.parse(JSON.stringify(payload)));
      });
  }
  return api as PailApi;
}

/** Unwraps an ApiResult, failing the test with the error's message. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
