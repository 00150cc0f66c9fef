import { sessionResponseSchema } from 'or3-provider-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { clientFor } from './support/http'
import { startServer, type RunningServer } from './support/start-server'

const TEST_PROVIDERS = { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'test', OR3_STRICT: 'true' }

describe('the session answer says what the server runs', () => {
  let llm: TestLlmServer
  const servers: RunningServer[] = []
  const start = async (env: Record<string, string>) => {
    const server = await startServer({ env: { OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'k-123456', ...env } })
    servers.push(server)
    return server
  }

  beforeAll(() => {
    llm = startTestLlmServer()
  })
  afterAll(async () => {
    for (const server of servers) await server.stop()
    await llm?.stop()
  })

  it('names every surface, how browsers reach it, and the limits a client must respect', async () => {
    const server = await start({ ...TEST_PROVIDERS, OR3_STORAGE_MAX_FILE_MB: '5', OR3_LLM_DEFAULT_CONTEXT_TOKENS: '32000' })
    for (const user of ['alice', undefined]) {
      const { body } = await clientFor(server.url, user).get('/api/auth/session')
      expect(sessionResponseSchema.parse(body)).toMatchObject({
        authProvider: 'test',
        surfaces: {
          auth: { provider: 'test' },
          sync: { enabled: true, provider: 'test', mode: 'gateway' },
          storage: { enabled: true, provider: 'test', mode: 'gateway' },
          backgroundGeneration: { enabled: true },
          notifications: { enabled: false },
        },
        limits: {
          maxRequestBytes: 8 * 1024 * 1024,
          maxChatMessages: 500,
          maxContentParts: 64,
          maxAttachmentBytes: 5 * 1024 * 1024,
          allowedAttachmentTypes: ['image/*', 'application/pdf', 'text/*'],
          defaultContextTokens: 32000,
        },
      })
    }
  })

  it("says when a provider's own client syncs, when storage and background generation are off, and then chats in the foreground", async () => {
    const server = await start({
      ...TEST_PROVIDERS,
      OR3_TEST_SYNC_CLIENT: 'direct',
      OR3_STORAGE_PROVIDER: 'none',
      OR3_BACKGROUND_ENABLED: 'false',
    })
    const alice = clientFor(server.url, 'alice')
    const { surfaces } = (await alice.get('/api/auth/session')).body
    expect(surfaces).toMatchObject({
      sync: { enabled: true, provider: 'test', mode: 'direct' },
      storage: { enabled: false, provider: null, mode: null },
      backgroundGeneration: { enabled: false },
    })

    const messages = [{ role: 'user', content: 'in the foreground please' }]
    const refused = await alice.post('/api/chat/stream', { model: 'test/echo', messages, background: { threadId: 't', messageId: 'm' } })
    expect(refused.status).toBe(404)
    expect(refused.body.error.message).toContain('surfaces.backgroundGeneration')
    const answered = await alice.post('/api/chat/stream', { model: 'test/echo', messages })
    expect(answered.status).toBe(200)
    expect(String(answered.body)).toContain(`"content":"${expectedEcho('in the foreground please').split(' ').at(-1)}"`)
  })

  it('in local-only mode: no accounts, no sync, no storage', async () => {
    const server = await start({ OR3_CLOUD: 'false' })
    const { body } = await clientFor(server.url).get('/api/auth/session')
    expect(body).toMatchObject({
      cloudEnabled: false,
      authProvider: null,
      surfaces: { auth: { provider: null }, sync: { enabled: false, mode: null }, storage: { enabled: false, mode: null } },
    })
  })
})
