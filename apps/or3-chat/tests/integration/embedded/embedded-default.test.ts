import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserLikeClient, type BrowserLikeClient } from '../support/browser-like-client'
import { startEmbeddedHost, type EmbeddedServer } from '../support/embedded-host'

const PASSWORD = 'a long enough passphrase'

function threadOp(opId: string, pk: string, title: string, clock: number, deviceId: string) {
  return {
    opId,
    tableName: 'threads',
    operation: 'put',
    pk,
    payload: { id: pk, title },
    stamp: { deviceId, opId, hlc: `${String(Date.now()).padStart(13, '0')}:0000:${deviceId}`, clock },
  }
}

async function register(server: EmbeddedServer, email: string, displayName: string) {
  const client = browserLikeClient(server.url)
  const response = await client.post('/api/basic-auth/register', { email, password: PASSWORD, displayName })
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300)
  return client
}

describe('the embedded default through the built host', () => {
  let server: EmbeddedServer
  let alice: BrowserLikeClient
  let bob: BrowserLikeClient
  let alicePersonal: string

  beforeAll(async () => {
    server = await startEmbeddedHost()
    alice = await register(server, 'Alice@Example.com', 'Alice')
    bob = await register(server, 'bob@example.com', 'Bob')
    alicePersonal = (await alice.get('/api/auth/session')).body.workspace.id
  })
  afterAll(() => server?.stop())

  it('boots on basic-auth, sqlite and fs, saying so in one line', () => {
    expect(server.output()).toContain('auth: basic-auth, sync: sqlite, storage: fs, limits: sqlite, jobs: sqlite')
  })

  it('registers, makes the first account the admin, and maps each to a personal workspace', async () => {
    const aliceSession = (await alice.get('/api/auth/session')).body
    const bobSession = (await bob.get('/api/auth/session')).body
    expect(aliceSession).toMatchObject({ authenticated: true, user: { email: 'alice@example.com', isAdmin: true } })
    expect(bobSession).toMatchObject({ authenticated: true, user: { email: 'bob@example.com', isAdmin: false } })
    expect(aliceSession.workspace.id).not.toBe(bobSession.workspace.id)
  })

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

  it('creates, renames, switches and deletes workspaces: two users, three workspaces', async () => {
    const research = (await alice.post('/api/workspaces', { name: 'Research' })).body.workspace
    const drafts = (await alice.post('/api/workspaces', { name: 'Drafts' })).body.workspace
    expect((await alice.patch(`/api/workspaces/${drafts.id}`, { name: 'Drafts 2' })).body.workspace.name).toBe('Drafts 2')
    expect((await alice.post('/api/workspaces/active', { workspaceId: research.id })).status).toBe(200)
    expect((await alice.get('/api/auth/session')).body.workspace.name).toBe('Research')

    const names = (await alice.get('/api/workspaces')).body.workspaces.map((w: { name: string }) => w.name)
    expect(names).toEqual(expect.arrayContaining(['Research', 'Drafts 2']))
    expect(names).toHaveLength(3) // personal, Research, Drafts 2
    const bobs = (await bob.get('/api/workspaces')).body.workspaces
    expect(bobs).toHaveLength(1)

    expect((await bob.patch(`/api/workspaces/${research.id}`, { name: 'taken' })).status).toBe(403)
    expect((await alice.delete(`/api/workspaces/${drafts.id}`)).status).toBe(200)
    expect((await alice.post('/api/sync/pull', { scope: { workspaceId: drafts.id }, cursor: 0 })).status).toBe(403)
    await alice.post('/api/workspaces/active', { workspaceId: alicePersonal })
  })

  it('syncs between two devices: idempotent replay, last writer wins, other tenants refused', async () => {
    const scope = { workspaceId: alicePersonal }
    const laptopEdit = threadOp('laptop-1', 'th-1', 'from laptop', 1, 'laptop')
    const first = await alice.post('/api/sync/push', { scope, ops: [laptopEdit] })
    expect(first.body.results[0]).toMatchObject({ applied: true })
    // The response was lost; the laptop sends the same op again.
    const replay = await alice.post('/api/sync/push', { scope, ops: [laptopEdit] })
    expect(replay.body.results[0]).toEqual(first.body.results[0])

    // The phone edits the same thread later (higher clock): it wins; a stale laptop edit loses.
    const phone = await alice.post('/api/sync/push', { scope, ops: [threadOp('phone-1', 'th-1', 'from phone', 2, 'phone')] })
    expect(phone.body.results[0].applied).toBe(true)
    const stale = await alice.post('/api/sync/push', { scope, ops: [threadOp('laptop-2', 'th-1', 'stale', 1, 'laptop')] })
    expect(stale.body.results[0]).toMatchObject({ applied: false, serverVersion: phone.body.results[0].serverVersion })

    const pulled = await alice.post('/api/sync/pull', { scope, cursor: 0, tables: ['threads'] })
    const th1 = pulled.body.changes.filter((c: { pk: string }) => c.pk === 'th-1')
    expect(th1.map((c: { payload: { title: string } }) => c.payload.title)).toEqual(['from laptop', 'from phone'])

    expect((await bob.post('/api/sync/pull', { scope, cursor: 0 })).status).toBe(403)
    expect((await bob.post('/api/sync/push', { scope, ops: [threadOp('bob-1', 'th-x', 'x', 1, 'bob')] })).status).toBe(403)
  })

  it("shares a workspace: a viewer reads but can't write, an editor writes, neither manages", async () => {
    const team = (await alice.post('/api/workspaces', { name: 'Team' })).body.workspace.id
    const scope = { workspaceId: team }
    await alice.post('/api/sync/push', { scope, ops: [threadOp('team-1', 'tt-1', 'agenda', 1, 'laptop')] })
    expect((await bob.post('/api/sync/pull', { scope, cursor: 0 })).status).toBe(403)

    expect((await alice.put(`/api/workspaces/${team}/members`, { email: 'BOB@example.com', role: 'viewer' })).status).toBe(200)
    const read = await bob.post('/api/sync/pull', { scope, cursor: 0 })
    expect(read.body.changes.map((c: { payload: { title: string } }) => c.payload.title)).toEqual(['agenda'])
    expect((await bob.post('/api/sync/push', { scope, ops: [threadOp('bob-2', 'tt-2', 'mine', 1, 'phone')] })).status).toBe(403)
    expect((await bob.get('/api/workspaces')).body.workspaces.map((w: { role: string }) => w.role)).toContain('viewer')

    await alice.put(`/api/workspaces/${team}/members`, { email: 'bob@example.com', role: 'editor' })
    const wrote = await bob.post('/api/sync/push', { scope, ops: [threadOp('bob-2', 'tt-2', 'mine', 1, 'phone')] })
    expect(wrote.body.results[0].applied).toBe(true)
    expect((await bob.put(`/api/workspaces/${team}/members`, { email: 'bob@example.com', role: 'owner' })).status).toBe(403)
    expect((await bob.patch(`/api/workspaces/${team}`, { name: 'Bob owns this' })).status).toBe(403)
  })

  it('stores attachments: a wrong hash is refused, a download returns the exact bytes', async () => {
    const bytes = new TextEncoder().encode('hello attachment \u2603')
    const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    const request = { workspaceId: alicePersonal, hash, mimeType: 'text/plain', sizeBytes: bytes.length }
    const upload = await alice.post('/api/storage/presign-upload', request)
    expect(upload.status).toBe(200)

    const tampered = bytes.slice()
    tampered[0] = tampered[0]! ^ 1
    const refused = await alice.put(upload.body.url, tampered, upload.body.headers)
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('VALIDATION')
    const notThere = await alice.post('/api/storage/commit', { ...request, name: 'note.txt' })
    expect(notThere.status).toBe(404)

    const accepted = await alice.put(upload.body.url, bytes, upload.body.headers)
    expect(accepted.status).toBeLessThan(300)
    expect((await alice.post('/api/storage/commit', { ...request, name: 'note.txt' })).status).toBe(200)

    const download = await alice.post('/api/storage/presign-download', { workspaceId: alicePersonal, hash })
    const fetched = await alice.get(download.body.url)
    expect(fetched.status).toBe(200)
    expect(Buffer.from(fetched.body).equals(Buffer.from(bytes))).toBe(true)
    expect((await bob.post('/api/storage/presign-download', { workspaceId: alicePersonal, hash })).status).toBe(403)
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

describe('refresh-token replay', () => {
  it('revokes every session of the account when a rotated refresh token comes back', async () => {
    const server = await startEmbeddedHost()
    try {
      const tab = await register(server, 'dana@example.com', 'Dana')
      const other = browserLikeClient(server.url)
      expect((await other.post('/api/basic-auth/sign-in', { email: 'dana@example.com', password: PASSWORD })).status).toBe(200)

      const stolen = new Map(tab.cookies)
      expect((await tab.post('/api/basic-auth/refresh')).status).toBe(200)
      // Past the grace window for concurrent tabs, the old refresh token is a replay.
      await Bun.sleep(10_500)
      const thief = browserLikeClient(server.url)
      for (const [name, value] of stolen) thief.cookies.set(name, value)
      expect((await thief.post('/api/basic-auth/refresh')).status).toBe(401)

      expect((await tab.get('/api/auth/session')).body.authenticated).toBe(false)
      expect((await other.get('/api/auth/session')).body.authenticated).toBe(false)
    } finally {
      await server.stop()
    }
  })
})
