import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { WizardInputError } from './wizard-errors'

/**
 * Where the host is and where its provider packages come from:
 * - `workspace`: the host is a member of a Bun workspace that holds the provider packages (the
 *   OR3 repository during development): `workspace:*` dependencies, installed at the workspace root;
 * - `tarballs`: a host of its own, providers from packed tarballs in a folder (`--packages`);
 * - `registry`: a host of its own, providers from the npm registry.
 */
export type PackageSource =
  | { kind: 'workspace'; root: string }
  | { kind: 'tarballs'; dir: string }
  | { kind: 'registry' }

export interface HostLayout {
  hostDir: string
  source: PackageSource
  /** Where `bun install` runs and the lockfile lives. */
  installDir: string
  /** The repository the host lives in: the Convex backend folder goes here. */
  repoRoot: string
}

export function detectLayout(hostDir: string, packagesDir?: string): HostLayout {
  const host = resolve(hostDir)
  if (!existsSync(join(host, 'or3.providers.generated.ts'))) {
    throw new WizardInputError(`${host} is not an OR3 host: it has no or3.providers.generated.ts.`)
  }
  const workspaceRoot = findWorkspaceRoot(host)
  if (workspaceRoot) {
    if (packagesDir) {
      throw new WizardInputError('--packages is for a host outside the OR3 workspace; inside it, providers come from the workspace packages.')
    }
    return { hostDir: host, source: { kind: 'workspace', root: workspaceRoot }, installDir: workspaceRoot, repoRoot: workspaceRoot }
  }
  if (packagesDir) {
    const dir = resolve(packagesDir)
    if (!existsSync(dir)) throw new WizardInputError(`--packages names a folder that does not exist: ${dir}.`)
    return { hostDir: host, source: { kind: 'tarballs', dir }, installDir: host, repoRoot: host }
  }
  return { hostDir: host, source: { kind: 'registry' }, installDir: host, repoRoot: host }
}

/** The dependency spec that installs `pkg` from the layout's source. */
export function specFor(layout: HostLayout, pkg: string, registryRange: string): string {
  switch (layout.source.kind) {
    case 'workspace':
      if (!existsSync(join(layout.source.root, 'packages', pkg, 'package.json'))) {
        throw new WizardInputError(`The workspace at ${layout.source.root} has no packages/${pkg}.`)
      }
      return 'workspace:*'
    case 'registry':
      return registryRange
    case 'tarballs': {
      const tarball = readdirSync(layout.source.dir).find((file) => new RegExp(`^${pkg}-\\d[^/]*\\.tgz$`).test(file))
      if (!tarball) throw new WizardInputError(`${layout.source.dir} holds no tarball of ${pkg} (expected ${pkg}-<version>.tgz).`)
      return `file:${join(layout.source.dir, tarball)}`
    }
  }
}

/** The nearest Bun workspace that lists the host as a member and holds the OR3 provider packages. */
function findWorkspaceRoot(host: string): string | null {
  for (let dir = dirname(host); dir !== dirname(dir); dir = dirname(dir)) {
    const manifestPath = join(dir, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { workspaces?: string[] | { packages?: string[] } }
    const patterns = Array.isArray(manifest.workspaces) ? manifest.workspaces : (manifest.workspaces?.packages ?? [])
    if (patterns.length === 0) continue
    const member = relative(dir, host)
    const isMember = patterns.some((pattern) => new Bun.Glob(pattern).match(member))
    return isMember && existsSync(join(dir, 'packages/or3-provider-kit/package.json')) ? dir : null
  }
  return null
}
