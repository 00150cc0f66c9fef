import { createPublicKey, createVerify } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createClerkClient } from '@clerk/backend'
import { createApp, defineEventHandler, toWebHandler } from 'h3'
import { createRequestAuthenticator } from '../src/runtime/index'
import { createBackendHealth } from '../src/runtime/server/backend-health'
import { createHarness, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

const BOB = { id: 'user_bob', email: 'bob@example.com' }

function decode(jwt: string) {
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  return {
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signedBy: (pem: string) =>
      createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(createPublicKey(pem), Buffer.from(signature, 'base64url')),
  }
}

async function mint(body: { providerId: string; template?: string }, token?: string) {
  return h.send('/api/token', { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} })
}

// Minting for the caller, null for unknown templates, signed-out callers and a failing Backend API:
// the kit's ProviderTokenBroker suite (conformance.test.ts). Here: what is special to Clerk.
describe('the Clerk token broker', () => {
  it('defaults the template to the provider id', async () => {
    h = await createHarness()
    h.double.upsertUser(BOB)
    const reply = await mint({ providerId: 'convex' }, h.double.sessionToken({ userId: BOB.id, sessionId: 'sess_bob_1' }))
    const jwt = decode(reply.body.token)
    // Clerk's Convex preset: the profile travels in the token, for Convex's identity.
    expect(jwt.claims).toMatchObject({ sub: BOB.id, aud: 'convex', email: BOB.email, email_verified: true })
    expect(jwt.signedBy(h.double.signingKey.publicKeyPem)).toBe(true)
    expect(h.double.requests).toContainEqual({ method: 'POST', path: '/v1/sessions/sess_bob_1/tokens/convex', authorized: true })
  })

  it('tells the operator about a missing template on the admin page', async () => {
    h = await createHarness()
    const reply = await mint({ providerId: 'convex', template: 'nonesuch' }, h.double.sessionToken({ userId: BOB.id }))
    expect(reply).toMatchObject({ status: 200, body: { token: null } })
    const status = await h.provider.admin.getStatus()
    expect(status.warnings).toContain("Clerk has no JWT template named 'nonesuch': create it in the Clerk dashboard (JWT templates)")
  })

  it('shows a Backend API failure while minting on the admin page until a call succeeds', async () => {
    h = await createHarness()
    h.double.upsertUser(BOB)
    const token = h.double.sessionToken({ userId: BOB.id })
    h.double.setReachable(false)
    expect(await mint({ providerId: 'convex' }, token)).toMatchObject({ status: 200, body: { token: null } })
    const down = await h.provider.admin.getStatus()
    expect(down).toMatchObject({ healthy: false, details: { backendApiReachable: false } })
    expect(String(down.details?.lastBackendApiError)).toMatch(/minting a 'convex' token/)
    expect(down.warnings[0]).toMatch(/^The Clerk Backend API is not answering/)

    h.double.setReachable(true)
    // Reachable again, but the failed call stays on the page until one succeeds.
    expect((await h.provider.admin.getStatus()).details).toMatchObject({ backendApiReachable: true, lastBackendApiError: expect.any(String) })
    expect(decode((await mint({ providerId: 'convex' }, token)).body.token).claims.sub).toBe(BOB.id)
    expect((await h.provider.admin.getStatus()).healthy).toBe(true)
  })

  it('asks the Backend API nothing for a template name that is not one', async () => {
    h = await createHarness()
    const token = h.double.sessionToken({ userId: BOB.id })
    expect((await mint({ providerId: 'convex', template: '../users/user_bob' }, token)).body.token).toBeNull()
    expect(h.double.requests).toEqual([])
  })
})

describe('one verification per request', () => {
  it('shares the middleware verdict with the session and the broker', async () => {
    h = await createHarness()
    h.double.upsertUser(BOB)
    // The real SDK client, counted: the authenticator is handed the client it verifies with.
    const { publishableKey, secretKey, jwtKey } = h.provider.settings
    const client = createClerkClient({ publishableKey, secretKey, jwtKey: jwtKey ?? undefined, apiUrl: h.double.url })
    let verifications = 0
    const authenticator = createRequestAuthenticator({
      client: {
        authenticateRequest: ((request: Request, options: Parameters<typeof client.authenticateRequest>[1]) => {
          verifications++
          return client.authenticateRequest(request, options)
        }) as typeof client.authenticateRequest,
      },
      settings: h.provider.settings,
      health: createBackendHealth(Date.now),
    })
    const app = createApp().use(
      defineEventHandler(async (event) => {
        const verdicts = await Promise.all([1, 2, 3].map(() => authenticator.authenticate(event)))
        return { distinct: new Set(verdicts).size, verdict: verdicts[0] }
      }),
    )
    const response = await toWebHandler(app)(
      new Request('http://localhost:3000/api/anything', {
        headers: { authorization: `Bearer ${h.double.sessionToken({ userId: BOB.id })}` },
      }),
    )
    const answer = await response.json()
    expect(verifications).toBe(1)
    expect(answer.distinct).toBe(1)
    expect(answer.verdict).toMatchObject({ status: 'signed-in', userId: BOB.id })
  })
})
