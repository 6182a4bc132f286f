// The Electron main process's start and end, as pure logic: the order of startup (window first,
// safeStorage lazily), the one shutdown path, and the gate IPC calls go through.
import { describe, expect, it } from 'vitest';
import type { HandlerTable } from '../../main/api/handler-table.js';
import { CoreGate } from '../../main/app/pure/core-gate.js';
import { ACCESS_DENIED, NOT_STARTED, QUITTING, dispatchGatedCall } from '../../main/app/pure/ipc-dispatch.js';
import { createShutdown, type ShutdownSteps } from '../../main/app/pure/shutdown.js';
import { startBehindWindow, type StartupSteps } from '../../main/app/pure/startup.js';
import type { IpcSender } from '../../main/app/pure/trusted-sender.js';
import { MemorySecretStore, type SecretStore } from '../../main/services/credentials/secret-store.js';

/** A promise with its resolve exposed, to hold a step open while the test looks. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function namedStore(kind: SecretStore['kind']): SecretStore {
  return Object.assign(new MemorySecretStore(), { kind });
}

describe('startBehindWindow', () => {
  function steps(log: string[], options: { keychain?: SecretStore | Error; fallback?: SecretStore | Error } = {}) {
    const shown = deferred();
    const startup: StartupSteps<string, { store: SecretStore }> = {
      openWindow: () => (log.push('window'), 'win'),
      untilShown: async () => {
        log.push('waiting for show');
        await shown.promise;
        log.push('shown');
      },
      openKeychain: async () => {
        log.push('keychain');
        if (options.keychain instanceof Error) throw options.keychain;
        return options.keychain;
      },
      openFallback: async () => {
        log.push('safeStorage');
        if (options.fallback instanceof Error) throw options.fallback;
        return options.fallback;
      },
      createCore: async (store) => (log.push(`core on ${store.kind}`), { store }),
    };
    return { startup, show: () => shown.resolve() };
  }

  it('opens and shows the window before probing any secret store or starting the core', async () => {
    const log: string[] = [];
    const { startup, show } = steps(log, { keychain: namedStore('keychain') });
    const started = startBehindWindow(startup);
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['window', 'waiting for show']);
    show();
    const { window, core } = await started;
    expect(window).toBe('win');
    expect(core.store.kind).toBe('keychain');
    expect(log).toEqual(['window', 'waiting for show', 'shown', 'keychain', 'core on keychain']);
  });

  it('never touches safeStorage when the keychain works', async () => {
    const log: string[] = [];
    const { startup, show } = steps(log, { keychain: namedStore('keychain'), fallback: namedStore('safe-storage') });
    show();
    await startBehindWindow(startup);
    expect(log).not.toContain('safeStorage');
  });

  it('asks safeStorage only after the window shows and only when the keychain is unavailable', async () => {
    const log: string[] = [];
    const { startup, show } = steps(log, { keychain: undefined, fallback: namedStore('safe-storage') });
    show();
    const { core } = await startBehindWindow(startup);
    expect(core.store.kind).toBe('safe-storage');
    expect(log).toEqual(['window', 'waiting for show', 'shown', 'keychain', 'safeStorage', 'core on safe-storage']);
  });

  it('falls back to session memory when neither protects (or either throws), and still starts', async () => {
    for (const options of [{}, { keychain: new Error('dbus'), fallback: new Error('keychain prompt denied') }]) {
      const log: string[] = [];
      const { startup, show } = steps(log, options);
      show();
      const { core } = await startBehindWindow(startup);
      expect(core.store.kind).toBe('session');
    }
  });
});

describe('createShutdown', () => {
  function recorder(closeCore: () => Promise<void> = async () => undefined) {
    const log: string[] = [];
    const exits: Array<[number, boolean]> = [];
    const steps: ShutdownSteps = {
      stopAcceptingWork: () => void log.push('stop accepting work'),
      closeCore: async () => {
        log.push('core.close');
        await closeCore();
        log.push('core closed');
      },
      exit: (code, relaunch) => {
        log.push('exit');
        exits.push([code, relaunch]);
      },
      log: (line) => void log.push(`log: ${line}`),
    };
    return { log, exits, steps };
  }

  it('stops accepting work, closes the core, then exits, in that order', async () => {
    const { log, exits, steps } = recorder();
    const shutdown = createShutdown(steps, 1_000);
    expect(shutdown.started).toBe(false);
    await shutdown.request('quit');
    expect(log.filter((line) => !line.startsWith('log:'))).toEqual(['stop accepting work', 'core.close', 'core closed', 'exit']);
    expect(exits).toEqual([[0, false]]);
    expect(shutdown.started).toBe(true);
  });

  it('a second quit or a SIGTERM during shutdown joins it: the core closes once and the process exits once', async () => {
    const closing = deferred();
    const { log, exits, steps } = recorder(() => closing.promise);
    const shutdown = createShutdown(steps, 10_000);
    const first = shutdown.request('quit');
    const second = shutdown.request('quit');
    const signal = shutdown.request('SIGTERM', 143);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.filter((line) => line === 'core.close')).toHaveLength(1);
    expect(exits).toEqual([]);
    closing.resolve();
    await Promise.all([first, second, signal]);
    expect(log.filter((line) => line === 'core.close')).toHaveLength(1);
    // The exit code is the first request's.
    expect(exits).toEqual([[0, false]]);
    expect(log).toContain('log: pail: shutting down (quit)');
  });

  it('exits anyway when the core hangs past the timeout or fails to close', async () => {
    const hung = recorder(() => new Promise(() => undefined));
    await createShutdown(hung.steps, 20).request('the system is shutting down');
    expect(hung.exits).toEqual([[0, false]]);
    expect(hung.log).toContain('log: pail: the core did not close within 20 ms; exiting anyway');

    const failing = recorder(async () => {
      throw new Error('disk gone');
    });
    await createShutdown(failing.steps, 1_000).request('quit', 1);
    expect(failing.exits).toEqual([[1, false]]);
  });

  it('still closes the core when stopping work throws', async () => {
    const { log, exits, steps } = recorder();
    await createShutdown(
      {
        ...steps,
        stopAcceptingWork: () => {
          throw new Error('window already gone');
        },
      },
      1_000,
    ).request('quit');
    expect(log).toContain('core closed');
    expect(exits).toHaveLength(1);
  });

  it('relaunches after exiting when Pail was launched again during the shutdown', async () => {
    const closing = deferred();
    const { exits, steps } = recorder(() => closing.promise);
    const shutdown = createShutdown(steps, 10_000);
    const done = shutdown.request('quit');
    shutdown.requestRelaunch();
    closing.resolve();
    await done;
    expect(exits).toEqual([[0, true]]);
  });
});

describe('CoreGate and dispatchGatedCall', () => {
  const trusted: IpcSender = {
    fromMainWindow: true,
    senderFrame: { processId: 1, frameToken: 'main', url: 'app://pail/index.html' },
    mainFrame: { processId: 1, frameToken: 'main' },
  };
  const stranger: IpcSender = { ...trusted, fromMainWindow: false };
  const core = { handlers: { getAppInfo: async () => ({ ok: true, value: 'info' }) } as unknown as HandlerTable };

  it('holds calls made while the core starts and answers them once it is up', async () => {
    const gate = new CoreGate<typeof core>();
    const early = dispatchGatedCall(gate, 'getAppInfo', trusted, []);
    let answered = false;
    void early.then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    gate.open(core);
    expect(await early).toEqual({ ok: true, value: 'info' });
    expect(await dispatchGatedCall(gate, 'getAppInfo', trusted, [])).toEqual({ ok: true, value: 'info' });
  });

  it('refuses a stranger at once, even while starting', async () => {
    const gate = new CoreGate<typeof core>();
    expect(await dispatchGatedCall(gate, 'getAppInfo', stranger, [])).toBe(ACCESS_DENIED);
  });

  it('refuses calls once shutdown begins, including those still waiting for the core', async () => {
    const gate = new CoreGate<typeof core>();
    const waiting = dispatchGatedCall(gate, 'getAppInfo', trusted, []);
    gate.close();
    expect(await waiting).toBe(QUITTING);
    gate.open(core);
    expect(await dispatchGatedCall(gate, 'getAppInfo', trusted, [])).toBe(QUITTING);
    // Shutdown still gets the core to close it.
    expect(await gate.settled()).toBe(core);
  });

  it('answers NOT_STARTED once the core failed, even after shutdown began', async () => {
    const gate = new CoreGate<typeof core>();
    const waiting = dispatchGatedCall(gate, 'getAppInfo', trusted, []);
    gate.fail();
    gate.close();
    expect(await waiting).toBe(NOT_STARTED);
    expect(await gate.settled()).toBeUndefined();
  });
});
