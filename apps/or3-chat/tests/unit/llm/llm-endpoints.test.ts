import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { createEvent, type H3Event } from 'h3'
import { afterEach, describe, expect, it } from 'vitest'
import { chatStreamRequestSchema, isProviderError, USER_LLM_KEY_ENDPOINT_HEADER, USER_LLM_KEY_HEADER } from 'or3-provider-kit'
import { buildOr3CloudConfig } from '../../../shared/config/build-or3-cloud-config'
import { parseModelRef, qualifyModelId } from '../../../shared/llm/model-ref'
import { allInstanceLlmKeys } from '../../../server/core/llm/instance-llm-key'
import { resolveLlmTarget } from '../../../server/core/llm/resolve-llm-target'
import { toUpstreamChatBody } from '../../../server/core/llm/upstream-client'

const TWO_ENDPOINTS = {
  OR3_LLM_ENDPOINTS: 'hosted,local',
  OR3_LLM_HOSTED_BASE_URL: 'https://hosted.example/v1',
  OR3_LLM_HOSTED_API_KEY: 'sk-hosted-instance',
  OR3_LLM_HOSTED_LABEL: 'Hosted API',
  OR3_LLM_LOCAL_BASE_URL: 'http://localhost:11434/v1',
  OR3_LLM_LOCAL_API_KEY: 'ollama',
  OR3_LLM_LOCAL_MODELS: 'llama3.2:1b, qwen3:4b',
  OR3_LLM_LOCAL_USER_KEYS: 'instance-only',
}

function eventWith(headers: Record<string, string>): H3Event {
  const req = new IncomingMessage(new Socket())
  req.headers = headers
  return createEvent(req, new ServerResponse(req))
}

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    if (isProviderError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
})

describe('endpoint configuration', () => {
  it('keeps the single-endpoint settings as they were: one default endpoint from OR3_LLM_BASE_URL', () => {
    const config = buildOr3CloudConfig({ OR3_LLM_BASE_URL: 'http://127.0.0.1:8080/v1', OR3_LLM_API_KEY: 'k', OR3_LLM_USER_KEYS: 'require' }, [])
    expect(config.llm).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/v1', hasInstanceKey: true, userKeyPolicy: 'require' })
    expect(config.llm.endpoints).toEqual([
      { id: 'default', label: 'Default', baseUrl: 'http://127.0.0.1:8080/v1', instanceKeyEnv: 'OR3_LLM_API_KEY', hasInstanceKey: true, userKeyPolicy: 'require', models: null },
    ])
    expect(buildOr3CloudConfig({}, []).llm.endpoints[0]!.baseUrl).toBe('https://openrouter.ai/api/v1')
  })

  it('reads each declared endpoint from its own variables, the first being the default', () => {
    const config = buildOr3CloudConfig(TWO_ENDPOINTS, [])
    expect(config.llm.endpoints).toEqual([
      { id: 'hosted', label: 'Hosted API', baseUrl: 'https://hosted.example/v1', instanceKeyEnv: 'OR3_LLM_HOSTED_API_KEY', hasInstanceKey: true, userKeyPolicy: 'allow', models: null },
      { id: 'local', label: 'local', baseUrl: 'http://localhost:11434/v1', instanceKeyEnv: 'OR3_LLM_LOCAL_API_KEY', hasInstanceKey: true, userKeyPolicy: 'instance-only', models: ['llama3.2:1b', 'qwen3:4b'] },
    ])
    expect(config.llm.baseUrl).toBe('https://hosted.example/v1')
    // The config says where each key is, never what it is.
    expect(JSON.stringify(config)).not.toContain('sk-hosted-instance')
  })

  it('refuses to start on an endpoint list it cannot use, naming the variable to fix', () => {
    const fails = (env: Record<string, string>) => () => buildOr3CloudConfig(env, [])
    expect(fails({ OR3_LLM_ENDPOINTS: 'hosted' })).toThrow(/OR3_LLM_HOSTED_BASE_URL is not set/)
    expect(fails({ OR3_LLM_ENDPOINTS: 'Hosted', OR3_LLM_HOSTED_BASE_URL: 'http://x/v1' })).toThrow(/'Hosted' is not an endpoint id/)
    expect(fails({ ...TWO_ENDPOINTS, OR3_LLM_ENDPOINTS: 'hosted,local,hosted' })).toThrow(/names 'hosted' twice/)
    expect(fails({ ...TWO_ENDPOINTS, OR3_LLM_LOCAL_BASE_URL: 'localhost:11434' })).toThrow(/OR3_LLM_LOCAL_BASE_URL must be an http\(s\) URL/)
    expect(fails({ ...TWO_ENDPOINTS, OR3_LLM_BASE_URL: 'http://old/v1' })).toThrow(/OR3_LLM_BASE_URL would be ignored: move it to OR3_LLM_HOSTED_BASE_URL/)
    expect(fails({ ...TWO_ENDPOINTS, OR3_LLM_LOCAL_USER_KEYS: 'sometimes' })).toThrow(/OR3_LLM_LOCAL_USER_KEYS must be one of/)
  })
})

describe('model ids across endpoints', () => {
  it('reads the endpoint prefix, and gives the default endpoint every id without a known one', () => {
    const ids = ['hosted', 'local']
    expect(parseModelRef(qualifyModelId('local', 'llama3.2:1b'), ids)).toEqual({ endpointId: 'local', upstreamModel: 'llama3.2:1b' })
    // A thread's stored plain id, an OpenRouter id and an Ollama tag all stay on the default endpoint.
    expect(parseModelRef('openai/gpt-4o-mini', ids)).toEqual({ endpointId: 'hosted', upstreamModel: 'openai/gpt-4o-mini' })
    expect(parseModelRef('local:7b', ids)).toEqual({ endpointId: 'hosted', upstreamModel: 'local:7b' })
    expect(parseModelRef('other::x', ids)).toEqual({ endpointId: 'hosted', upstreamModel: 'other::x' })
  })
})

