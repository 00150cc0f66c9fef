import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Bun has no IPC channel for forked workers; threads work under `bun --bun vitest`.
    pool: 'threads',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
})
