// What a build of OR3 is made from, reduced to one hash, so `bun run start` can tell whether the
// existing build is still the build of this checkout.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Folders that never feed the build: outputs, installs, data, tests, docs. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.nuxt', '.output', '.data', 'dist', 'tests', 'test', 'bench', 'docs', 'test-results'])
const SKIPPED_FILES = /\.(?:tsbuildinfo|log)$|^\.eslintcache$/

/**
 * Env the build itself reads. Provider selection and settings (`OR3_*`, keys, URLs) are read by the
 * server at start-up, so changing them needs a restart, not a rebuild; which provider *modules*
 * are built in is `or3.providers.generated.ts`, a source file hashed below.
 */
const BUILD_ENV = ['NODE_ENV', 'NUXT_APP_BASE_URL', 'NUXT_APP_BUILD_ASSETS_DIR', 'NUXT_APP_CDN_URL']

/** Where the fingerprint of the last build is kept: inside the output it describes. */
export function buildStampPath(repoRoot: string): string {
  return join(repoRoot, 'apps/or3-chat/.output/or3-build.json')
}

export interface BuildStamp {
  fingerprint: string
  builtAt: string
}

export function computeBuildFingerprint(repoRoot: string, env: Record<string, string | undefined> = process.env): string {
  const hasher = new Bun.CryptoHasher('sha256')
  const inputs = ['package.json', 'bun.lock', 'scripts/build-packages.sh']
  for (const dir of ['apps', 'packages']) inputs.push(...listFiles(repoRoot, join(repoRoot, dir)))
  for (const file of inputs.sort()) {
    hasher.update(`${file}\0`)
    hasher.update(readFileSync(join(repoRoot, file)))
    hasher.update('\0')
  }
  for (const name of BUILD_ENV) hasher.update(`${name}=${env[name] ?? ''}\0`)
  return hasher.digest('hex')
}

export function readBuildStamp(repoRoot: string): BuildStamp | null {
  try {
    return JSON.parse(readFileSync(buildStampPath(repoRoot), 'utf8')) as BuildStamp
  } catch {
    return null
  }
}

/** True when the last build was made from exactly these inputs and its outputs are all there. */
export function isBuildCurrent(repoRoot: string, fingerprint: string): boolean {
  const stamp = readBuildStamp(repoRoot)
  if (stamp?.fingerprint !== fingerprint) return false
  if (!existsSync(join(repoRoot, 'apps/or3-chat/.output/server/index.mjs'))) return false
  const packages = readdirSync(join(repoRoot, 'packages'))
  return packages.every((name) => existsSync(join(repoRoot, 'packages', name, 'dist')))
}

function listFiles(root: string, dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    const stats = statSync(path)
    if (stats.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry)) files.push(...listFiles(root, path))
    } else if (!SKIPPED_FILES.test(entry)) {
      files.push(relative(root, path))
    }
  }
  return files
}
