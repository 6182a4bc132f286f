import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/keychain/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'renderer/src/**/*.test.{ts,tsx}',
    ],
    // Integration tests start real servers and real third-party clients; give them room,
    // but never rely on timing for correctness.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