describe('routing a request to its endpoint', () => {
  it('sends a model of endpoint B to B, with B’s key and B’s id for the model', () => {
    process.env = { ...saved, ...TWO_ENDPOINTS }
    const config = buildOr3CloudConfig(TWO_ENDPOINTS, [])
    const routed = resolveLlmTarget(eventWith({}), config, 'local::qwen3:4b')
    expect(routed.endpoint.id).toBe('local')
    expect(routed.upstreamModel).toBe('qwen3:4b')
    expect(routed.target).toEqual({ baseUrl: 'http://localhost:11434/v1', credential: { key: 'ollama', source: 'instance' } })
    // A stored plain id goes to the default endpoint.
    expect(resolveLlmTarget(eventWith({}), config, 'openai/gpt-4o-mini').target.credential.key).toBe('sk-hosted-instance')
  })

  it('uses a user’s key only for the endpoint it belongs to', () => {
    process.env = { ...saved, ...TWO_ENDPOINTS, OR3_LLM_LOCAL_USER_KEYS: 'allow' }
    const config = buildOr3CloudConfig({ ...TWO_ENDPOINTS, OR3_LLM_LOCAL_USER_KEYS: 'allow' }, [])
    const forHosted = { [USER_LLM_KEY_HEADER]: 'sk-user-for-hosted', [USER_LLM_KEY_ENDPOINT_HEADER]: 'hosted' }
    expect(resolveLlmTarget(eventWith(forHosted), config, 'hosted::openai/gpt-4o').target.credential).toEqual({ key: 'sk-user-for-hosted', source: 'user' })
    expect(resolveLlmTarget(eventWith(forHosted), config, 'local::qwen3:4b').target.credential).toEqual({ key: 'ollama', source: 'instance' })
    // Without the endpoint header the key belongs to the default endpoint (as a client from before several endpoints sends it).
    const legacy = { [USER_LLM_KEY_HEADER]: 'sk-user-legacy' }
    expect(resolveLlmTarget(eventWith(legacy), config, 'local::qwen3:4b').target.credential.key).toBe('ollama')
    expect(resolveLlmTarget(eventWith(legacy), config, 'openai/gpt-4o').target.credential.key).toBe('sk-user-legacy')
  })

  it('asks for a key of the right endpoint when that endpoint requires one and the user’s is for another', () => {
    const env = { ...TWO_ENDPOINTS, OR3_LLM_LOCAL_USER_KEYS: 'require' }
    process.env = { ...saved, ...env }
    const config = buildOr3CloudConfig(env, [])
    const forHosted = { [USER_LLM_KEY_HEADER]: 'sk-user-for-hosted', [USER_LLM_KEY_ENDPOINT_HEADER]: 'hosted' }
    expect(refusal(() => resolveLlmTarget(eventWith(forHosted), config, 'local::qwen3:4b')).code).toBe('VALIDATION')
  })

  it('refuses a model of an endpoint the server does not have, and a key for one', () => {
    process.env = { ...saved, ...TWO_ENDPOINTS }
    const config = buildOr3CloudConfig(TWO_ENDPOINTS, [])
    expect(refusal(() => resolveLlmTarget(eventWith({}), config, 'gone::model')).message).toMatch(/no model provider 'gone'/)
    const stale = { [USER_LLM_KEY_HEADER]: 'sk-user', [USER_LLM_KEY_ENDPOINT_HEADER]: 'gone' }
    expect(refusal(() => resolveLlmTarget(eventWith(stale), config, 'local::qwen3:4b')).message).toMatch(/Settings → API key/)
  })

  it('scrubs every endpoint’s instance key from what is logged', () => {
    expect(allInstanceLlmKeys({ ...TWO_ENDPOINTS, OR3_LLM_API_KEY: 'sk-legacy', OR3_LLM_USER_KEYS: 'allow' }).sort()).toEqual(['ollama', 'sk-hosted-instance', 'sk-legacy'])
  })
})

describe('sampling settings on the wire', () => {
  it('forwards the thread’s settings under OpenAI’s names, and nothing it did not set', () => {
    const request = chatStreamRequestSchema.parse({
      model: 'qwen3:4b',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.3,
      maxTokens: 256,
      topP: 0.9,
      reasoningEffort: 'high',
      background: { threadId: 't', messageId: 'm' },
    })
    const body = toUpstreamChatBody(request)
    expect(body).toMatchObject({ model: 'qwen3:4b', temperature: 0.3, max_tokens: 256, top_p: 0.9, reasoning_effort: 'high' })
    expect(body).not.toHaveProperty('background')
    const plain = toUpstreamChatBody({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
    expect(Object.keys(plain).sort()).toEqual(['messages', 'model', 'stream', 'stream_options'])
  })

  it('refuses settings out of range at the boundary', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] }
    for (const bad of [{ temperature: 2.5 }, { temperature: -0.1 }, { maxTokens: 0 }, { maxTokens: 1.5 }, { maxTokens: 300_000 }, { topP: 1.2 }, { reasoningEffort: 'extreme' }]) {
      expect(chatStreamRequestSchema.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false)
    }
  })
})
