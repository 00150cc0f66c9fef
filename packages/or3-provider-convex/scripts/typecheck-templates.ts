// Type-checks the Convex functions the way a host's backend folder holds them: the templates
// copied out, `_generated/` written by the real (offline) codegen, then tsc with their tsconfig.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { prepareTemplateBackend } from '../src/testing/prepare-backend'

const backend = prepareTemplateBackend()
try {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', join(backend.functionsDir, 'tsconfig.json'), '--noEmit'], {
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    console.error('The Convex function templates do not type-check against their generated types.')
    process.exit(result.status ?? 1)
  }
  console.log('templates type-check against their generated _generated/ types')
} finally {
  rmSync(dirname(backend.root), { recursive: true, force: true })
}
