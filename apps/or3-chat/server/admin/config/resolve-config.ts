import type { Or3CloudConfig } from 'or3-provider-kit'
import { buildOr3CloudConfig } from '#shared/config/build-or3-cloud-config'
import { providerIdsFromModules } from '#shared/config/known-providers'
import { or3ProviderModules } from '../../../or3.providers.generated'

let cached: Or3CloudConfig | undefined

/** The server's config, built from an env map (process.env by default) with the shared builder. */
export function resolveOr3CloudConfig(env: Record<string, string | undefined> = process.env): Or3CloudConfig {
  return buildOr3CloudConfig(env, providerIdsFromModules(or3ProviderModules))
}

/** Resolved once per process: provider settings are read at boot. */
export function useOr3CloudConfig(): Or3CloudConfig {
  return (cached ??= resolveOr3CloudConfig())
}

/** Forgets the cached config (tests). */
export function resetOr3CloudConfig(): void {
  cached = undefined
}
