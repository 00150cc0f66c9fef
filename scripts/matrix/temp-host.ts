// A clean host outside the workspace, as a deployment gets it: the app's files, the kit from a
// packed tarball, third-party versions held to the workspace lock, and no provider package
// until the setup wizard installs some.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { compareLocks, overridesFromLock, readLockedVersions } from '../lib/locked-versions'
import { runLogged } from './run-logged'

export const repoRoot = resolve(import.meta.dirname, '../..')
const hostSource = join(repoRoot, 'apps/or3-chat')
const workspaceLock = join(repoRoot, 'bun.lock')

/** Packs every OR3 package of `packagesDir` into `destination` once; the rows share the tarballs. */
export function packAll(packagesDir: string, destination: string): string[] {
  mkdirSync(destination, { recursive: true })
  const packed: string[] = []
  for (const name of readdirSync(packagesDir).filter((entry) => entry.startsWith('or3-provider-')).sort()) {
    const dir = join(packagesDir, name)
    if (!existsSync(join(dir, 'package.json'))) continue
    if (!existsSync(join(dir, 'dist'))) throw new Error(`${dir} is not built: run bun run build:packages`)
    const before = new Set(readdirSync(destination))
    runLogged(['bun', 'pm', 'pack', '--destination', destination, '--quiet'], dir, `pack ${name}`)
    const created = readdirSync(destination).find((file) => !before.has(file) && file.endsWith('.tgz'))
    if (!created) throw new Error(`packing ${dir} produced no tarball`)
    packed.push(created)
  }
  return packed
}

/**
 * Copies the app into `dir/host` and installs it with the kit from `tarballs` and every
 * third-party package at its workspace-lock version (the overrides are the lock).
 */
export function createTempHost(dir: string, tarballs: string): string {
  const host = join(dir, 'host')
  cpSync(hostSource, host, {
    recursive: true,
    filter: (src) => !/\/(?:node_modules|\.nuxt|\.output|tests|\.data|\.env)(?:\/|$)/.test(src.slice(hostSource.length)),
  })
  const manifest = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'))
  manifest.dependencies = Object.fromEntries(Object.entries(manifest.dependencies).filter(([pkg]) => !pkg.startsWith('or3-provider-')))
  const kit = readdirSync(tarballs).find((file) => /^or3-provider-kit-\d.*\.tgz$/.test(file))
  if (!kit) throw new Error(`${tarballs} holds no or3-provider-kit tarball`)
  manifest.dependencies['or3-provider-kit'] = `file:${join(tarballs, kit)}`
  manifest.overrides = { ...manifest.overrides, ...overridesFromLock(workspaceLock, (pkg) => pkg.startsWith('or3-')).overrides }
  writeFileSync(join(host, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(join(host, 'or3.providers.generated.ts'), 'export const or3ProviderModules: string[] = []\n')
  runLogged(['bun', 'install'], host, 'install (the host and the kit)')
  return host
}

/** Third-party packages that resolved outside the workspace lock (only nested copies can). */
export function lockDrift(host: string): string[] {
  return compareLocks(readLockedVersions(workspaceLock), readLockedVersions(join(host, 'bun.lock'))).map(
    (move) => `${move.name}: locked ${move.locked.join(', ') || '(none)'}, resolved ${move.resolved.join(', ')}`,
  )
}
