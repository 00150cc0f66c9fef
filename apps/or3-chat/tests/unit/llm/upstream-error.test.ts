import { afterEach, describe, expect, it } from 'vitest'
import { redactSecrets } from '../../../server/core/llm/redact-secrets'
import { upstreamHttpError, upstreamNetworkError } from '../../../server/core/llm/upstream-error'
import { clearUpstreamFaults, recentUpstreamFaults } from '../../../server/core/llm/upstream-faults'

const INSTANCE = 'instance-secret-0123456789'

describe('upstream error mapping', () => {
  const previous = process.env.OR3_LLM_API_KEY
  afterEach(() => {
    if (previous === undefined) delete process.env.OR3_LLM_API_KEY
    else process.env.OR3_LLM_API_KEY = previous
  })

  const map = (status: number, body: unknown, source: 'user' | 'instance', retryAfter: string | null = null) =>
    upstreamHttpError({
      status,
      bodyText: typeof body === 'string' ? body : JSON.stringify(body),
      retryAfter,
      credential: { key: source === 'user' ? 'user-key-abcdef' : INSTANCE, source },
      host: 'llm.example:8080',
    })

  it('never repeats a key the upstream echoed back, to the user or in the operator record', () => {
    process.env.OR3_LLM_API_KEY = INSTANCE
    clearUpstreamFaults()
    const error = map(401, { error: { message: `Incorrect API key provided: ${INSTANCE}` } }, 'instance')
    expect(error.message).not.toContain(INSTANCE)
    expect(error.message).toContain('[redacted]')
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).not.toContain('OR3_')
    const [fault] = recentUpstreamFaults()
    expect(fault?.detail).toContain('OR3_LLM_API_KEY')
    expect(fault?.detail).not.toContain(INSTANCE)
  })

  it('tells the user what to do about a 404 or an unreachable upstream, and the operator where to look', () => {
    clearUpstreamFaults()
    const missing = upstreamHttpError({
      status: 404,
      bodyText: 'model not found',
      retryAfter: null,
      credential: { key: 'k-123456', source: 'instance' },
      host: 'llm.example:8080',
      model: 'openai/gpt-4o-mini',
    })
    expect(missing.message).toContain('"openai/gpt-4o-mini"')
    expect(missing.message).toContain('Choose another model')
    const unreachable = upstreamNetworkError(new Error('connect ECONNREFUSED 127.0.0.1:9'), 'llm.example:8080')
    expect(unreachable.message).toContain('Try again')
    for (const error of [missing, unreachable]) expect(error.message).not.toContain('OR3_')
    expect(recentUpstreamFaults().map((f) => f.kind)).toEqual(['unreachable', 'http'])
    for (const fault of recentUpstreamFaults()) expect(fault.detail).toContain('OR3_LLM_BASE_URL')
  })

  it('blames the user key with a 400 and points to the setting', () => {
    const error = map(401, { error: { message: 'bad key' } }, 'user')
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toMatch(/your API key.*bad key.*Settings/)
  })

  it('keeps the upstream message of a 5xx, and passes on Retry-After of a 429', () => {
    const failed = map(500, { error: { message: 'model overloaded' } }, 'instance')
    expect(failed).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HTTP 500): model overloaded') })
    expect(map(429, 'slow down', 'user', '7')).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 7 })
  })

  it('redacts key-shaped strings and bearer tokens it does not know', () => {
    expect(redactSecrets('got sk-proj-****abcd and Bearer xyz.123', [])).toBe('got [redacted] and Bearer [redacted]')
  })
})
