import type { NitroApp } from 'nitropack/types'
import { allowedContentSources } from 'or3-provider-kit/server'

/**
 * Adds the remote origins providers asked for (`allowContentSources`, from their Nitro plugin or
 * factory) to the page policy. Runs once providers have booted: nuxt-security applied its rules
 * before the host's plugins ran, so its `ready` hook is called again to re-run `routeRules` hooks.
 */
export async function extendContentSecurityPolicy(nitroApp: NitroApp): Promise<void> {
  const added = Object.entries(allowedContentSources()).filter(([, sources]) => sources.length > 0)
  if (added.length === 0) return
  nitroApp.hooks.hook('nuxt-security:routeRules', (rules) => {
    const headers = rules['/**']?.headers
    const policy = headers ? (headers.contentSecurityPolicy as Record<string, unknown> | false | undefined) : undefined
    if (!policy) return
    for (const [directive, sources] of added) {
      const current = policy[directive]
      policy[directive] = [...new Set([...(Array.isArray(current) ? (current as string[]) : ["'self'"]), ...sources])]
    }
  })
  await nitroApp.hooks.callHook('nuxt-security:ready')
}
