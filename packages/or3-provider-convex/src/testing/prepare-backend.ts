import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
// mkdist adds `.js` only to imports within the folder it transpiles; this one leaves src/testing.
// eslint-disable-next-line no-restricted-syntax
import { planTemplates, writePlannedFile } from '../cli/backend-templates.js'

/** The installed `convex` package this provider depends on. */
export function convexPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('convex/package.json'))
}

/**
 * Runs `convex codegen` offline in a backend folder, as a host does after `init`: the Convex CLI
 * under Bun, with `CI=1` so its error telemetry never tries the network.
 */
export function runOfflineCodegen(backendDir: string, convexDir = convexPackageDir()): void {
  const bun = process.versions.bun ? process.execPath : 'bun'
  const result = spawnSync(
    bun,
    ['--bun', join(convexDir, 'bin/main.js'), 'codegen', '--system-udfs', '--typecheck', 'disable'],
    { cwd: backendDir, env: { ...process.env, CI: '1' }, encoding: 'utf8' },
  )
  if (result.status !== 0) {
    throw new Error(`convex codegen failed in ${backendDir}:\n${result.stdout}\n${result.stderr}`)
  }
}

export interface PreparedBackend {
  /** The backend folder (package.json, convex.json, convex/). */
  root: string
  /** Its Convex functions directory, with `_generated/`. */
  functionsDir: string
}

/**
 * A backend folder made from this package's templates, as `init` + codegen would make it in a
 * host, in a fresh temporary directory. Its `node_modules/convex` links to this provider's own
 * `convex`, so the functions and the deployment double share one copy of the library.
 */
export function prepareTemplateBackend(parent = tmpdir()): PreparedBackend {
  mkdirSync(parent, { recursive: true })
  const host = mkdtempSync(join(parent, 'or3-convex-host-'))
  const plan = planTemplates(host, 'backend')
  for (const file of plan) writePlannedFile(file)
  const root = join(host, 'backend')
  mkdirSync(join(root, 'node_modules'), { recursive: true })
  const link = join(root, 'node_modules', 'convex')
  if (!existsSync(link)) symlinkSync(convexPackageDir(), link, 'dir')
  runOfflineCodegen(root)
  return { root, functionsDir: join(root, 'convex') }
}
