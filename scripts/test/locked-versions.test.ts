import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { compareLocks, overridesFromLock, readLockedVersions } from '../lib/locked-versions'

function lockFile(packages: Record<string, unknown[]>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'or3-lock-')), 'bun.lock')
  // bun.lock is JSONC with trailing commas.
  const body = Object.entries(packages)
    .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)},`)
    .join('\n')
  writeFileSync(file, `{\n  "lockfileVersion": 1,\n  "packages": {\n${body}\n  },\n}\n`)
  return file
}

const lock = lockFile({
  vite: ['vite@8.3.8', '', {}, 'sha512-a'],
  '@scope/pkg': ['@scope/pkg@1.0.0', '', {}, 'sha512-b'],
  unctx: ['unctx@3.0.1', '', {}, 'sha512-c'],
  'nitropack/unctx': ['unctx@2.5.0', '', {}, 'sha512-d'],
  'or3-provider-kit': ['or3-provider-kit@workspace:packages/or3-provider-kit'],
})

it('pins every package the lock holds in one version, and names the ones it cannot pin', () => {
  const { overrides, unpinned } = overridesFromLock(lock, (name) => name.startsWith('or3-'))
  expect(overrides).toEqual({ vite: '8.3.8', '@scope/pkg': '1.0.0' })
  expect(unpinned).toEqual(['unctx'])
})

it('reports packages that resolved to a version the lock does not hold', () => {
  const fresh = lockFile({
    vite: ['vite@8.4.0', '', {}, 'sha512-x'],
    '@scope/pkg': ['@scope/pkg@1.0.0', '', {}, 'sha512-b'],
    unctx: ['unctx@3.0.1', '', {}, 'sha512-c'],
    'nitropack/unctx': ['unctx@2.5.0', '', {}, 'sha512-d'],
    ohash: ['ohash@2.0.0', '', {}, 'sha512-e'],
  })
  expect(compareLocks(readLockedVersions(lock), readLockedVersions(fresh))).toEqual([
    { name: 'ohash', locked: [], resolved: ['2.0.0'] },
    { name: 'vite', locked: ['8.3.8'], resolved: ['8.4.0'] },
  ])
})
