import { defineConfig } from 'vitest/config'

// Tests of the repository's own scripts (the matrix); run by scripts/test-all.sh.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'matrix/test/**/*.test.ts'],
    pool: 'threads',
  },
})
