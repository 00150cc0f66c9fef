import { $fetch } from 'ofetch'
import type { SessionResponse } from 'or3-provider-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSession, recallSession, REMEMBERED_SESSION_KEY, type SessionMemory } from '../../../app/core/auth/remembered-session'

const SIGNED_IN: SessionResponse = {
  authenticated: true,
  cloudEnabled: true,
  authProvider: 'basic-auth',
  user: { id: 'u1', email: 'ada@example.com', displayName: 'Ada', isAdmin: false },
  workspace: { id: 'w1', name: 'Personal', role: 'owner' },
  expiresAt: '2030-01-01T00:00:00.000Z',
  surfaces: {
    auth: { provider: 'basic-auth' },
    sync: { enabled: true, provider: 'sqlite', mode: 'gateway' },
    storage: { enabled: true, provider: 'fs', mode: 'gateway' },
    backgroundGeneration: { enabled: true },
    notifications: { enabled: true },
  },
  limits: {
    maxRequestBytes: 1_000_000,
    maxChatMessages: 200,
    maxContentParts: 20,
    maxAttachmentBytes: 10_000_000,
    allowedAttachmentTypes: ['image/png'],
    defaultContextTokens: 8192,
  },
}
const SIGNED_OUT: SessionResponse = { ...SIGNED_IN, authenticated: false, user: null, workspace: null, expiresAt: null }

function memory(): SessionMemory & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) }
}

/** The session as the app loads it, over real HTTP: a server that answers, fails, or is not there. */
describe("the device's last session answer", () => {
  let server: ReturnType<typeof Bun.serve>
  let answer: { status: number; body: unknown } = { status: 200, body: SIGNED_IN }
  let closedPort: number

  beforeAll(() => {
    server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => Response.json(answer.body, { status: answer.status }) })
    const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
    closedPort = probe.port!
    probe.stop(true)
  })
  afterAll(() => server.stop(true))

  const fromServer = () => $fetch<SessionResponse>(`http://127.0.0.1:${server.port}/api/auth/session`)
  const unreachable = () => $fetch<SessionResponse>(`http://127.0.0.1:${closedPort}/api/auth/session`)

  it('is remembered after every answer and used, marked as remembered, when the server cannot be reached', async () => {
    const device = memory()
    answer = { status: 200, body: SIGNED_IN }
    expect(await loadSession(fromServer, device)).toEqual({ session: SIGNED_IN, remembered: false })
    expect(await loadSession(unreachable, device)).toEqual({ session: SIGNED_IN, remembered: true })
  })

  it('follows a sign-out: once the server said "signed out", an offline start opens signed out', async () => {
    const device = memory()
    answer = { status: 200, body: SIGNED_IN }
    await loadSession(fromServer, device)
    answer = { status: 200, body: SIGNED_OUT }
    await loadSession(fromServer, device)
    expect((await loadSession(unreachable, device)).session.authenticated).toBe(false)
  })

  it('never stands in for an answer the server gave: an error from the server is thrown as it is', async () => {
    const device = memory()
    answer = { status: 200, body: SIGNED_IN }
    await loadSession(fromServer, device)
    answer = { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'Down for maintenance' } } }
    await expect(loadSession(fromServer, device)).rejects.toMatchObject({ statusCode: 503 })
  })

  it('throws the network failure when nothing was remembered, or what was kept no longer reads as a session', async () => {
    await expect(loadSession(unreachable, memory())).rejects.toMatchObject({ name: 'FetchError' })
    const damaged = memory()
    damaged.setItem(REMEMBERED_SESSION_KEY, JSON.stringify({ authenticated: true }))
    expect(recallSession(damaged)).toBeNull()
    damaged.setItem(REMEMBERED_SESSION_KEY, '{not json')
    await expect(loadSession(unreachable, damaged)).rejects.toMatchObject({ name: 'FetchError' })
  })
})
