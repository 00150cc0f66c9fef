import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor } from './support/http'
import { runUntilExit, startServer, type RunningServer } from './support/start-server'

const TEST_PROVIDERS = {
  OR3_AUTH_PROVIDER: 'test',
  OR3_SYNC_PROVIDER: 'test',
  OR3_STORAGE_PROVIDER: 'test',
  OR3_STRICT: 'true',
}

const op = (opId: string, pk: string, title: string) => ({
  opId,
  tableName: 'threads',
  operation: 'put',
  pk,
  payload: { id: pk, title },
  stamp: { deviceId: 'device-1', opId, hlc: `0000000001000:0000:device-1`, clock: 1 },
})

describe('core endpoints through the request pipeline', () => {
  let server: RunningServer
  let alice: ReturnType<typeof clientFor>
  let bob: ReturnType<typeof clientFor>
  let anonymous: ReturnType<typeof clientFor>
  let aliceWorkspace: string

  beforeAll(async () => {
    server = await startServer({ env: { ...TEST_PROVIDERS, OR3_LIMITS_PER_MINUTE: '10000' } })
    alice = clientFor(server.url, 'alice')
    bob = clientFor(server.url, 'bob')
    anonymous = clientFor(server.url)
    const session = await alice.get('/api/auth/session')
    aliceWorkspace = session.body.workspace.id
  })

  afterAll(() => server?.stop())

  it('logs the resolved providers in one line at boot', () => {
    expect(server.output()).toContain('OR3 providers: auth: test, sync: test, storage: test, limits: memory, jobs: memory')
  })

  it('maps the first account to the deployment admin with a personal workspace', async () => {
    const session = await alice.get('/api/auth/session')
    expect(session.body).toMatchObject({
      authenticated: true,
      cloudEnabled: true,
      user: { isAdmin: true, email: 'alice@example.test' },
      workspace: { role: 'owner' },
    })
    expect((await bob.get('/api/auth/session')).body.user.isAdmin).toBe(false)
  })

  it('answers 400 with field errors on a bad body, and on a body that is not JSON', async () => {
    const bad = await alice.post('/api/sync/push', { scope: { workspaceId: '' }, ops: [] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION')
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(['body.scope.workspaceId', 'body.ops']),
    )
    const notJson = await alice.post('/api/workspaces', '{"name":')
    expect(notJson.status).toBe(400)
    const tooMany = await alice.post('/api/sync/push', {
      scope: { workspaceId: aliceWorkspace },
      ops: Array.from({ length: 101 }, (_, i) => op(`op-${i}`, `t-${i}`, 'x')),
    })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.fields['body.ops']).toBeDefined()
  })

  it('answers 401 without a session', async () => {
    for (const [method, path] of [
      ['get', '/api/workspaces'],
      ['post', '/api/sync/pull'],
    ] as const) {
      const response =
        method === 'get'
          ? await anonymous.get(path)
          : await anonymous.post(path, { scope: { workspaceId: aliceWorkspace }, cursor: 0 })
      expect(response.status, path).toBe(401)
      expect(response.body.error.code).toBe('UNAUTHENTICATED')
    }
  })

  it("answers 403 on a workspace the caller is not a member of, whatever their own workspace", async () => {
    const pull = await bob.post('/api/sync/pull', { scope: { workspaceId: aliceWorkspace }, cursor: 0 })
    expect(pull.status).toBe(403)
    expect(pull.body.error.code).toBe('FORBIDDEN')
    const rename = await bob.patch(`/api/workspaces/${aliceWorkspace}`, { name: 'mine now' })
    expect(rename.status).toBe(403)
    const upload = await bob.post('/api/storage/presign-upload', {
      workspaceId: aliceWorkspace,
      hash: `sha256:${'a'.repeat(64)}`,
      mimeType: 'image/png',
      sizeBytes: 10,
    })
    expect(upload.status).toBe(403)
  })

  it("lets a viewer read but not write, and an editor write but not manage", async () => {
    const shared = (await alice.post('/api/workspaces', { name: 'Shared' })).body.workspace.id
    await alice.post('/api/sync/push', { scope: { workspaceId: shared }, ops: [op('a-1', 't-1', 'hello')] })
    const invited = await alice.post(`/api/workspaces/${shared}/invitations`, { email: 'bob@example.test', role: 'viewer' })
    expect(invited.status).toBe(201)
    const bobId = (await bob.get('/api/auth/session')).body.user.id
    const offered = (await bob.get('/api/invitations')).body.invitations
    expect(offered.map((i: { workspaceId: string; role: string }) => [i.workspaceId, i.role])).toEqual([[shared, 'viewer']])
    expect((await bob.post('/api/invitations/accept', { invitationId: offered[0].id })).status).toBe(200)
    const members = await alice.get(`/api/workspaces/${shared}/members`)
    expect(members.body.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual(
      expect.arrayContaining([['bob@example.test', 'viewer']]),
    )

    const read = await bob.post('/api/sync/pull', { scope: { workspaceId: shared }, cursor: 0 })
    expect(read.status).toBe(200)
    expect(read.body.changes.map((c: { pk: string }) => c.pk)).toEqual(['t-1'])
    const write = await bob.post('/api/sync/push', { scope: { workspaceId: shared }, ops: [op('b-1', 't-2', 'x')] })
    expect(write.status).toBe(403)

    expect((await bob.patch(`/api/workspaces/${shared}/members/${bobId}`, { role: 'owner' })).status).toBe(403)
    expect((await alice.patch(`/api/workspaces/${shared}/members/${bobId}`, { role: 'editor' })).status).toBe(200)
    const editorWrite = await bob.post('/api/sync/push', { scope: { workspaceId: shared }, ops: [op('b-1', 't-2', 'x')] })
    expect(editorWrite.status).toBe(200)
    expect(editorWrite.body.results[0]).toMatchObject({ opId: 'b-1', applied: true })
    expect((await bob.delete(`/api/workspaces/${shared}`)).status).toBe(403)
    expect((await bob.post(`/api/workspaces/${shared}/invitations`, { email: 'carol@example.test', role: 'owner' })).status).toBe(403)
  })

  it('creates, renames, switches and deletes workspaces; a removed one loses access at once', async () => {
    const created = await alice.post('/api/workspaces', { name: 'Project X', description: 'notes' })
    expect(created.status).toBe(201)
    const id = created.body.workspace.id
    expect(created.body.workspace).toMatchObject({ name: 'Project X', role: 'owner', isPersonal: false })

    expect((await alice.patch(`/api/workspaces/${id}`, { name: 'Project Y' })).body.workspace.name).toBe('Project Y')
    expect((await alice.post('/api/workspaces/active', { workspaceId: id })).status).toBe(200)
    expect((await alice.get('/api/auth/session')).body.workspace).toMatchObject({ id, name: 'Project Y' })
    expect((await bob.post('/api/workspaces/active', { workspaceId: id })).status).toBe(403)

    expect((await alice.delete(`/api/workspaces/${id}`)).status).toBe(200)
    const list = await alice.get('/api/workspaces')
    expect(list.body.workspaces.map((w: { id: string }) => w.id)).not.toContain(id)
    expect(list.body.activeWorkspaceId).toBe(aliceWorkspace)
    const afterRemoval = await alice.post('/api/sync/pull', { scope: { workspaceId: id }, cursor: 0 })
    expect(afterRemoval.status).toBe(403)
    expect((await alice.delete(`/api/workspaces/${aliceWorkspace}`)).status).toBe(409)
  })

  it('pushes and pulls through the sync adapter with idempotent replay', async () => {
    const scope = { workspaceId: aliceWorkspace }
    const first = await alice.post('/api/sync/push', { scope, ops: [op('p-1', 'r-1', 'one')] })
    const replay = await alice.post('/api/sync/push', { scope, ops: [op('p-1', 'r-1', 'one')] })
    expect(replay.body.results[0]).toEqual(first.body.results[0])
    const pulled = await alice.post('/api/sync/pull', { scope, cursor: 0, tables: ['threads'] })
    expect(pulled.body.changes.filter((c: { pk: string }) => c.pk === 'r-1')).toHaveLength(1)
  })

  it('announces new versions on the SSE stream', async () => {
    const controller = new AbortController()
    const response = await fetch(`${server.url}/api/sync/events?workspaceId=${aliceWorkspace}`, {
      headers: { 'x-test-user': 'alice' },
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value)
    const pushed = await alice.post('/api/sync/push', { scope: { workspaceId: aliceWorkspace }, ops: [op('sse-1', 's-1', 'x')] })
    const version = pushed.body.results[0].serverVersion
    while (!text.includes(`"serverVersion":${version}`)) text += decoder.decode((await reader.read()).value)
    controller.abort()
    expect(text).toContain('event: version')
    // A change after the client left must not be written to the closed stream (that crashed
    // the server once): the next push still succeeds.
    await Bun.sleep(50)
    const after = await alice.post('/api/sync/push', { scope: { workspaceId: aliceWorkspace }, ops: [op('sse-2', 's-2', 'y')] })
    expect(after.status).toBe(200)
    expect((await alice.get('/api/auth/session')).status).toBe(200)
  })

  it('brokers tokens through the auth provider, only for providers this deployment runs', async () => {
    const token = await alice.post('/api/auth/token', { providerId: 'test', template: 'sync' })
    expect(token.body).toEqual({ token: 'test-token:test:sync:alice' })
    // The broker would mint one, but nothing here consumes a Convex token.
    expect((await alice.post('/api/auth/token', { providerId: 'convex', template: 'convex' })).body).toEqual({ token: null })
    expect((await anonymous.post('/api/auth/token', { providerId: 'test' })).status).toBe(401)
  })

  it('shows provider status to the deployment admin only', async () => {
    const status = await alice.get('/api/admin/status')
    expect(status.status).toBe(200)
    expect(status.body.summary).toContain('auth: test')
    expect((await bob.get('/api/admin/status')).status).toBe(403)
  })

  it('shows registration, limits and jobs on the admin status', async () => {
    const { body } = await alice.get('/api/admin/status')
    expect(body.registration).toBe('open')
    expect(body.limits).toMatchObject({ enabled: true, perMinute: 10000, store: 'memory' })
    expect(body.jobs).toMatchObject({ runningHere: 0, store: 'memory' })
  })

  it('lists the LLM endpoints with their reachability to the deployment admin only', async () => {
    const answer = await alice.get('/api/admin/endpoints')
    expect(answer.status).toBe(200)
    const [endpoint] = answer.body.endpoints
    expect(endpoint).toMatchObject({ id: expect.any(String), reachable: expect.any(Boolean) })
    // Either it listed models or it says why not, in a sentence.
    expect(endpoint.reachable ? endpoint.modelCount >= 0 : typeof endpoint.problem === 'string').toBe(true)
    expect((await bob.get('/api/admin/endpoints')).status).toBe(403)
    expect((await anonymous.get('/api/admin/endpoints')).status).toBe(401)
  })

  it('says where accounts are managed when the auth provider has no account management', async () => {
    const answer = await alice.get('/api/admin/users')
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ provider: 'test', managedHere: false, users: [] })
    const disable = await alice.put('/api/admin/users/bob/disabled', { disabled: true })
    expect(disable.status).toBe(404)
    expect(disable.body.error.message).toMatch(/managed in its own dashboard/)
  })

  it('refuses account management to everyone but the deployment admin, after validating the input', async () => {
    expect((await bob.get('/api/admin/users')).status).toBe(403)
    expect((await bob.put('/api/admin/users/alice/disabled', { disabled: true })).status).toBe(403)
    expect((await bob.delete('/api/admin/users/alice')).status).toBe(403)
    expect((await bob.post('/api/admin/users/alice/reset-link', {})).status).toBe(403)
    expect((await anonymous.delete('/api/admin/users/alice')).status).toBe(401)
    const invalid = await alice.put('/api/admin/users/bob/disabled', { disabled: 'yes' })
    expect(invalid.status).toBe(400)
    expect(invalid.body.error.fields).toHaveProperty(['body.disabled'])
  })
})

