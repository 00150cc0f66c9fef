import { describe, expect, it } from 'vitest'
import { isProviderError, type UserKeyPolicy } from 'or3-provider-kit'
import { selectLlmKey } from '../../../server/core/llm/select-llm-key'
import { clearUpstreamFaults, recentUpstreamFaults } from '../../../server/core/llm/upstream-faults'

const USER = 'sk-user-key'
const INSTANCE = 'sk-instance-key'

function pick(policy: UserKeyPolicy, userKey: string | null, instanceKey: string | null) {
  try {
    return selectLlmKey({ policy, userKey, instanceKey })
  } catch (error) {
    if (!isProviderError(error)) throw error
    return { error: error.code, message: error.message, fields: error.fields }
  }
}

describe('LLM key selection by policy', () => {
  it('allow: the user key wins, the instance key is the fallback', () => {
    expect(pick('allow', USER, INSTANCE)).toEqual({ key: USER, source: 'user' })
    expect(pick('allow', null, INSTANCE)).toEqual({ key: INSTANCE, source: 'instance' })
  })

  it('require: only the user key, never the instance key', () => {
    expect(pick('require', USER, INSTANCE)).toEqual({ key: USER, source: 'user' })
    expect(pick('require', null, INSTANCE)).toMatchObject({
      error: 'VALIDATION',
      message: expect.stringContaining('requires your own'),
      fields: { 'headers.x-or3-user-key': expect.any(Array) },
    })
  })

  it('instance-only: the instance key even when the user sent one', () => {
    expect(pick('instance-only', USER, INSTANCE)).toEqual({ key: INSTANCE, source: 'instance' })
    clearUpstreamFaults()
    const refused = pick('instance-only', USER, null) as { error: string; message: string }
    expect(refused.error).toBe('NOT_CONFIGURED')
    // The user learns whom to ask; the operator's fix goes to the log and the admin status.
    expect(refused.message).not.toContain('OR3_')
    expect(recentUpstreamFaults()[0]).toMatchObject({ kind: 'configuration', detail: expect.stringContaining('OR3_LLM_API_KEY') })
  })

  it('no key at all: a 400 that points the user to the key setting, and the operator to the env', () => {
    clearUpstreamFaults()
    const result = pick('allow', null, null)
    expect(result).toMatchObject({ error: 'VALIDATION', fields: { 'headers.x-or3-user-key': expect.any(Array) } })
    const { message } = result as { message: string }
    expect(message).toContain('Settings')
    expect(message).not.toContain('OR3_')
    const [fault] = recentUpstreamFaults()
    for (const hint of ['OR3_LLM_API_KEY', 'OR3_LLM_BASE_URL', 'Ollama']) expect(fault?.detail).toContain(hint)
  })
})
