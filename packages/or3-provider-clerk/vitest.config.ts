import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Bun's child processes lack the IPC channel API vitest's forks pool expects; workers run fine.
    pool: 'threads',
    include: ['test/**/*.test.ts'],
    // A Backend API that drops connections makes the SDK retry before it gives up.
    testTimeout: 30_000,
  },
})
