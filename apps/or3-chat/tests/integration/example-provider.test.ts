import { SYNC_LIMITS, sessionResponseSchema } from 'or3-provider-kit'
import { deleteOp, putOp } from 'or3-provider-kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor } from './support/http'
import { startServer, type RunningServer } from './support/start-server'

// The example provider of docs/writing-a-provider.md (examples/or3-provider-memory), included in
// the test host by its module id like any provider package, selected for sync in strict mode.
// Sign-in and workspaces come from the test doubles.
const WITH_EXAMPLE = {
  OR3_AUTH_PROVIDER: 'test',
  OR3_WORKSPACE_PROVIDER: 'test',
  OR3_SYNC_PROVIDER: 'memory',
  OR3_STORAGE_PROVIDER: 'none',
  OR3_STRICT: 'true',
}

describe('the example provider plugged into a host', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ env: WITH_EXAMPLE })
  })
  afterAll(() => server?.stop())

  async function signIn(user: string) {
    const client = clientFor(server.url, user)
    const session = sessionResponseSchema.parse((await client.get('/api/auth/session')).body)
    return { client, session, scope: { workspaceId: session.workspace!.id } }
  }

  it('boots strict with it selected, and the session answer names it', async () => {
    const { session } = await signIn('ada')
    expect(session.surfaces.sync).toEqual({ enabled: true, provider: 'memory', mode: 'gateway' })
    expect(server.output()).toMatch(/sync: memory/)
  })

  it("carries one device's changes to another through core's routes", async () => {
    const laptop = await signIn('grace')
    const phone = clientFor(server.url, 'grace')
    const pushed = await laptop.client.post('/api/sync/push', {
      scope: laptop.scope,
      ops: [putOp('t1', { title: 'from the laptop' }), putOp('t2', { title: 'soon gone' }), deleteOp('t2', { clock: 2 })],
    })
    expect([pushed.status, pushed.body.serverVersion]).toEqual([200, 3])

    const pulled = await phone.post('/api/sync/pull', { scope: laptop.scope, cursor: 0 })
    expect(pulled.body.changes.map((c: { pk: string; op: string }) => `${c.op} ${c.pk}`)).toEqual(['put t1', 'put t2', 'delete t2'])
    const snapshot = await phone.post('/api/sync/snapshot', { scope: laptop.scope })
    expect(snapshot.body.rows.map((r: { pk: string; deleted: boolean }) => [r.pk, r.deleted])).toEqual([['t1', false], ['t2', true]])
  })

  it("is held to the protocol's limits by the kit's factory, not by its own code", async () => {
    const { client, scope } = await signIn('linus')
    const huge = putOp('huge', { body: 'x'.repeat(SYNC_LIMITS.maxPayloadBytes) })
    const { body } = await client.post('/api/sync/push', { scope, ops: [putOp('small'), huge] })
    expect(body.results.map((r: { applied: boolean; error?: { code: string } }) => [r.applied, r.error?.code])).toEqual([
      [true, undefined],
      [false, 'TOO_LARGE'],
    ])
    const refused = await client.post('/api/sync/pull', { scope, cursor: 0, limit: SYNC_LIMITS.maxPullLimit + 1 })
    expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION'])
  })
})
