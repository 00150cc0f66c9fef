import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserLikeClient, type BrowserLikeClient } from '../support/browser-like-client'
import { startEmbeddedHost, type EmbeddedServer } from '../support/embedded-host'
import { describeHostedScenarios } from '../support/hosted-scenarios'

const PASSWORD = 'a long enough passphrase'

async function register(server: { url: string }, email: string, displayName: string) {
  const client = browserLikeClient(server.url)
  const response = await client.post('/api/basic-auth/register', { email, password: PASSWORD, displayName })
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300)
  return client
}

describeHostedScenarios({
  name: 'embedded',
  providersLine: 'auth: basic-auth, sync: sqlite, storage: fs, limits: sqlite, jobs: sqlite',
  async start() {
    const server = await startEmbeddedHost()
    return { ...server, signUp: (email, displayName) => register(server, email, displayName) }
  },
})

describe('basic-auth sign-in through the embedded host', () => {
  let server: EmbeddedServer
  beforeAll(async () => {
    server = await startEmbeddedHost()
    await register(server, 'bob@example.com', 'Bob')
  })
  afterAll(() => server?.stop())

  it('signs out, signs back in, and refreshes', async () => {
    const client = await register(server, 'carol@example.com', 'Carol')
    expect((await client.post('/api/basic-auth/sign-out')).status).toBeLessThan(300)
    expect((await client.get('/api/auth/session')).body.authenticated).toBe(false)
    expect((await client.get('/api/workspaces')).status).toBe(401)

    const wrong = await client.post('/api/basic-auth/sign-in', { email: 'carol@example.com', password: 'not the password' })
    expect(wrong.status).toBe(401)
    const unknown = await client.post('/api/basic-auth/sign-in', { email: 'nobody@example.com', password: 'not the password' })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.message).toBe(wrong.body.error.message)

    expect((await client.post('/api/basic-auth/sign-in', { email: 'carol@example.com', password: PASSWORD })).status).toBe(200)
    const before = new Map(client.cookies)
    expect((await client.post('/api/basic-auth/refresh')).status).toBe(200)
    expect([...client.cookies].some(([name, value]) => before.get(name) !== value)).toBe(true)
    expect((await client.get('/api/auth/session')).body.authenticated).toBe(true)
  })

  it('answers sign-in brute force with 429 and Retry-After', async () => {
    const attacker = browserLikeClient(server.url)
    let limited: Awaited<ReturnType<BrowserLikeClient['post']>> | undefined
    for (let i = 0; i < 15 && !limited; i++) {
      const response = await attacker.post('/api/basic-auth/sign-in', { email: 'bob@example.com', password: `guess number ${i}` })
      if (response.status === 429) limited = response
      else expect(response.status).toBe(401)
    }
    expect(limited?.body.error.code).toBe('RATE_LIMITED')
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