describe('rate limits', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ env: { ...TEST_PROVIDERS, OR3_LIMITS_PER_MINUTE: '5' } })
  })
  afterAll(() => server?.stop())

  it('answers 429 with Retry-After once a user is over the per-minute limit', async () => {
    const carol = clientFor(server.url, 'carol')
    const statuses: number[] = []
    let limited: Awaited<ReturnType<typeof carol.get>> | undefined
    for (let i = 0; i < 7; i++) {
      const response = await carol.get('/api/workspaces')
      statuses.push(response.status)
      if (response.status === 429) limited = response
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(limited?.body.error.code).toBe('RATE_LIMITED')
    const retryAfter = Number(limited?.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // Limits are per user: another user is not affected.
    expect((await clientFor(server.url, 'dave').get('/api/workspaces')).status).toBe(200)
  })
})

describe('boot and modes', () => {
  it('refuses to start in strict mode when a configured provider is not registered', async () => {
    const { exitCode, output } = await runUntilExit({ env: { ...TEST_PROVIDERS, OR3_SYNC_PROVIDER: 'convex' } })
    expect(exitCode).not.toBe(0)
    expect(output).toContain(
      "sync.provider is 'convex' but no sync adapter 'convex' is registered: install or3-provider-convex and add 'or3-provider-convex/nuxt' to or3.providers.generated.ts",
    )
  })

  it('refuses to start on a bad setting, naming the variable and what it accepts', async () => {
    const { exitCode, output } = await runUntilExit({ env: { OR3_PRESET: 'bogus' } })
    expect(exitCode).not.toBe(0)
    expect(output).toContain("OR3_PRESET must be one of local, embedded, clerk-convex, basic-auth-convex, clerk-sqlite (got 'bogus')")
    expect(output).not.toMatch(/^\s+at /m) // a misconfiguration is explained, not dumped as a stack
  })

  it('runs local-only with cloud off: cloud routes answer a clear 404', async () => {
    const server = await startServer({ env: { OR3_CLOUD: 'off' } })
    try {
      const client = clientFor(server.url, 'alice')
      const session = await client.get('/api/auth/session')
      expect(session.body).toMatchObject({ cloudEnabled: false, authenticated: false })
      for (const path of ['/api/workspaces', '/api/sync/pull', '/api/storage/presign-upload', '/api/admin/status']) {
        const response = path === '/api/workspaces' || path === '/api/admin/status' ? await client.get(path) : await client.post(path, {})
        expect(response.status, path).toBe(404)
        expect(response.body.error.message).toContain('local-only')
      }
      expect(server.output()).toContain('local-only')
    } finally {
      await server.stop()
    }
  })
})
