import type { Or3CloudConfig } from 'or3-provider-kit'
import type { ServerRegistries } from 'or3-provider-kit/server'
import type { ActiveProviders } from '../providers/active-providers'

export interface RegistrationProblem {
  setting: string
  providerId: string
  message: string
}

const BUILT_IN = new Set(['memory'])

/**
 * Compares the config with the registries. Each configured id with nothing registered is a
 * problem whose message names the package to install and the line to add.
 */
export function findRegistrationProblems(config: Or3CloudConfig, registries: ServerRegistries): RegistrationProblem[] {
  const wanted: Array<[setting: string, id: string | null, registry: keyof ServerRegistries]> = [
    ['auth.provider', config.auth.provider, 'auth'],
    ['auth.workspaceProvider', config.auth.workspaceProvider, 'workspaces'],
    ['sync.provider', config.sync.provider, 'sync'],
    ['storage.provider', config.storage.provider, 'storage'],
    ['limits.storageProvider', config.limits.storageProvider, 'limits'],
    ['backgroundStreaming.storageProvider', config.backgroundStreaming.storageProvider, 'jobs'],
  ]
  const problems: RegistrationProblem[] = []
  for (const [setting, id, registry] of wanted) {
    if (id === null || BUILT_IN.has(id) || registries[registry].has(id)) continue
    const pkg = `or3-provider-${id}`
    problems.push({
      setting,
      providerId: id,
      message:
        `${setting} is '${id}' but no ${registries[registry].kind} '${id}' is registered: ` +
        `install ${pkg} and add '${pkg}/nuxt' to or3.providers.generated.ts`,
    })
  }
  return problems
}

/** What runs in place of a configured provider that nothing registered (lenient mode only). */
export interface ProviderFallback {
  setting: string
  configured: string
  /** The stand-in, or null when the surface is simply off. */
  using: string | null
}

/**
 * Configured ids that resolved to something else: a single-process memory store for limits and
 * jobs, nothing for the other surfaces. Empty on a strict server (boot refused it instead).
 */
export function findFallbacks(config: Or3CloudConfig, active: ActiveProviders): ProviderFallback[] {
  const compare: Array<[setting: string, configured: string | null, running: string | null]> = [
    ['auth.provider', config.auth.provider, active.resolvedIds.auth],
    ['auth.workspaceProvider', config.auth.workspaceProvider, active.resolvedIds.workspaces],
    ['sync.provider', config.sync.provider, active.resolvedIds.sync],
    ['storage.provider', config.storage.provider, active.resolvedIds.storage],
    ['limits.storageProvider', config.limits.storageProvider, active.resolvedIds.limits],
    ['backgroundStreaming.storageProvider', config.backgroundStreaming.storageProvider, active.resolvedIds.jobs],
  ]
  return compare.flatMap(([setting, configured, running]) =>
    configured !== null && running !== configured ? [{ setting, configured, using: running }] : [],
  )
}

/** One sentence per fallback, for the boot log and the admin page. */
export function describeFallback(fallback: ProviderFallback): string {
  if (fallback.using === 'memory') {
    return `${fallback.setting} '${fallback.configured}' is not installed: using this process's memory instead (it resets on restart and is not shared between server instances)`
  }
  return `${fallback.setting} '${fallback.configured}' is not installed: that surface is off and its endpoints answer 404`
}

/** The one line the server logs at boot, e.g. `auth: basic-auth, sync: sqlite, ...`: what really runs. */
export function describeProviders(config: Or3CloudConfig, active: ActiveProviders): string {
  const ids = active.resolvedIds
  if (!config.enabled) return `OR3 providers: local-only (cloud off), limits: ${ids.limits}`
  const name = (id: string | null) => id ?? 'off'
  const fallbacks = findFallbacks(config, active)
  return (
    `OR3 providers: auth: ${name(ids.auth)}, sync: ${name(ids.sync)}, ` +
    `storage: ${name(ids.storage)}, limits: ${ids.limits}, jobs: ${ids.jobs}` +
    (config.auth.workspaceProvider !== config.sync.provider ? `, workspaces: ${name(ids.workspaces)}` : '') +
    (fallbacks.length > 0 ? ` (lenient: ${fallbacks.length} configured provider(s) not installed, see the warning above)` : '') +
    (config.strict ? '' : ' (strict check off)')
  )
}
