import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sessionBusProblem, unixSocketOf } from '../../main/services/credentials/dbus-session-check.js';
import { openKeytarSecretStore, type KeytarApi } from '../../main/services/credentials/keytar-secret-store.js';

/**
 * The OS keychain is a system edge, so these tests use a stand-in for keytar's three calls.
 * test/keychain/ runs the same store against a real Secret Service.
 */
function standInKeytar(overrides: Partial<KeytarApi> = {}): KeytarApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const id = (service: string, account: string): string => `${service}\u0000${account}`;
  return {
    entries,
    getPassword: async (service, account) => entries.get(id(service, account)) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(id(service, account), password);
    },
    deletePassword: async (service, account) => entries.delete(id(service, account)),
    ...overrides,
  };
}

describe('openKeytarSecretStore', () => {
  it('files secrets under the Pail service, one entry per account, and leaves no probe entry', async () => {
    const keytar = standInKeytar();
    const store = await openKeytarSecretStore({ load: () => keytar, env: {} });
    expect(store?.kind).toBe('keychain');
    expect(keytar.entries.size).toBe(0);
    await store?.set('conn-1', 's3cr=t');
    expect([...keytar.entries]).toEqual([['Pail\u0000conn-1', 's3cr=t']]);
    expect(await store?.get('conn-1')).toBe('s3cr=t');
    expect(await store?.get('conn-2')).toBeUndefined();
    await store?.delete('conn-2');
    await store?.delete('conn-1');
    expect(keytar.entries.size).toBe(0);
  });

  it('is unavailable, never throwing, when keytar cannot be loaded', async () => {
    const reasons: string[] = [];
    const store = await openKeytarSecretStore({
      load: () => {
        throw new Error("Cannot find module 'keytar'");
      },
      onUnavailable: (reason) => reasons.push(reason),
      env: {},
    });
    expect(store).toBeUndefined();
    expect(reasons).toEqual([expect.stringContaining("Cannot find module 'keytar'")]);
  });

  it('is unavailable when the keychain refuses the probe entry (locked or missing keyring)', async () => {
    const reasons: string[] = [];
    const keytar = standInKeytar({ setPassword: async () => Promise.reject(new Error('Cannot create an item in a locked collection')) });
    expect(await openKeytarSecretStore({ load: () => keytar, env: {}, onUnavailable: (r) => reasons.push(r) })).toBeUndefined();
    expect(reasons[0]).toContain('locked collection');
  });

  it('is unavailable when the probe gets no answer in time', async () => {
    const reasons: string[] = [];
    const keytar = standInKeytar({ setPassword: () => new Promise<void>(() => {}) });
    expect(
      await openKeytarSecretStore({ load: () => keytar, env: {}, timeoutMs: 20, onUnavailable: (r) => reasons.push(r) }),
    ).toBeUndefined();
    expect(reasons[0]).toContain('no answer within 20 ms');
  });

  it('turns keychain failures at use time into errors that say what failed', async () => {
    let failing = false;
    const fail = (message: string) => async (): Promise<never> => {
      throw new Error(message);
    };
    const base = standInKeytar();
    const keytar: KeytarApi = {
      getPassword: (s, a) => (failing ? fail('read denied')() : base.getPassword(s, a)),
      setPassword: (s, a, p) => (failing ? fail('write denied')() : base.setPassword(s, a, p)),
      deletePassword: (s, a) => (failing ? fail('delete denied')() : base.deletePassword(s, a)),
    };
    const store = await openKeytarSecretStore({ load: () => keytar, env: {} });
    failing = true;
    await expect(store?.set('c', 'x')).rejects.toThrow('The system keychain refused to store the secret: write denied');
    await expect(store?.get('c')).rejects.toThrow('The system keychain could not read the secret: read denied');
    await expect(store?.delete('c')).rejects.toThrow('The system keychain could not delete the secret: delete denied');
  });
});

const run = promisify(execFile);
const modulePath = fileURLToPath(new URL('../../main/services/credentials/keytar-secret-store.ts', import.meta.url));

/**
 * Opens the real keytar in a child process pointed at a broken D-Bus: if a native call got stuck
 * it could not be cancelled, and the child (not this test worker) is what would never exit.
 */
