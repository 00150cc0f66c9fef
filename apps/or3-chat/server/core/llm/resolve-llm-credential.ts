import { getRequestHeader, type H3Event } from 'h3'
import {
  ProviderError,
  USER_LLM_KEY_ENDPOINT_HEADER,
  USER_LLM_KEY_HEADER,
  type LlmEndpointConfig,
} from 'or3-provider-kit'
import { ENDPOINT_ID_PATTERN } from '#shared/llm/model-ref'
import { readInstanceLlmKey } from './instance-llm-key'
import { selectLlmKey, type LlmCredential } from './select-llm-key'

const MAX_USER_KEY_LENGTH = 512
// Visible ASCII only: the key goes into an Authorization header upstream, so no CR/LF or spaces.
const USER_KEY_PATTERN = /^[\x21-\x7e]+$/

/**
 * The key for one upstream call to `endpoint`: the user's header key or the endpoint's instance
 * key, by the endpoint's policy. The user's key belongs to the endpoint named in
 * USER_LLM_KEY_ENDPOINT_HEADER (the default endpoint when absent) and is used for that one only:
 * for any other endpoint it is as if the user had sent none, so it never reaches another upstream.
 */
export function resolveLlmCredential(event: H3Event, endpoints: readonly LlmEndpointConfig[], endpoint: LlmEndpointConfig): LlmCredential {
  const userKey = readUserLlmKey(event)
  const keyEndpoint = userKey === null ? null : readUserKeyEndpoint(event, endpoints)
  return selectLlmKey({
    policy: endpoint.userKeyPolicy,
    userKey: keyEndpoint === endpoint.id ? userKey : null,
    instanceKey: readInstanceLlmKey(endpoint),
    instanceKeyEnv: endpoint.instanceKeyEnv,
  })
}

function readUserLlmKey(event: H3Event): string | null {
  const raw = getRequestHeader(event, USER_LLM_KEY_HEADER)?.trim()
  if (!raw) return null
  if (raw.length > MAX_USER_KEY_LENGTH || !USER_KEY_PATTERN.test(raw)) {
    const message = `The API key in ${USER_LLM_KEY_HEADER} must be printable ASCII without spaces, at most ${MAX_USER_KEY_LENGTH} characters`
    throw new ProviderError('VALIDATION', message, { fields: { [`headers.${USER_LLM_KEY_HEADER}`]: [message] } })
  }
  return raw
}

function readUserKeyEndpoint(event: H3Event, endpoints: readonly LlmEndpointConfig[]): string {
  const raw = getRequestHeader(event, USER_LLM_KEY_ENDPOINT_HEADER)?.trim()
  if (!raw) return endpoints[0]!.id
  if (!ENDPOINT_ID_PATTERN.test(raw) || !endpoints.some((endpoint) => endpoint.id === raw)) {
    const message = `Your API key is set for a model provider this server does not have ('${raw.slice(0, 40)}'): choose the provider again in Settings → API key.`
    throw new ProviderError('VALIDATION', message, { fields: { [`headers.${USER_LLM_KEY_ENDPOINT_HEADER}`]: [message] } })
  }
  return raw
}
