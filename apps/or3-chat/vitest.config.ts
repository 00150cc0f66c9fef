import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // As in the Nuxt builds: code shared by the app and the server is imported as #shared/...
  resolve: { alias: { '#shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    // Bun has no IPC channel for forked workers; threads work under `bun --bun vitest`.
    pool: 'threads',
    projects: [
      {
        test: {
          name: 'unit',
          pool: 'threads',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          pool: 'threads',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/setup/build-hosts.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // Each file starts its own servers on its own ports; keep the 2-core machine calm.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          pool: 'threads',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/setup/build-hosts.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // What a page shows after a click can take seconds on a busy 2-core machine; a poll that
          // names no timeout waits this long, not vitest's default second.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
})
