import { isProviderError } from 'or3-provider-kit'
import { isDataDirError } from 'or3-provider-kit/server'
import { ConfigError } from '#shared/config/env-readers'
import { useOr3CloudConfig } from '../admin/config/resolve-config'
import { bootProviders, ProviderBootError } from '../core/boot/boot-server'
import { startJobCleanup } from '../core/jobs/job-cleanup'
import { extendContentSecurityPolicy } from '../core/security/extend-content-security-policy'

/**
 * Runs after the provider modules' plugins (module plugins load before the host's own), so every
 * registration is in place when the config is checked against the registries.
 *
 * With `OR3_CHECK_CONFIG=1` the server only checks: it runs the same boot check, prints the
 * resolved config as one JSON line (it holds no secret) and exits 0, or 1 with the reason. Tests
 * and the setup wizard use it to see exactly what a built server would run with.
 */
export default defineNitroPlugin((nitroApp) => {
  try {
    const config = useOr3CloudConfig()
    const providers = bootProviders(config, process.env)
    if (process.env.OR3_CHECK_CONFIG === '1') {
      console.log(JSON.stringify(config))
      process.exit(0)
    }
    if (config.backgroundStreaming.enabled) nitroApp.hooks.hook('close', startJobCleanup(providers.jobs, config))
  } catch (error) {
    // Nothing can be served without its providers: say why and stop. A misconfiguration (core's,
    // or a provider refusing its settings) or a data folder that cannot be used (read-only, full,
    // a file in the way) is explained by its one sentence; anything else keeps its stack for
    // whoever has to debug it.
    const explained =
      error instanceof ProviderBootError ||
      error instanceof ConfigError ||
      isDataDirError(error) ||
      (isProviderError(error) && error.code === 'NOT_CONFIGURED')
    const detail = error instanceof Error ? (explained ? error.message : (error.stack ?? error.message)) : String(error)
    console.error(`[or3] cannot start:\n${detail}`)
    process.exit(1)
  }
  void extendContentSecurityPolicy(nitroApp)
})
