import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../../..')
const work = mkdtempSync(join(tmpdir(), 'or3-matrix-broken-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

// The matrix is only worth its time if one of our tarballs being wrong turns it red: here the
// kit is packed without a file its `./server` export points at (a `files` or build mistake).
it('fails when a packed OR3 package is broken', () => {
  const kit = join(work, 'or3-provider-kit')
  cpSync(join(repoRoot, 'packages/or3-provider-kit'), kit, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  })
  rmSync(join(kit, 'dist/server.js'))

  const result = Bun.spawnSync(['bun', 'scripts/matrix/host-from-tarballs.ts', 'none', '--packages', work], {
    cwd: repoRoot,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const output = result.stdout.toString() + result.stderr.toString()
  expect(result.exitCode).not.toBe(0)
  expect(output).toMatch(/matrix none: FAILED: (build|typecheck) failed/)
  expect(output).not.toContain('matrix none: OK')
}, 300_000)
