import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL cluster, started once for the run and removed at its end.
    globalSetup: ['test/support/global-setup.ts'],
    // Every case talks to a real server (and some race two instances): room for a loaded CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Bun has no child_process channel.unref(), which the forks pool needs; threads work.
    pool: 'threads',
  },
})
