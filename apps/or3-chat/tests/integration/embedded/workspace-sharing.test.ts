import { Database } from 'bun:sqlite'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserLikeClient, type BrowserLikeClient } from '../support/browser-like-client'
import { startEmbeddedHost, type EmbeddedServer } from '../support/embedded-host'

const PASSWORD = 'a long enough passphrase'

async function register(server: EmbeddedServer, email: string, displayName: string) {
  const client = browserLikeClient(server.url)
  const response = await client.post('/api/basic-auth/register', { email, password: PASSWORD, displayName })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return client
}

const tokenOf = (invitePath: string) => invitePath.replace(/^\/invite\//, '')

/** Sharing on the embedded default (basic-auth, sqlite) through the built host. */
describe('sharing a workspace on the embedded default', () => {
  let server: EmbeddedServer
  let alice: BrowserLikeClient
  let bob: BrowserLikeClient
  let alicePersonal: string
  let aliceId: string

  /** Alice invites `email`; the invitee accepts through the link, as basic-auth users must. */
  async function share(workspaceId: string, who: BrowserLikeClient, email: string, role: string) {
    const invited = await alice.post(`/api/workspaces/${workspaceId}/invitations`, { email, role })
    expect(invited.status).toBe(201)
    const joined = await who.post('/api/invitations/accept', { token: tokenOf(invited.body.invitePath) })
    expect(joined.status, JSON.stringify(joined.body)).toBe(200)
  }

  beforeAll(async () => {
    server = await startEmbeddedHost()
    alice = await register(server, 'alice@example.com', 'Alice')
    bob = await register(server, 'bob@example.com', 'Bob')
    const session = (await alice.get('/api/auth/session')).body
    alicePersonal = session.workspace.id
    aliceId = session.user.id
  })
  afterAll(() => server?.stop())

  it("a co-owner can't remove or demote the owner of a personal workspace, nor delete it; the owner keeps working", async () => {
    await share(alicePersonal, bob, 'bob@example.com', 'owner')
    const removed = await bob.delete(`/api/workspaces/${alicePersonal}/members/${aliceId}`)
    expect(removed.status).toBe(409)
    expect(removed.body.error.message).toMatch(/personal workspace: its owner can't be removed/)
    expect((await bob.patch(`/api/workspaces/${alicePersonal}/members/${aliceId}`, { role: 'viewer' })).status).toBe(409)
    const deleted = await bob.delete(`/api/workspaces/${alicePersonal}`)
    expect([deleted.status, deleted.body.error.message]).toEqual([409, "A personal workspace can't be deleted; delete its chats instead"])

    // The audit's lock-out: every later request of Alice's answered 503. Now they all work.
    const session = await alice.get('/api/auth/session')
    expect(session.status).toBe(200)
    expect(session.body.workspace).toMatchObject({ id: alicePersonal, role: 'owner' })
    expect((await alice.get('/api/workspaces')).status).toBe(200)
    expect((await alice.post('/api/sync/pull', { scope: { workspaceId: alicePersonal }, cursor: 0 })).status).toBe(200)

    // The co-owner may still leave.
    const bobId = (await bob.get('/api/auth/session')).body.user.id
    expect((await alice.delete(`/api/workspaces/${alicePersonal}/members/${bobId}`)).status).toBe(200)
    expect((await bob.post('/api/sync/pull', { scope: { workspaceId: alicePersonal }, cursor: 0 })).status).toBe(403)
  })

  it('a workspace keeps an owner', async () => {
    const team = (await alice.post('/api/workspaces', { name: 'Team' })).body.workspace.id
    const demoted = await alice.patch(`/api/workspaces/${team}/members/${aliceId}`, { role: 'editor' })
    expect([demoted.status, demoted.body.error.message]).toEqual([409, 'A workspace needs an owner: make another member owner first'])
  })

  it('basic-auth emails are unverified: an invitation is never matched by email, only the link works', async () => {
    const team = (await alice.post('/api/workspaces', { name: 'Unverified' })).body.workspace.id
    const carol = await register(server, 'carol@example.com', 'Carol')
    const invited = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'carol@example.com', role: 'editor' })).body
    expect((await carol.get('/api/invitations')).body.invitations).toEqual([])
    expect((await carol.post('/api/invitations/accept', { invitationId: invited.invitation.id })).status).toBe(404)
    expect((await carol.post('/api/invitations/accept', { token: tokenOf(invited.invitePath) })).status).toBe(200)
  })

  it('an expired invitation is refused', async () => {
    const team = (await alice.post('/api/workspaces', { name: 'Later' })).body.workspace.id
    const dave = await register(server, 'dave@example.com', 'Dave')
    const invited = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'dave@example.com', role: 'editor' })).body
    expect(invited.invitation.expiresAt - invited.invitation.createdAt, 'OR3_INVITATION_TTL_DAYS defaults to 7').toBe(7 * 24 * 60 * 60 * 1000)
    // Seven days pass: the server's clock can't be moved, so the invitation's expiry is.
    const db = new Database(join(server.dataDir, 'or3.sqlite'))
    try {
      db.run('UPDATE invitations SET expires_at = ? WHERE id = ?', [Date.now() - 1000, invited.invitation.id])
    } finally {
      db.close()
    }
    const refused = await dave.post('/api/invitations/accept', { token: tokenOf(invited.invitePath) })
    expect([refused.status, refused.body.error.message]).toEqual([409, 'This invitation has expired: ask the workspace owner for a new one'])
    expect((await alice.get(`/api/workspaces/${team}/invitations`)).body.invitations[0].status).toBe('expired')
  })
})
