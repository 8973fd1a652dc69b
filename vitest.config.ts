// Test runner settings. Test files run in parallel workers; every server binds an ephemeral
// loopback port (test/helpers/server.ts), so e2e files never clash. kubectl is installed once,
// before any worker starts, by the global setup.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
  },
});
