import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Bun's child processes lack the IPC channel API vitest's forks pool expects; workers run fine.
    pool: 'threads',
    include: ['test/**/*.test.ts'],
    // argon2id is deliberately slow; a shared CI core can take a while on a flow test.
    testTimeout: 30_000,
  },
})
