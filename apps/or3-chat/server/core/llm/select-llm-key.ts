import { ProviderError, USER_LLM_KEY_HEADER, type UserKeyPolicy } from 'or3-provider-kit'
import { recordUpstreamFault } from './upstream-faults'

export type LlmKeySource = 'user' | 'instance'

/** The key one upstream call uses, and whose it is (errors blame the right party). */
export interface LlmCredential {
  key: string
  source: LlmKeySource
}

const USER_KEY_FIELD = `headers.${USER_LLM_KEY_HEADER}`

// For the operator only (log and admin status): users read a sentence they can act on.
const LOCAL_SERVER_HINT =
  'For a local OpenAI-compatible server (Ollama, vLLM) set OR3_LLM_BASE_URL to it ' +
  '(e.g. http://localhost:11434/v1) and OR3_LLM_API_KEY to any placeholder such as "ollama".'

/**
 * Chooses the key for an upstream call by the deployment's policy:
 * - `allow`: the user's key when they sent one, else the instance key;
 * - `require`: only the user's key (the instance key is never spent);
 * - `instance-only`: only the instance key (a user key is ignored, so a client that always sends
 *   its stored key keeps working).
 * No usable key is a 400 naming the header (clients show the key setting) or, when only the
 * operator can fix it, a 501; either way the operator's fix is recorded for the log and admin status.
 */
export function selectLlmKey(input: {
  policy: UserKeyPolicy
  userKey: string | null
  instanceKey: string | null
  /** The env variable of the instance key, named in the operator's hint (OR3_LLM_API_KEY unless several endpoints). */
  instanceKeyEnv?: string
}): LlmCredential {
  const { policy, userKey, instanceKey } = input
  const keyEnv = input.instanceKeyEnv ?? 'OR3_LLM_API_KEY'
  if (policy === 'instance-only') {
    if (instanceKey) return { key: instanceKey, source: 'instance' }
    recordUpstreamFault(
      'configuration',
      `A chat was refused: the user-key policy is instance-only but ${keyEnv} is not set. ${LOCAL_SERVER_HINT}`,
    )
    throw new ProviderError('NOT_CONFIGURED', 'This server is not set up to answer chats yet: tell whoever runs it.')
  }
  if (userKey) return { key: userKey, source: 'user' }
  if (policy === 'require') {
    throw missingUserKey('This server requires your own LLM API key: add it in Settings → API key.')
  }
  if (instanceKey) return { key: instanceKey, source: 'instance' }
  recordUpstreamFault(
    'configuration',
    `A chat had no key: the user sent none and ${keyEnv} is not set. ${LOCAL_SERVER_HINT}`,
  )
  throw missingUserKey(
    'No API key for the model provider: add your own key in Settings → API key, or ask whoever runs this server to set one up.',
  )
}

function missingUserKey(message: string): ProviderError {
  return new ProviderError('VALIDATION', message, { fields: { [USER_KEY_FIELD]: [message] } })
}
