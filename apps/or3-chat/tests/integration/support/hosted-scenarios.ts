import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserLikeClient } from './browser-like-client'

/** An upload's JSON answer, which the page passes to commit unchanged. */
const isReceipt = (body: unknown): body is Record<string, unknown> => typeof body === 'object' && body !== null && !(body instanceof Uint8Array)

/** A built host on one preset, as the shared scenarios need it. */
export interface HostUnderTest {
  url: string
  output(): string
  /** A new browser profile signed in to a new account (the way this preset signs people up). */
  signUp(email: string, displayName: string): Promise<BrowserLikeClient>
  stop(): Promise<void>
}

export interface PresetUnderTest {
  name: string
  /** The providers part of the server's one-line startup summary. */
  providersLine: string
  start(): Promise<HostUnderTest>
}

export function threadOp(opId: string, pk: string, title: string, clock: number, deviceId: string) {
  return {
    opId,
    tableName: 'threads',
    operation: 'put',
    pk,
    payload: { id: pk, title },
    stamp: { deviceId, opId, hlc: `${String(Date.now()).padStart(13, '0')}:0000:${deviceId}`, clock },
  }
}

/**
 * What every cloud preset must do through its built server, whoever signs people in: accounts
 * mapped to personal workspaces, workspaces, sync between devices, sharing, and attachments.
 */
export function describeHostedScenarios(preset: PresetUnderTest) {
  describe(`the ${preset.name} preset through a built host`, () => {
    let server: HostUnderTest
    let alice: BrowserLikeClient
    let bob: BrowserLikeClient
    let alicePersonal: string

    beforeAll(async () => {
      server = await preset.start()
      alice = await server.signUp('Alice@Example.com', 'Alice')
      bob = await server.signUp('bob@example.com', 'Bob')
      alicePersonal = (await alice.get('/api/auth/session')).body.workspace.id
    })
    afterAll(() => server?.stop())

    it('boots on its providers, saying so in one line', () => {
      expect(server.output()).toContain(preset.providersLine)
    })

    it('makes the first account the admin, and maps each to a personal workspace', async () => {
      const aliceSession = (await alice.get('/api/auth/session')).body
      const bobSession = (await bob.get('/api/auth/session')).body
      expect(aliceSession).toMatchObject({ authenticated: true, user: { email: 'alice@example.com', isAdmin: true } })
      expect(bobSession).toMatchObject({ authenticated: true, user: { email: 'bob@example.com', isAdmin: false } })
      expect(aliceSession.workspace.id).not.toBe(bobSession.workspace.id)
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

      const invited = await alice.post(`/api/workspaces/${team}/invitations`, { email: 'BOB@example.com', role: 'viewer' })
      expect(invited.status).toBe(201)
      const token = invited.body.invitePath.replace('/invite/', '')
      expect((await bob.post('/api/invitations/accept', { token })).status).toBe(200)
      const read = await bob.post('/api/sync/pull', { scope, cursor: 0 })
      expect(read.body.changes.map((c: { payload: { title: string } }) => c.payload.title)).toEqual(['agenda'])
      expect((await bob.post('/api/sync/push', { scope, ops: [threadOp('bob-2', 'tt-2', 'mine', 1, 'phone')] })).status).toBe(403)
      expect((await bob.get('/api/workspaces')).body.workspaces.map((w: { role: string }) => w.role)).toContain('viewer')

      const bobId = (await bob.get('/api/auth/session')).body.user.id
      await alice.patch(`/api/workspaces/${team}/members/${bobId}`, { role: 'editor' })
      const wrote = await bob.post('/api/sync/push', { scope, ops: [threadOp('bob-2', 'tt-2', 'mine', 1, 'phone')] })
      expect(wrote.body.results[0].applied).toBe(true)
      expect((await bob.patch(`/api/workspaces/${team}/members/${bobId}`, { role: 'owner' })).status).toBe(403)
      expect((await bob.patch(`/api/workspaces/${team}`, { name: 'Bob owns this' })).status).toBe(403)
    })

    it('stores attachments: a wrong hash is refused, a download returns the exact bytes', async () => {
      const bytes = new TextEncoder().encode('hello attachment \u2603')
      const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
      const request = { workspaceId: alicePersonal, hash, mimeType: 'text/plain', sizeBytes: bytes.length }
      const upload = await alice.post('/api/storage/presign-upload', request)
      expect(upload.status).toBe(200)

      // Refused as the bytes arrive (fs hashes them on the way in), or at commit (Convex learns
      // the hash once they are stored): either way nothing is stored under the hash.
      const tampered = bytes.slice()
      tampered[0] = tampered[0]! ^ 1
      const forged = await alice.transfer(upload.body, tampered)
      const commitWith = (receipt: unknown) =>
        alice.post('/api/storage/commit', { ...request, name: 'note.txt', ...(isReceipt(receipt) ? { receipt } : {}) })
      if (forged.status >= 300) {
        expect(forged.status).toBe(400)
        expect(forged.body.error.code).toBe('VALIDATION')
        expect((await commitWith(undefined)).status).toBe(404)
      } else {
        const refused = await commitWith(forged.body)
        expect(refused.status).toBe(400)
        expect(refused.body.error.code).toBe('VALIDATION')
      }

      const again = await alice.post('/api/storage/presign-upload', request)
      expect(again.body.alreadyExists).toBe(false)
      const accepted = await alice.transfer(again.body, bytes)
      expect(accepted.status).toBeLessThan(300)
      expect((await commitWith(accepted.body)).status).toBe(200)

      const download = await alice.post('/api/storage/presign-download', { workspaceId: alicePersonal, hash })
      const fetched = await alice.transfer(download.body)
      expect(fetched.status).toBe(200)
      expect(Buffer.from(fetched.body).equals(Buffer.from(bytes))).toBe(true)
      expect((await bob.post('/api/storage/presign-download', { workspaceId: alicePersonal, hash })).status).toBe(403)
    })
  })
}
