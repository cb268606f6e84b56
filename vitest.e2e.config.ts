import { defineConfig } from 'vitest/config';

// End-to-end tests drive the real built extension in Debian's Chromium: one file at a time
// (a browser per file, 2-core machines), generous timeouts for browser start-up.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // On CI (a loaded 2-core machine) a browser test gets one more try; scripts/test.mjs lists every test
    // that needed it by name ("passed on retry"), so a flaky test is reported, not hidden.
    retry: process.env.CI ? 1 : 0,
  },
});
