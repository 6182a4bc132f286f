import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createPailCore } from '../api/core.js';
import type { PailCore, PailCoreOptions } from '../api/core-types.js';
import { createBrowserServer } from './browser-server.js';

/** How to start browser mode. */
export interface BrowserModeOptions {
  pailHome: string;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  startLocalBucket?: boolean;
  /** Transfer queue limits and part size (tests use small parts). */
  transfers?: PailCoreOptions['transfers'];
}

/** Running browser mode: the link to open (with its token) and shutdown. */
export interface BrowserMode {
  url: string;
  port: number;
  token: string;
  core: PailCore;
  close(): Promise<void>;
}

/** Runs Pail's services in plain Node and serves the renderer on 127.0.0.1 only. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const core = await createPailCore({
    pailHome: options.pailHome,
    transport: 'browser',
    ...(options.startLocalBucket === false ? { startLocalBucket: false } : {}),
    ...(options.transfers ? { transfers: options.transfers } : {}),
  });
  const token = randomBytes(24).toString('base64url');
  let port = 0;
  const server = createBrowserServer({ core, rendererDir: options.rendererDir, token, port: () => port });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await core.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    core,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
