import type { OperationProgressEvent } from '../../../preload/contract/types.js';
import { PailError } from '../errors/pail-error.js';

/** What a long job sees of its registration: where to report progress and how it learns it was cancelled. */
export interface OperationHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Cheap to call per item: the registry coalesces to a few events per second. */
  progress(done: number, total: number): void;
  /** Throws PailError('cancelled') once `cancelOperation` was called for this id. */
  throwIfCancelled(): void;
}

/** How often a running job's progress reaches the renderer at most. */
export const PROGRESS_INTERVAL_MS = 250;

interface Entry {
  cancel: () => void;
}

/**
 * The one registry of long jobs (delete, move, transfers): each has an id its caller chose, a way to
 * cancel it, and — for jobs that report through `didProgress` — coalesced progress: at most one event
 * per PROGRESS_INTERVAL_MS per job, plus the final one, which is never dropped.
 */
export class OperationRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly emit: (event: OperationProgressEvent) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  /**
   * Runs `work` as operation `id` of `kind`. Its last progress and a `finished` event (with the error,
   * if any) are emitted when it ends. An id still running is refused, so two jobs never share one.
   */
  async run<T>(id: string, kind: OperationProgressEvent['kind'], work: (op: OperationHandle) => Promise<T>): Promise<T> {
    if (this.entries.has(id)) throw new PailError('invalid-input', `An operation with id "${id}" is already running.`);
    const controller = new AbortController();
    let latest = { done: 0, total: 0 };
    let lastSent = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = () => {
      timer = undefined;
      lastSent = Date.now();
      this.emit({ operationId: id, kind, done: latest.done, total: latest.total, finished: false });
    };
    const handle: OperationHandle = {
      id,
      signal: controller.signal,
      progress: (done, total) => {
        latest = { done, total };
        if (timer) return;
        const wait = lastSent + this.intervalMs - Date.now();
        if (wait <= 0) send();
        else timer = setTimeout(send, wait);
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new PailError('cancelled', 'Cancelled.');
      },
    };
    this.entries.set(id, { cancel: () => controller.abort() });
    try {
      const result = await work(handle);
      handle.throwIfCancelled();
      this.finish(id, kind, latest, timer);
      return result;
    } catch (err) {
      const error = controller.signal.aborted ? new PailError('cancelled', `Cancelled after ${latest.done} of ${latest.total}.`) : err;
      this.finish(id, kind, latest, timer, error);
      throw error;
    } finally {
      this.entries.delete(id);
    }
  }

  /**
   * Registers a job that reports its progress elsewhere (a transfer: `didChangeTransfers`) so
   * `cancelOperation` reaches it too. Returns the unregister function.
   */
  register(id: string, cancel: () => void): () => void {
    const entry = { cancel };
    this.entries.set(id, entry);
    return () => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    };
  }

  /** Cancels a running operation; false when none has that id (already finished, or never started). */
  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    entry?.cancel();
    return entry !== undefined;
  }

  /** Ids of the operations running now. */
  running(): string[] {
    return [...this.entries.keys()];
  }

  private finish(
    id: string,
    kind: OperationProgressEvent['kind'],
    latest: { done: number; total: number },
    timer: ReturnType<typeof setTimeout> | undefined,
    err?: unknown,
  ): void {
    if (timer) clearTimeout(timer);
    const event: OperationProgressEvent = { operationId: id, kind, done: latest.done, total: latest.total, finished: true };
    if (err instanceof PailError) event.error = { code: err.code, message: err.message };
    else if (err) event.error = { code: 'internal', message: (err as Error).message ?? String(err) };
    this.emit(event);
  }
}
