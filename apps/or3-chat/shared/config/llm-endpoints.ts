import type { LlmEndpointConfig, UserKeyPolicy } from 'or3-provider-kit'
import { ENDPOINT_ID_PATTERN } from '../llm/model-ref'
import { ConfigError, readChoice, readList, readString, type EnvMap } from './env-readers'

export const DEFAULT_LLM_BASE_URL = 'https://openrouter.ai/api/v1'
const USER_KEY_POLICIES = ['allow', 'require', 'instance-only'] as const
/** Settings that belong to one endpoint when OR3_LLM_ENDPOINTS declares several. */
const SINGLE_ENDPOINT_SETTINGS = ['OR3_LLM_BASE_URL', 'OR3_LLM_API_KEY'] as const

/** `OR3_LLM_<ID>_<SETTING>`: the env variable of one endpoint's setting (dashes become underscores). */
export function endpointEnvName(id: string, setting: string): string {
  return `OR3_LLM_${id.toUpperCase().replace(/-/g, '_')}_${setting}`
}

/**
 * The upstreams. Without OR3_LLM_ENDPOINTS there is one, `default`, from OR3_LLM_BASE_URL and
 * OR3_LLM_API_KEY exactly as before. With `OR3_LLM_ENDPOINTS=hosted,local` each id reads
 * `OR3_LLM_<ID>_BASE_URL` (required), `_API_KEY`, `_LABEL`, `_USER_KEYS` (default OR3_LLM_USER_KEYS)
 * and `_MODELS` (a fixed list; unset asks the upstream's /models). The first is the default.
 */
export function readLlmEndpoints(env: EnvMap, userKeyPolicy: UserKeyPolicy): LlmEndpointConfig[] {
  const ids = readList(env, 'OR3_LLM_ENDPOINTS', [])
  if (ids.length === 0) {
    return [
      {
        id: 'default',
        label: 'Default',
        baseUrl: readString(env, 'OR3_LLM_BASE_URL') ?? DEFAULT_LLM_BASE_URL,
        instanceKeyEnv: 'OR3_LLM_API_KEY',
        hasInstanceKey: readString(env, 'OR3_LLM_API_KEY') !== undefined,
        userKeyPolicy,
        models: null,
      },
    ]
  }
  const both = SINGLE_ENDPOINT_SETTINGS.filter((name) => readString(env, name) !== undefined)
  if (both.length > 0) {
    throw new ConfigError(
      `OR3_LLM_ENDPOINTS declares the endpoints, so ${both.join(' and ')} would be ignored: move ${both.length > 1 ? 'them' : 'it'} to ${endpointEnvName(ids[0]!, 'BASE_URL')} / ${endpointEnvName(ids[0]!, 'API_KEY')}`,
    )
  }
  const seen = new Set<string>()
  return ids.map((id) => {
    if (!ENDPOINT_ID_PATTERN.test(id)) {
      throw new ConfigError(
        `OR3_LLM_ENDPOINTS: '${id}' is not an endpoint id (lowercase letters, digits and dashes, starting with a letter, at most 32)`,
      )
    }
    if (seen.has(id)) throw new ConfigError(`OR3_LLM_ENDPOINTS names '${id}' twice`)
    seen.add(id)
    const baseUrlName = endpointEnvName(id, 'BASE_URL')
    const baseUrl = readBaseUrl(env, baseUrlName)
    if (!baseUrl) throw new ConfigError(`OR3_LLM_ENDPOINTS names '${id}' but ${baseUrlName} is not set (e.g. http://localhost:11434/v1)`)
    const instanceKeyEnv = endpointEnvName(id, 'API_KEY')
    const models = readList(env, endpointEnvName(id, 'MODELS'), [])
    return {
      id,
      label: readString(env, endpointEnvName(id, 'LABEL')) ?? id,
      baseUrl,
      instanceKeyEnv,
      hasInstanceKey: readString(env, instanceKeyEnv) !== undefined,
      userKeyPolicy: readChoice(env, endpointEnvName(id, 'USER_KEYS'), USER_KEY_POLICIES, userKeyPolicy),
      models: models.length > 0 ? models : null,
    }
  })
}

function readBaseUrl(env: EnvMap, name: string): string | undefined {
  const value = readString(env, name)
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL such as https://openrouter.ai/api/v1 (got '${value}')`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL such as https://openrouter.ai/api/v1 (got '${value}')`)
  }
  return value
}