async function openInChild(busSetup: string): Promise<{ kind: string | null; reason: string }> {
  const script = `
    import fs from 'node:fs';
    import net from 'node:net';
    import os from 'node:os';
    import path from 'node:path';
    ${busSetup}
    const { openKeytarSecretStore } = await import(${JSON.stringify(pathToFileURL(modulePath).href)});
    let reason = '';
    const store = await openKeytarSecretStore({ timeoutMs: 1000, onUnavailable: (r) => { reason = r; } });
    console.log(JSON.stringify({ kind: store ? store.kind : null, reason }));
    // No process.exit(): the child must end by itself, which it cannot while a keytar call hangs.`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DISPLAY;
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { kind: string | null; reason: string };
}

describe('openKeytarSecretStore and no usable Secret Service', () => {
  it('loads the real keytar when the bus answers, and reports what the keychain said to its probe', async () => {
    const result = await openInChild(`
      const socket = path.join(os.tmpdir(), 'pail-refusing-bus-' + process.pid + '.sock');
      // Answers the handshake's first line (so the bus check passes and keytar is loaded), then
      // refuses every authentication: libsecret, inside keytar's native module, gives up.
      await new Promise((resolve) => net.createServer((c) => {
        c.unref();
        c.on('data', () => c.write('REJECTED EXTERNAL\\r\\n'));
      }).listen(socket, resolve).unref());
      process.on('exit', () => fs.rmSync(socket, { force: true }));
      process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=' + socket;`);
    expect(result.kind).toBeNull();
    // GDBus's own words: only keytar's native module, loaded and called, can say this.
    expect(result.reason).toMatch(/^the system keychain did not accept a test entry: .*authentication mechanisms/);
  });

  it('is unavailable, before keytar is loaded, when the session bus does not exist', async () => {
    const result = await openInChild(`process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/pail-test-bus';`);
    expect(result.kind).toBeNull();
    expect(result.reason).toMatch(/^the D-Bus session bus cannot be reached: .*ENOENT/);
  });

  it('gives up, before keytar is loaded, on a bus that accepts the connection and never answers', async () => {
    const result = await openInChild(`
      const socket = path.join(os.tmpdir(), 'pail-hung-bus-' + process.pid + '.sock');
      // Accepts connections and never says a word, like a wedged dbus-daemon.
      await new Promise((resolve) => net.createServer(() => {}).listen(socket, resolve).unref());
      process.on('exit', () => fs.rmSync(socket, { force: true }));
      process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=' + socket;`);
    expect(result.kind).toBeNull();
    expect(result.reason).toBe('the D-Bus session bus did not answer within 1000 ms');
  });
});

describe('sessionBusProblem', () => {
  async function fakeBus(answer: boolean): Promise<{ address: string; close: () => Promise<void> }> {
    const dir = await mkdtemp(join(tmpdir(), 'pail-bus-'));
    const socket = join(dir, 'bus');
    const server: Server = createServer((connection) => {
      // A live bus answers the first AUTH line; a wedged one reads and says nothing.
      if (answer) connection.once('data', () => connection.write('REJECTED EXTERNAL ANONYMOUS\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    return {
      address: `unix:path=${socket},guid=0123`,
      close: async () => {
        server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  it('accepts a bus that answers the handshake', async () => {
    const bus = await fakeBus(true);
    expect(await sessionBusProblem(bus.address, 2000)).toBeUndefined();
    await bus.close();
  });

  it('gives up on a bus that never answers', async () => {
    const bus = await fakeBus(false);
    expect(await sessionBusProblem(bus.address, 50)).toBe('the D-Bus session bus did not answer within 50 ms');
    await bus.close();
  });

  it('reports a bus that is not there, and leaves unknown transports to keytar', async () => {
    expect(await sessionBusProblem('unix:path=/nonexistent/bus', 2000)).toMatch(/cannot be reached/);
    expect(await sessionBusProblem('tcp:host=localhost,port=1234', 2000)).toBeUndefined();
    expect(await sessionBusProblem(undefined, 2000)).toBeUndefined();
  });

  it('reads unix socket addresses', () => {
    expect(unixSocketOf('unix:path=/run/user/1000/bus')).toBe('/run/user/1000/bus');
    expect(unixSocketOf('unix:path=/tmp/a%20b,guid=1;tcp:host=x')).toBe('/tmp/a b');
    expect(unixSocketOf('unix:abstract=/tmp/dbus-x,guid=1')).toBe('\0/tmp/dbus-x');
    expect(unixSocketOf('unix:tmpdir=/tmp')).toBeUndefined();
    expect(unixSocketOf('autolaunch:')).toBeUndefined();
  });
});
