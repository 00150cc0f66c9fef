import { ConfigError } from '../../shared/config/env-readers'
import { useOr3CloudConfig } from '../admin/config/resolve-config'
import { bootProviders, ProviderBootError } from '../core/boot/boot-server'
import { startJobCleanup } from '../core/jobs/job-cleanup'

/**
 * Runs after the provider modules' plugins (module plugins load before the host's own), so every
 * registration is in place when the config is checked against the registries.
 */
export default defineNitroPlugin((nitroApp) => {
  try {
    const config = useOr3CloudConfig()
    const providers = bootProviders(config, process.env)
    if (config.backgroundStreaming.enabled) nitroApp.hooks.hook('close', startJobCleanup(providers.jobs, config))
  } catch (error) {
    // Nothing can be served without its providers: say why and stop. A misconfiguration is
    // explained by its message; anything else keeps its stack for whoever has to debug it.
    const explained = error instanceof ProviderBootError || error instanceof ConfigError
    const detail = error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error)
    console.error(`[or3] cannot start:\n${detail}`)
    process.exit(1)
  }
})
