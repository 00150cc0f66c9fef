import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKEND_VERSION } from '../../fixtures/convex-host/testing'
import { startConvexHost, type ConvexHostServer } from '../support/convex-host'
import { describeHostedScenarios } from '../support/hosted-scenarios'
import { describeHostedServiceScenarios } from '../support/hosted-service-scenarios'

// basic-auth + Convex through a built host: basic-auth's own RS256 tokens (its key generated into
// the data folder, its JWKS in the deployment's OR3_JWKS beside the server's) against the Convex
// deployment double, over the real ConvexHttpClient and ConvexClient.

describeHostedScenarios({
  name: 'basic-auth-convex',
  providersLine: 'auth: basic-auth, sync: convex, storage: convex, limits: convex, jobs: convex',
  start: () => startConvexHost('basic-auth-convex'),
})

describeHostedServiceScenarios({ name: 'basic-auth-convex', start: (env) => startConvexHost('basic-auth-convex', env) })

describe('basic-auth-convex: keys, status and a deployment that goes away', () => {
  let server: ConvexHostServer
  beforeAll(async () => {
    server = await startConvexHost('basic-auth-convex')
  })
  afterAll(() => server?.stop())

  it("keeps basic-auth's and the server's signing keys in the data folder's secrets, never in the output or the status", async () => {
    const admin = await server.signUp('admin@example.com', 'Admin')
    const secrets = JSON.parse(readFileSync(join(server.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(['basic-auth-jwt-private-key', 'convex-server-private-key']))
    const status = await admin.get('/api/admin/status')
    const convex = status.body.providers.find((p: { id: string }) => p.id === 'convex')
    expect(convex).toMatchObject({ healthy: true, details: { url: server.deployment.url, backendVersion: BACKEND_VERSION, settingsApplied: true } })
    for (const key of Object.values(secrets)) {
      const body = key.split('\n')[1]!
      expect(JSON.stringify(status.body)).not.toContain(body)
      expect(server.output()).not.toContain(body)
    }
  })

  it('answers 503 with a sentence while the deployment is down, and names OR3_CONVEX_URL in the log', async () => {
    const user = await server.signUp('dora@example.com', 'Dora')
    const personal = (await user.get('/api/auth/session')).body.workspace.id
    await server.deployment.stop()
    const down = await user.post('/api/sync/pull', { scope: { workspaceId: personal }, cursor: 0 })
    expect(down.status).toBe(503)
    expect(down.body.error.message).toMatch(/try again shortly/)
    expect(JSON.stringify(down.body)).not.toMatch(/at .*\.js:\d+/)
    expect(server.output()).toContain('check OR3_CONVEX_URL')
  })
})
