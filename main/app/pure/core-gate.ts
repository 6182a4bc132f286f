/**
 * The core as IPC calls reach it. The window exists before the core does (it shows a starting
 * state while the keychain is probed and the local bucket starts), so early calls wait here;
 * once shutdown begins, calls are refused rather than started.
 */
export class CoreGate<C> {
  private phase: 'starting' | 'ready' | 'failed' | 'closed' = 'starting';
  private core: C | undefined;
  private resolveStarted!: (core: C | undefined) => void;
  private resolveClosed!: () => void;
  private readonly started = new Promise<C | undefined>((resolve) => (this.resolveStarted = resolve));
  private readonly closed = new Promise<undefined>((resolve) => (this.resolveClosed = () => resolve(undefined)));

  /** 'starting' until open() or fail(); 'closed' from close() on. */
  get state(): 'starting' | 'ready' | 'failed' | 'closed' {
    return this.phase;
  }

  /** The core is up: waiting and later calls get it. */
  open(core: C): void {
    this.core = core;
    if (this.phase === 'starting') this.phase = 'ready';
    this.resolveStarted(core);
  }

  /** The core could not start: waiting and later calls get nothing. */
  fail(): void {
    if (this.phase === 'starting') this.phase = 'failed';
    this.resolveStarted(undefined);
  }

  /** Shutdown began: waiting and later calls get nothing, at once. A failed start stays 'failed'. */
  close(): void {
    if (this.phase !== 'failed') this.phase = 'closed';
    this.resolveClosed();
  }

  /** The core for one call: waits while it starts; undefined when it failed or Pail is quitting. */
  async forCall(): Promise<C | undefined> {
    if (this.phase === 'closed' || this.phase === 'failed') return undefined;
    const core = await Promise.race([this.started, this.closed]);
    return this.phase === 'ready' ? core : undefined;
  }

  /** The core once startup has settled, whatever the gate's state: what shutdown must close. */
  async settled(): Promise<C | undefined> {
    await this.started;
    return this.core;
  }
}
