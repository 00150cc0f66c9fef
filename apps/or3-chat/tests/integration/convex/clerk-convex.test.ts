import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserLikeClient } from '../support/browser-like-client'
import { startConvexHost, type ConvexHostServer } from '../support/convex-host'
import { describeHostedScenarios } from '../support/hosted-scenarios'
import { describeHostedServiceScenarios } from '../support/hosted-service-scenarios'

// Clerk + Convex through a built host: Clerk sessions from the Backend API double, and each
// user's Convex calls carrying the Clerk `convex` template token the double mints, which the
// deployment double verifies against the Clerk double's keys.

describeHostedScenarios({
  name: 'clerk-convex',
  providersLine: 'auth: clerk, sync: convex, storage: convex, limits: convex, jobs: convex',
  start: () => startConvexHost('clerk-convex'),
})

describeHostedServiceScenarios({ name: 'clerk-convex', start: (env) => startConvexHost('clerk-convex', env) })

describe("clerk-convex: each user's Convex calls carry Clerk's convex template token", () => {
  let server: ConvexHostServer
  beforeAll(async () => {
    server = await startConvexHost('clerk-convex')
  })
  afterAll(() => server?.stop())

  it("asks Clerk for the user's convex template token, and the deployment accepts it", async () => {
    const alice = await server.signUp('alice@example.com', 'Alice')
    const session = (await alice.get('/api/auth/session')).body
    expect(session.user).toMatchObject({ email: 'alice@example.com', displayName: 'Alice' })
    expect(server.clerk!.requests).toContainEqual({ method: 'POST', path: expect.stringMatching(/^\/v1\/sessions\/[^/]+\/tokens\/convex$/), authorized: true })
  })

  it('a convex template the deployment does not trust: 503 with a sentence for the user, the variables to fix in the log', async () => {
    server.clerk!.addTemplate('convex', { claims: { aud: 'not-convex' } })
    server.clerk!.upsertUser({ id: 'user_bob', email: 'bob@example.com', firstName: 'Bob' })
    const bob = browserLikeClient(server.url)
    for (const [name, value] of Object.entries(server.clerk!.sessionCookies({ userId: 'user_bob', authorizedParty: server.origin }))) {
      bob.cookies.set(name, value)
    }
    const session = await bob.get('/api/auth/session')
    expect(session.status).toBe(503)
    expect(session.body.error.message).toBe('Your account could not be loaded right now; try again shortly')
    expect(server.output()).toContain("refused a user's token")
    expect(server.output()).toContain('CLERK_JWT_ISSUER_DOMAIN')
  })
})
