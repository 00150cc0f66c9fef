import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import { buildStampPath, computeBuildFingerprint, isBuildCurrent } from '../lib/build-fingerprint'

let repo: string
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true })
  writeFileSync(join(repo, path), text)
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'or3-fingerprint-'))
  write('package.json', '{}')
  write('bun.lock', '{}')
  write('scripts/build-packages.sh', '')
  write('apps/or3-chat/or3.providers.generated.ts', "export const or3ProviderModules = ['or3-provider-sqlite/nuxt']")
  write('apps/or3-chat/app/app.vue', '<template />')
  write('packages/or3-provider-kit/src/index.ts', 'export {}')
  write('packages/or3-provider-kit/dist/index.js', '')
})

function markBuilt() {
  write('apps/or3-chat/.output/server/index.mjs', '')
  const fingerprint = computeBuildFingerprint(repo, {})
  writeFileSync(buildStampPath(repo), JSON.stringify({ fingerprint, builtAt: 'then' }))
}

it('reuses a build while nothing it is made from changed', () => {
  markBuilt()
  // Outputs, data, tests and docs are not inputs.
  write('apps/or3-chat/.data/or3.sqlite', 'rows')
  write('apps/or3-chat/tests/unit/a.test.ts', 'test')
  write('docs/notes.md', 'text')
  expect(isBuildCurrent(repo, computeBuildFingerprint(repo, {}))).toBe(true)
})

it.each([
  ['a host source', 'apps/or3-chat/app/app.vue', '<template><main /></template>'],
  ['the selected provider modules', 'apps/or3-chat/or3.providers.generated.ts', 'export const or3ProviderModules = []'],
  ['the lockfile', 'bun.lock', '{"lockfileVersion": 2}'],
  ['a provider package source', 'packages/or3-provider-kit/src/index.ts', 'export const x = 1'],
])('rebuilds after a change to %s', (_what, path, text) => {
  markBuilt()
  write(path, text)
  expect(isBuildCurrent(repo, computeBuildFingerprint(repo, {}))).toBe(false)
})

it('rebuilds when env the build reads changes, or when an output is missing', () => {
  markBuilt()
  expect(isBuildCurrent(repo, computeBuildFingerprint(repo, { NUXT_APP_BASE_URL: '/chat/' }))).toBe(false)
  const unchanged = computeBuildFingerprint(repo, {})
  expect(isBuildCurrent(repo, unchanged)).toBe(true)
  rmSync(join(repo, 'packages/or3-provider-kit/dist'), { recursive: true })
  expect(isBuildCurrent(repo, unchanged), 'a package without its dist').toBe(false)
})
