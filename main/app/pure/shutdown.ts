/**
 * Waits for `closing` but no longer than `timeoutMs`: quitting must not hang forever on a
 * stuck socket or disk. Resolves to whether the close finished in time; never rejects, since
 * a failed close should still let the app exit.
 */
export async function settleWithin(closing: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      closing.then(
        () => true,
        () => false,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the one shutdown path does, in this order. main/app wires each to Electron. */
export interface ShutdownSteps {
  /** Refuse new calls from the window and hide it: nothing new starts from here on. */
  stopAcceptingWork(): void;
  /** `core.close()`: pauses transfers, flushes journals, stops the local bucket. */
  closeCore(): Promise<void>;
  /** Leave now (`app.exit`), relaunching first when someone asked to open Pail meanwhile. */
  exit(code: number, relaunch: boolean): void;
  log(line: string): void;
}

/** The one way Pail ends: quit, window-all-closed, SIGTERM/SIGINT, OS shutdown or logout. */
export interface Shutdown {
  /**
   * Starts shutting down, or joins the shutdown already under way (a second quit, a signal
   * during a quit): the core is closed once, and the process exits once. `exitCode` counts only
   * for the request that started it.
   */
  request(reason: string, exitCode?: number): Promise<void>;
  /** Someone launched Pail again while it was closing: relaunch after exiting instead of ignoring it. */
  requestRelaunch(): void;
  /** True from the first request on. */
  readonly started: boolean;
}

/** Builds the shutdown path; `timeoutMs` bounds how long closing the core may hold the exit. */
export function createShutdown(steps: ShutdownSteps, timeoutMs: number): Shutdown {
  let running: Promise<void> | undefined;
  let relaunch = false;
  async function run(reason: string, exitCode: number): Promise<void> {
    steps.log(`pail: shutting down (${reason})`);
    try {
      steps.stopAcceptingWork();
    } catch (error) {
      steps.log(`pail: could not stop accepting work: ${error instanceof Error ? error.message : String(error)}`);
    }
    const closed = await settleWithin(
      Promise.resolve().then(() => steps.closeCore()),
      timeoutMs,
    );
    if (!closed) steps.log(`pail: the core did not close within ${timeoutMs} ms; exiting anyway`);
    steps.exit(exitCode, relaunch);
  }
  return {
    request(reason, exitCode = 0) {
      running ??= run(reason, exitCode);
      return running;
    },
    requestRelaunch() {
      relaunch = true;
    },
    get started() {
      return running !== undefined;
    },
  };
}
