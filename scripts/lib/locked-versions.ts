// Reads the versions the workspace's bun.lock resolved, so a host installed outside the workspace
// (the matrix, the canary) can be held to them or compared with them.
import { readFileSync } from 'node:fs'

/** Registry packages in a bun.lock: name → every version the lock holds (nested copies included). */
export function readLockedVersions(lockFile: string): Map<string, Set<string>> {
  const lock = Bun.JSONC.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, unknown[]> }
  const versions = new Map<string, Set<string>>()
  for (const entry of Object.values(lock.packages)) {
    const spec = entry[0]
    if (typeof spec !== 'string') continue
    const at = spec.lastIndexOf('@')
    if (at <= 0) continue
    const name = spec.slice(0, at)
    const version = spec.slice(at + 1)
    // Workspace links, file: tarballs and git sources are not registry versions.
    if (!/^\d+\.\d+\.\d+/.test(version)) continue
    if (!versions.has(name)) versions.set(name, new Set())
    versions.get(name)!.add(version)
  }
  return versions
}

export interface LockOverrides {
  /** name → the exact version, for every package the lock resolved to one version. */
  overrides: Record<string, string>
  /** Packages the lock holds in several versions: Bun's overrides are top-level only, so these
   * cannot be pinned without forcing one version on every dependent; their parents' ranges apply. */
  unpinned: string[]
}

/** Overrides that make a fresh install resolve third-party packages as the lock did. */
export function overridesFromLock(lockFile: string, skip: (name: string) => boolean): LockOverrides {
  const overrides: Record<string, string> = {}
  const unpinned: string[] = []
  for (const [name, versions] of readLockedVersions(lockFile)) {
    if (skip(name)) continue
    if (versions.size === 1) overrides[name] = [...versions][0]!
    else unpinned.push(name)
  }
  return { overrides, unpinned: unpinned.sort() }
}

export interface VersionMove {
  name: string
  locked: string[]
  resolved: string[]
}

/** Packages whose versions in `after` are not all among those in `before`. */
export function compareLocks(before: Map<string, Set<string>>, after: Map<string, Set<string>>): VersionMove[] {
  const moves: VersionMove[] = []
  for (const [name, versions] of after) {
    const locked = before.get(name) ?? new Set<string>()
    if ([...versions].every((v) => locked.has(v))) continue
    moves.push({ name, locked: [...locked].sort(), resolved: [...versions].sort() })
  }
  return moves.sort((a, b) => a.name.localeCompare(b.name))
}
