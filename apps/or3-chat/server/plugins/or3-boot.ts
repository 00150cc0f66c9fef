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
    const message = error instanceof Error ? error.message : String(error)
    console.error(`[or3] cannot start:\n${message}`)
    if (error instanceof ProviderBootError || error?.constructor?.name === 'ConfigError') process.exit(1)
    throw error
  }
})
