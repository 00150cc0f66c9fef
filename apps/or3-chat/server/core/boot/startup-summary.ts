import type { Or3CloudConfig } from 'or3-provider-kit'
import { resolveDataDir } from 'or3-provider-kit/server'
import type { ActiveProviders } from '../providers/active-providers'
import { upstreamHost } from '../llm/upstream-client'
import { describeProviders } from './check-providers'

/**
 * The first lines a person reads when the server starts: where to open it, where its data lives,
 * which providers run, and whether chat can answer (never the key itself).
 */
export function describeStartup(config: Or3CloudConfig, active: ActiveProviders, env: Record<string, string | undefined>): string[] {
  return [
    `OR3 is starting: open ${openUrl(env)}`,
    describeProviders(config, active),
    `OR3 data folder: ${resolveDataDir(env)}${env.OR3_DATA_DIR ? '' : ' (set OR3_DATA_DIR to move it)'}`,
    describeLlm(config),
  ]
}

/** The address to type into a browser: `localhost` for a wildcard or loopback bind. */
export function openUrl(env: Record<string, string | undefined>): string {
  const port = env.NITRO_PORT || env.PORT || '3000'
  const host = env.NITRO_HOST || env.HOST || ''
  const local = ['', '0.0.0.0', '::', '[::]', '127.0.0.1', '::1', '[::1]', 'localhost'].includes(host)
  const name = local ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  const scheme = env.NITRO_SSL_CERT && env.NITRO_SSL_KEY ? 'https' : 'http'
  return `${scheme}://${name}:${port}`
}

function describeLlm(config: Or3CloudConfig): string {
  const { endpoints } = config.llm
  if (endpoints.length > 1) {
    const each = endpoints.map((endpoint) => `${endpoint.id} (${upstreamHost(endpoint.baseUrl)}, ${endpoint.hasInstanceKey ? 'server key' : 'no server key'})`)
    return `OR3 LLM: ${endpoints.length} endpoints, ${each.join(', ')}; models without an endpoint prefix go to ${endpoints[0]!.id}`
  }
  const { baseUrl, hasInstanceKey, userKeyPolicy } = config.llm
  if (hasInstanceKey) return `OR3 LLM: ${baseUrl} with this server's key (OR3_LLM_API_KEY)`
  if (userKeyPolicy === 'instance-only') {
    return `OR3 LLM: ${baseUrl}, but no key: chat cannot answer. Set OR3_LLM_API_KEY, or allow users' own keys with OR3_LLM_USER_KEYS=allow`
  }
  return `OR3 LLM: ${baseUrl} with no server key: users add their own in Settings; to answer for everyone, set OR3_LLM_API_KEY`
}
