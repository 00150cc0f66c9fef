import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bun has no child_process channel.unref(), which the forks pool needs; threads work.
    pool: 'threads',
    // The templates are prepared once (copied and code-generated offline) for every test file.
    globalSetup: ['test/support/global-setup.ts'],
  },
})
