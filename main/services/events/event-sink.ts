import type { EventName, PailEvents } from '../../../preload/contract/channels.js';

/**
 * How services tell the renderer that something happened. Electron forwards to the window's
 * webContents; browser mode to every SSE stream. Services only see this interface.
 */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: PailEvents[E]): void;
}

/** An EventSink that fans out to any number of listeners (each transport subscribes one). */
export class EventHub implements EventSink {
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();

  emit<E extends EventName>(event: E, payload: PailEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
