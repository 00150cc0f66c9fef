import { buildOr3CloudConfig } from './shared/config/build-or3-cloud-config'
import { providerIdsFromModules } from './shared/config/known-providers'
import { or3ProviderModules } from './or3.providers.generated'

/**
 * The cloud config as this checkout selects it, for build-time tooling and docs. The running
 * server resolves the same builder from its own env (server/admin/config/resolve-config.ts).
 */
export const installedProviders = providerIdsFromModules(or3ProviderModules)

export function or3CloudConfigFor(env: Record<string, string | undefined>) {
  return buildOr3CloudConfig(env, installedProviders)
}

export default or3CloudConfigFor(process.env)
