import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { specFor, type HostLayout } from './host-layout'
import { runStep } from './run-step'
import type { FileTransaction } from './file-transaction'

const KIT = 'or3-provider-kit'

export interface HostManifest {
  dependencies?: Record<string, string>
  [field: string]: unknown
}

export interface DependencyPlan {
  manifest: HostManifest
  added: string[]
  removed: string[]
  /** Selected packages whose spec stays as it is. */
  kept: string[]
}

/**
 * The host's next dependencies: every selected provider package from the layout's source, no
 * provider package that is not selected. The kit stays; from tarballs it comes from the same
 * folder as the providers, so they match.
 */
export function planDependencies(layout: HostLayout, manifest: HostManifest, selected: string[]): DependencyPlan {
  const current = manifest.dependencies ?? {}
  const registryRange = registryRangeFor(layout, current[KIT])
  const next: Record<string, string> = {}
  for (const [pkg, spec] of Object.entries(current)) {
    if (!pkg.startsWith('or3-provider-') || pkg === KIT) next[pkg] = spec
  }
  if (layout.source.kind === 'tarballs') next[KIT] = specFor(layout, KIT, registryRange)
  const added: string[] = []
  const kept: string[] = []
  for (const pkg of selected) {
    const spec = specFor(layout, pkg, registryRange)
    next[pkg] = spec
    ;(current[pkg] === spec ? kept : added).push(pkg)
  }
  const removed = Object.keys(current).filter((pkg) => pkg.startsWith('or3-provider-') && pkg !== KIT && !selected.includes(pkg))
  return { manifest: { ...manifest, dependencies: sortKeys(next) }, added, removed, kept }
}

export function readHostManifest(layout: HostLayout): HostManifest {
  return JSON.parse(readFileSync(join(layout.hostDir, 'package.json'), 'utf8')) as HostManifest
}

/**
 * Writes the host's package.json and installs, remembering package.json and the lockfile in `tx`
 * first, so a rollback can put both back (and `reinstall` then restores node_modules).
 */
export function installDependencies(layout: HostLayout, plan: DependencyPlan, tx: FileTransaction): void {
  const manifestPath = join(layout.hostDir, 'package.json')
  tx.remember(manifestPath)
  tx.remember(join(layout.installDir, 'bun.lock'))
  writeFileSync(manifestPath, `${JSON.stringify(plan.manifest, null, 2)}\n`)
  reinstall(layout)
}

/** `bun install` where the layout's lockfile is: third-party versions stay as the lockfile has them. */
export function reinstall(layout: HostLayout): void {
  runStep({ cmd: ['bun', 'install'], cwd: layout.installDir, what: 'Installing the provider packages' })
}

/** The range registry installs use: the kit's own range when it is one, else its installed version's. */
function registryRangeFor(layout: HostLayout, kitSpec: string | undefined): string {
  if (kitSpec && /^[\^~]?\d+\.\d+\.\d+/.test(kitSpec)) return kitSpec
  const installed = join(layout.hostDir, 'node_modules', KIT, 'package.json')
  if (existsSync(installed)) return `^${(JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version}`
  return 'latest'
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}
