import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { YoungGarbage } from '../../main/services/local-s3/young-garbage.js';

/** Resolves with the first minor (young generation) collection V8 reports from now on. */
function nextMinorCollection(): Promise<PerformanceEntry> {
  return new Promise((resolve) => {
    const observer = new PerformanceObserver((list) => {
      const minor = list
        .getEntries()
        .find((e) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR);
      if (!minor) return;
      observer.disconnect();
      resolve(minor);
    });
    observer.observe({ entryTypes: ['gc'] });
  });
}

describe('YoungGarbage', () => {
  it('runs a minor collection once 4 MiB of released chunks have been counted', async () => {
    const garbage = new YoungGarbage();
    garbage.add(4 * 1024 * 1024 - 1);
    const collected = nextMinorCollection();
    garbage.add(1);
    // Nothing here allocates enough to fill the young generation: only the forced collection reports.
    await expect(collected).resolves.toBeDefined();
  }, 5_000);
});
