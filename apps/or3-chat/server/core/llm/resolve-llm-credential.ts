import { getRequestHeader, type H3Event } from 'h3'
import { ProviderError, USER_LLM_KEY_HEADER, type Or3CloudConfig } from 'or3-provider-kit'
import { readInstanceLlmKey } from './instance-llm-key'
import { selectLlmKey, type LlmCredential } from './select-llm-key'

const MAX_USER_KEY_LENGTH = 512
// Visible ASCII only: the key goes into an Authorization header upstream, so no CR/LF or spaces.
const USER_KEY_PATTERN = /^[\x21-\x7e]+$/

/** The key for this request's upstream call: the user's header key or the instance key, by policy. */
export function resolveLlmCredential(event: H3Event, config: Or3CloudConfig): LlmCredential {
  return selectLlmKey({
    policy: config.llm.userKeyPolicy,
    userKey: readUserLlmKey(event),
    instanceKey: readInstanceLlmKey(),
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
