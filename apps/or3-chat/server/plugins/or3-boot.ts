import { isProviderError } from 'or3-provider-kit'
import { ConfigError } from '../../shared/config/env-readers'
import { useOr3CloudConfig } from '../admin/config/resolve-config'
import { bootProviders, ProviderBootError } from '../core/boot/boot-server'

/**
 * Runs after the provider modules' plugins (module plugins load before the host's own), so every
 * registration is in place when the config is checked against the registries.
 */
export default defineNitroPlugin(() => {
  try {
    bootProviders(useOr3CloudConfig(), process.env)
  } catch (error) {
    // Nothing can be served without its providers: say why and stop. A misconfiguration (core's,
    // or a provider refusing its settings) is explained by its message; anything else keeps its
    // stack for whoever has to debug it.
    const explained =
      error instanceof ProviderBootError ||
      error instanceof ConfigError ||
      (isProviderError(error) && error.code === 'NOT_CONFIGURED')
    const detail = error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error)
    console.error(`[or3] cannot start:\n${detail}`)
    process.exit(1)
  }
})
