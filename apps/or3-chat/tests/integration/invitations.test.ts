import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor } from './support/http'
import { startServer, type RunningServer } from './support/start-server'

type Client = ReturnType<typeof clientFor>

/**
 * Invitations through the built host and the request pipeline, with the test auth provider
 * (TEST DOUBLE: it reports `<user>@example.test` as verified unless told otherwise) and the kit's
 * in-memory stores.
 */
describe('invitations', () => {
  let server: RunningServer
  let alice: Client
  let team: string

  const tokenOf = (invitePath: string) => invitePath.replace(/^\/invite\//, '')

  beforeAll(async () => {
    server = await startServer({
      env: { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'none', OR3_LIMITS_PER_MINUTE: '10000' },
    })
    alice = clientFor(server.url, 'alice')
    await clientFor(server.url, 'known').get('/api/auth/session') // an account exists once it signed in
    team = (await alice.post('/api/workspaces', { name: 'Team' })).body.workspace.id
  })
  afterAll(() => server?.stop())

  it('answers the same whether or not an account uses the email, and never stores the link', async () => {
    const existing = await alice.post(`/api/workspaces/${team}/invitations`, { email: 'Known@Example.test', role: 'editor' })
    const unknown = await alice.post(`/api/workspaces/${team}/invitations`, { email: 'nobody@example.test', role: 'editor' })
    expect([existing.status, unknown.status]).toEqual([201, 201])
    const shape = (body: { invitation: Record<string, unknown>; invitePath: string }) => ({
      keys: Object.keys(body).sort(),
      invitationKeys: Object.keys(body.invitation).sort(),
      status: body.invitation.status,
      path: body.invitePath.replace(/[\w-]{43}$/, '<token>'),
    })
    expect(shape(existing.body)).toEqual(shape(unknown.body))
    expect(existing.body.invitation.email).toBe('known@example.test')
    const listed = (await alice.get(`/api/workspaces/${team}/invitations`)).body.invitations
    expect(JSON.stringify(listed)).not.toContain(tokenOf(existing.body.invitePath))
  })

  it('only owners invite and see invitations', async () => {
    const editor = clientFor(server.url, 'edda')
    const { invitePath } = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'edda@example.test', role: 'editor' })).body
    expect((await editor.post('/api/invitations/accept', { token: tokenOf(invitePath) })).status).toBe(200)
    expect((await editor.post(`/api/workspaces/${team}/invitations`, { email: 'x@example.test', role: 'viewer' })).status).toBe(403)
    expect((await editor.get(`/api/workspaces/${team}/invitations`)).status).toBe(403)
    expect((await clientFor(server.url).get('/api/invitations')).status).toBe(401)
  })

  it('a verified invitee sees the invitation after signing in and joins by it; a link works once', async () => {
    const bob = clientFor(server.url, 'bob')
    const carol = clientFor(server.url, 'carol')
    const sent = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'BOB@example.test', role: 'viewer' })).body
    const offered = (await bob.get('/api/invitations')).body.invitations
    expect(offered.map((i: { id: string; workspaceName: string; invitedByName: string }) => [i.id, i.workspaceName, i.invitedByName])).toEqual([
      [sent.invitation.id, 'Team', 'alice'],
    ])
    const preview = await carol.post('/api/invitations/preview', { token: tokenOf(sent.invitePath) })
    expect(preview.body.invitation).toMatchObject({ workspaceName: 'Team', role: 'viewer', status: 'pending' })

    const joined = await bob.post('/api/invitations/accept', { token: tokenOf(sent.invitePath) })
    expect(joined.status).toBe(200)
    expect(joined.body.workspace).toMatchObject({ id: team, role: 'viewer' })
    expect((await bob.post('/api/sync/pull', { scope: { workspaceId: team }, cursor: 0 })).status).toBe(200)

    const again = await bob.post('/api/invitations/accept', { token: tokenOf(sent.invitePath) })
    expect([again.status, again.body.error.message]).toEqual([409, 'This invitation has already been accepted'])
    expect((await carol.post('/api/invitations/accept', { token: tokenOf(sent.invitePath) })).status).toBe(409)
    expect((await carol.post('/api/sync/pull', { scope: { workspaceId: team }, cursor: 0 })).status).toBe(403)
    expect((await bob.get('/api/invitations')).body.invitations).toEqual([])
  })

  it('an unverified email matches nothing, but the link still works', async () => {
    const dave = clientFor(server.url, 'dave', { 'x-test-email-unverified': '1' })
    const sent = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'dave@example.test', role: 'editor' })).body
    expect((await dave.get('/api/invitations')).body.invitations).toEqual([])
    expect((await dave.post('/api/invitations/accept', { invitationId: sent.invitation.id })).status).toBe(404)
    expect((await dave.post('/api/invitations/accept', { token: tokenOf(sent.invitePath) })).status).toBe(200)
  })

  it('a revoked invitation is refused; a declined one too', async () => {
    const erin = clientFor(server.url, 'erin')
    const revoked = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'erin@example.test', role: 'editor' })).body
    const left = await alice.delete(`/api/workspaces/${team}/invitations/${revoked.invitation.id}`)
    expect(left.body.invitations.map((i: { id: string }) => i.id)).not.toContain(revoked.invitation.id)
    const refused = await erin.post('/api/invitations/accept', { token: tokenOf(revoked.invitePath) })
    expect([refused.status, refused.body.error.message]).toEqual([409, 'This invitation was withdrawn by the workspace owner'])
    expect((await erin.post('/api/invitations/preview', { token: tokenOf(revoked.invitePath) })).body.invitation.status).toBe('revoked')

    const declined = (await alice.post(`/api/workspaces/${team}/invitations`, { email: 'erin@example.test', role: 'editor' })).body
    expect((await erin.post('/api/invitations/decline', { invitationId: declined.invitation.id })).status).toBe(200)
    expect((await erin.post('/api/invitations/accept', { token: tokenOf(declined.invitePath) })).status).toBe(409)
    expect((await erin.post('/api/sync/pull', { scope: { workspaceId: team }, cursor: 0 })).status).toBe(403)
  })

  it('refuses a malformed link and an unknown one plainly', async () => {
    const bob = clientFor(server.url, 'bob')
    expect((await bob.post('/api/invitations/accept', { token: 'short' })).status).toBe(400)
    const unknown = await bob.post('/api/invitations/preview', { token: 'x'.repeat(43) })
    expect([unknown.status, unknown.body.error.message]).toEqual([404, 'This invite link is not valid: ask the workspace owner for a new one'])
    expect((await bob.post('/api/invitations/accept', { token: 'x'.repeat(43), invitationId: 'both' })).status).toBe(400)
  })
})
