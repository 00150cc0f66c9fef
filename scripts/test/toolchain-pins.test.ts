import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../..')
const manifest = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'))

// Bun reads overrides from the root manifest only: the workspace's root for development, the
// host's own when a deployment installs the host by itself. Both must hold the same pins.
it('pins the build toolchain identically for the workspace and for a host installed on its own', () => {
  const root = manifest('package.json')
  const host = manifest('apps/or3-chat/package.json')
  expect(root.overrides).toEqual(host.overrides)
  expect(Object.keys(root.overrides)).toEqual(expect.arrayContaining(['vite', 'rolldown']))
  expect(root['//overrides']).toBe(host['//overrides'])
})
