import type { Or3CloudConfig } from 'or3-provider-kit'
import type { ServerRegistries } from 'or3-provider-kit/server'

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

/** The one line the server logs at boot, e.g. `auth: basic-auth, sync: sqlite, ...`. */
export function describeProviders(config: Or3CloudConfig): string {
  if (!config.enabled) return `OR3 providers: local-only (cloud off), limits: ${config.limits.storageProvider}`
  const name = (id: string | null) => id ?? 'off'
  return (
    `OR3 providers: auth: ${name(config.auth.provider)}, sync: ${name(config.sync.provider)}, ` +
    `storage: ${name(config.storage.provider)}, limits: ${config.limits.storageProvider}, ` +
    `jobs: ${config.backgroundStreaming.storageProvider}` +
    (config.auth.workspaceProvider !== config.sync.provider ? `, workspaces: ${name(config.auth.workspaceProvider)}` : '') +
    (config.strict ? '' : ' (strict check off)')
  )
}
