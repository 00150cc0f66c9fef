import { isDataDirError } from 'or3-provider-kit/server'
import { ConfigError } from '../../shared/config/env-readers'
import { useOr3CloudConfig } from '../admin/config/resolve-config'
import { bootProviders, ProviderBootError } from '../core/boot/boot-server'
import { extendContentSecurityPolicy } from '../core/security/extend-content-security-policy'

/**
 * Runs after the provider modules' plugins (module plugins load before the host's own), so every
 * registration is in place when the config is checked against the registries.
 */
export default defineNitroPlugin((nitroApp) => {
  try {
    bootProviders(useOr3CloudConfig(), process.env)
  } catch (error) {
    // Nothing can be served without its providers: say why and stop. A misconfiguration or a data
    // folder that cannot be used (read-only, full, a file in the way) is explained by its one
    // sentence; anything else keeps its stack for whoever has to debug it.
    const explained = error instanceof ProviderBootError || error instanceof ConfigError || isDataDirError(error)
    const detail = error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error)
    console.error(`[or3] cannot start:\n${detail}`)
    process.exit(1)
  }
  void extendContentSecurityPolicy(nitroApp)
})
