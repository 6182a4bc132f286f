import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What to break: the first `connections` connections that carry more than `afterBytes` in `direction` are cut there. */
export interface FaultPlan {
  direction: 'up' | 'down';
  afterBytes: number;
  connections: number;
}

/**
 * A TCP proxy in front of a server that counts the bytes each way and can cut connections
 * mid-body, the way a flaky network does. `endpoint` is what clients use instead of the server's.
 */
export class FaultProxy {
  bytesUp = 0;
  bytesDown = 0;
  cuts = 0;
  plan: FaultPlan | undefined;
  /**
   * While set, each connection forwards at most this many bytes downstream and holds the rest
   * (a transfer caught mid-body, for as long as a test needs); `release()` lets them through.
   */
  holdDownAfter: number | undefined;
  /** Connections accepted so far. */
  accepted = 0;
  /**
   * While set, a connection that already carried an answer is closed, and nothing forwarded, when
   * the next request starts on it: what a client sees when a server closes an idle keep-alive
   * connection just as the client reuses it.
   */
  closeReused = false;
  /** Called each time a server ends a connection (its FIN reached the proxy). */
  onServerEnd: (() => void) | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const holder: { proxy?: FaultProxy } = {};
    const server = createServer((client) => holder.proxy!.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.proxy;
  }

  /** Connections open now. */
  get open(): number {
    return this.sockets.size / 2;
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    this.accepted++;
    const upstream = connect(target.port, target.host);
    this.sockets.add(client);
    this.sockets.add(upstream);
    let up = 0;
    let down = 0;
    const cut = () => {
      this.cuts++;
      client.destroy();
      upstream.destroy();
    };
    const shouldCut = (direction: 'up' | 'down', total: number) => {
      const plan = this.plan;
      if (!plan || plan.direction !== direction || total <= plan.afterBytes || this.cuts >= plan.connections) return false;
      return true;
    };
    client.on('data', (chunk: Buffer) => {
      if (this.closeReused && down > 0) {
        client.destroy();
        upstream.destroy();
        return;
      }
      up += chunk.length;
      this.bytesUp += chunk.length;
      if (shouldCut('up', up)) return cut();
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    const forward = (chunk: Buffer) => {
      down += chunk.length;
      this.bytesDown += chunk.length;
      if (shouldCut('down', down)) return cut();
      if (!client.write(chunk)) upstream.pause();
    };
    upstream.on('data', (chunk: Buffer) => {
      const limit = this.holdDownAfter;
      if (limit === undefined || down + chunk.length <= limit) return forward(chunk);
      const pass = Math.max(0, limit - down);
      if (pass > 0) forward(chunk.subarray(0, pass));
      upstream.pause();
      const rest = chunk.subarray(pass);
      const release = () => {
        this.held.delete(release);
        forward(rest);
        upstream.resume();
      };
      this.held.add(release);
    });
    client.on('drain', () => upstream.resume());
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    // A server's FIN goes on to the client at once (half-close), as it would without a proxy.
    upstream.on('end', () => {
      client.end();
      this.onServerEnd?.();
    });
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }

  /** Ends the hold: what was held goes on, and nothing more is held. */
  release(): void {
    this.holdDownAfter = undefined;
    for (const release of [...this.held]) release();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
