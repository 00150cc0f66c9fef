import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL cluster, started once for the run and removed at its end.
    globalSetup: ['test/support/global-setup.ts'],
    // Bun has no child_process channel.unref(), which the forks pool needs; threads work.
    pool: 'threads',
  },
})
