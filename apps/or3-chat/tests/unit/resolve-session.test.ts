import type { H3Event } from 'h3'
import { describe, expect, it } from 'vitest'
import { isProviderError, type AuthProvider, type WorkspaceStore } from 'or3-provider-kit'
import { createMemoryWorkspaceStore } from 'or3-provider-kit/testing/memory'
import { buildOr3CloudConfig } from '../../shared/config/build-or3-cloud-config'
import { resolveSession } from '../../server/core/session/resolve-session'

const fakeEvent = () => ({ context: {} }) as unknown as H3Event
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

function countingAuth(identity: { providerUserId: string; expiresAt?: string } | null) {
  const calls = { count: 0 }
  const auth: AuthProvider = {
    id: 'test',
    async getSession() {
      calls.count++
      return identity && { provider: 'test', providerUserId: identity.providerUserId, expiresAt: identity.expiresAt ?? inAnHour() }
    },
  }
  return { auth, calls }
}

const brokenStore = (): WorkspaceStore => ({
  ...createMemoryWorkspaceStore(),
  getOrCreateUser: async () => {
    throw new Error('database is on fire')
  },
})

const configWith = (failure: string) =>
  buildOr3CloudConfig({ OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_SESSION_PROVISIONING_FAILURE: failure }, [])

describe('resolveSession', () => {
  it('maps the identity to a user with a personal, active workspace', async () => {
    const { auth } = countingAuth({ providerUserId: 'u1' })
    const workspaces = createMemoryWorkspaceStore()
    const session = await resolveSession(fakeEvent(), configWith('throw'), { auth, workspaces })
    expect(session?.user.isAdmin).toBe(true)
    expect(session?.activeWorkspaceId).toBe(session?.personalWorkspaceId)
    expect(await workspaces.getRole(session!.user.id, session!.personalWorkspaceId)).toBe('owner')
  })

  it("carries whether the provider verified the email (invitations match only then); unknown is unverified", async () => {
    const workspaces = createMemoryWorkspaceStore()
    const reporting = (emailVerified?: boolean): AuthProvider => ({
      id: 'test',
      getSession: async () => ({ provider: 'test', providerUserId: 'u5', email: 'u5@example.test', emailVerified, expiresAt: inAnHour() }),
    })
    const verified = await resolveSession(fakeEvent(), configWith('throw'), { auth: reporting(true), workspaces })
    const unknown = await resolveSession(fakeEvent(), configWith('throw'), { auth: reporting(undefined), workspaces })
    expect([verified?.emailVerified, unknown?.emailVerified]).toEqual([true, false])
  })

  it('asks the providers once per request', async () => {
    const { auth, calls } = countingAuth({ providerUserId: 'u1' })
    const event = fakeEvent()
    const deps = { auth, workspaces: createMemoryWorkspaceStore() }
    const [a, b] = await Promise.all([resolveSession(event, configWith('throw'), deps), resolveSession(event, configWith('throw'), deps)])
    expect(a).toBe(b)
    expect(calls.count).toBe(1)
    await resolveSession(fakeEvent(), configWith('throw'), deps)
    expect(calls.count).toBe(2)
  })

  it('treats no identity and an expired one as signed out', async () => {
    const workspaces = createMemoryWorkspaceStore()
    expect(await resolveSession(fakeEvent(), configWith('throw'), { auth: countingAuth(null).auth, workspaces })).toBeNull()
    const expired = countingAuth({ providerUserId: 'u2', expiresAt: new Date(Date.now() - 1000).toISOString() })
    expect(await resolveSession(fakeEvent(), configWith('throw'), { auth: expired.auth, workspaces })).toBeNull()
  })

  it('falls back to the personal workspace when the active one was removed', async () => {
    const { auth } = countingAuth({ providerUserId: 'u3' })
    const workspaces = createMemoryWorkspaceStore()
    const first = (await resolveSession(fakeEvent(), configWith('throw'), { auth, workspaces }))!
    const team = await workspaces.createWorkspace(first.user.id, { name: 'Team' })
    await workspaces.setActiveWorkspaceId(first.user.id, team.id)
    expect((await resolveSession(fakeEvent(), configWith('throw'), { auth, workspaces }))?.activeWorkspaceId).toBe(team.id)
    await workspaces.removeWorkspace(team.id)
    expect((await resolveSession(fakeEvent(), configWith('throw'), { auth, workspaces }))?.activeWorkspaceId).toBe(first.personalWorkspaceId)
  })

  describe('when provisioning fails', () => {
    const deps = () => ({ auth: countingAuth({ providerUserId: 'u4' }).auth, workspaces: brokenStore() })

    it('throw: the error propagates (a 500 at the edge)', async () => {
      await expect(resolveSession(fakeEvent(), configWith('throw'), deps())).rejects.toThrow('database is on fire')
    })

    it('unauthenticated: the caller is treated as signed out', async () => {
      expect(await resolveSession(fakeEvent(), configWith('unauthenticated'), deps())).toBeNull()
    })

    it('service-unavailable: UNAVAILABLE with a retry hint, without the internal message', async () => {
      const error = await resolveSession(fakeEvent(), configWith('service-unavailable'), deps()).catch((e: unknown) => e)
      expect(isProviderError(error) && error.code).toBe('UNAVAILABLE')
      expect(isProviderError(error) && error.retryAfterSeconds).toBeGreaterThan(0)
      expect((error as Error).message).not.toContain('on fire')
    })
  })
})
