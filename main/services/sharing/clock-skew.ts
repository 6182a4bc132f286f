/**
 * Measures how far the local clock is from a server's: its `Date` header against our clock at the
 * moment the answer arrived. Any answer carries the header (a 403 to an anonymous HEAD does too),
 * so no credentials are sent. Positive: the server is ahead of us.
 */
export async function measureClockSkew(
  endpoint: string,
  options: { fetch?: typeof fetch; now?: () => number; timeoutMs?: number } = {},
): Promise<number | undefined> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  try {
    const sent = now();
    const response = await doFetch(endpoint, { method: 'HEAD', signal: AbortSignal.timeout(options.timeoutMs ?? 4000) });
    const received = now();
    await response.body?.cancel();
    const header = response.headers.get('date');
    const server = header ? Date.parse(header) : NaN;
    if (Number.isNaN(server)) return undefined;
    // The header has whole seconds; the midpoint of the round trip is our best estimate of when it was written.
    return Math.round((server - (sent + received) / 2) / 1000);
  } catch {
    // Offline or unreachable: no measurement, no warning (the link itself will say more).
    return undefined;
  }
}

/**
 * Remembers each endpoint's skew for a while, so a burst of links measures once. Failures are
 * not cached: the next link tries again.
 */
export class ClockSkewCache {
  private readonly entries = new Map<string, { skew: number; at: number }>();

  constructor(
    private readonly measure: (endpoint: string) => Promise<number | undefined> = (e) => measureClockSkew(e),
    private readonly ttlMs = 10 * 60_000,
  ) {}

  async skew(endpoint: string): Promise<number | undefined> {
    const cached = this.entries.get(endpoint);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.skew;
    const skew = await this.measure(endpoint);
    if (skew !== undefined) this.entries.set(endpoint, { skew, at: Date.now() });
    return skew;
  }
}
