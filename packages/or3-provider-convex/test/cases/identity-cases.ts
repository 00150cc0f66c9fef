import { uniqueId } from 'or3-provider-kit/testing'
import { expect } from 'vitest'
import { expectRefusal } from '../support/actors'
import type { TemplateCase } from '../support/run-cases'
import { signUp } from '../support/template-backend'

interface GetOrCreateAnswer {
  user: { id: string; email?: string; displayName?: string; isAdmin: boolean }
  created: boolean
}

export const identityCases: TemplateCase[] = [
  {
    name: 'users:getOrCreate maps a token to one user, created once, with the profile the token vouches for',
    async run(backend) {
      const sub = uniqueId('alice')
      const alice = backend.tokenHolder({ sub, email: `${sub}@example.test`, email_verified: true, name: 'Alice' })
      const first = await alice.mutation<GetOrCreateAnswer>('users:getOrCreate')
      const again = await alice.mutation<GetOrCreateAnswer>('users:getOrCreate')
      expect([first.created, again.created], 'created on first sight only').toEqual([true, false])
      expect(again.user.id, 'the same token identity is the same user').toBe(first.user.id)
      expect([first.user.email, first.user.displayName], 'profile from the token').toEqual([`${sub}@example.test`, 'Alice'])
      const renamed = backend.tokenHolder({ sub, email: `${sub}@example.test`, email_verified: true, name: 'Alice B.' })
      const refreshed = await renamed.mutation<GetOrCreateAnswer>('users:getOrCreate')
      expect([refreshed.created, refreshed.user.displayName], 'a later token updates the profile').toEqual([false, 'Alice B.'])
    },
  },
  {
    name: 'users:getOrCreate: concurrent first calls create exactly one user',
    async run(backend) {
      const sub = uniqueId('racer')
      const racer = backend.tokenHolder({ sub, email: `${sub}@example.test` })
      const answers = await Promise.all(Array.from({ length: 8 }, () => racer.mutation<GetOrCreateAnswer>('users:getOrCreate')))
      expect(new Set(answers.map((a) => a.user.id)).size, 'every caller gets the same user').toBe(1)
      expect(answers.filter((a) => a.created), 'exactly one caller created it').toHaveLength(1)
    },
  },
  {
    name: "users:getOrCreate: the deployment's first account is its admin, later ones are not",
    needsEmptyDeployment: true,
    async run(backend) {
      const [first, second] = [await signUp(backend), await signUp(backend)]
      const admin = await first.mutation<GetOrCreateAnswer>('users:getOrCreate')
      const other = await second.mutation<GetOrCreateAnswer>('users:getOrCreate')
      expect([admin.user.isAdmin, other.user.isAdmin], 'only the first').toEqual([true, false])
    },
  },
  {
    name: 'users:me is null before registration and the user after; the OR3 server is never a user',
    async run(backend) {
      const sub = uniqueId('newcomer')
      const newcomer = backend.tokenHolder({ sub, email: `${sub}@example.test` })
      expect(await newcomer.query('users:me'), 'an unregistered identity').toBeNull()
      const { user } = await newcomer.mutation<GetOrCreateAnswer>('users:getOrCreate')
      expect((await newcomer.query<{ id: string }>('users:me')).id, 'resolved by reads alone').toBe(user.id)
      await expectRefusal(backend.server.mutation('users:getOrCreate'), 'FORBIDDEN', 'the server identity registering as a user')
      await expectRefusal(backend.server.mutation('workspaces:ensurePersonal'), 'FORBIDDEN', 'the server identity acting as a user')
    },
  },
  {
    name: 'no token, no access: every public function refuses an anonymous caller',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = owner.personalWorkspaceId
      const calls: [string, 'query' | 'mutation', Record<string, unknown>][] = [
        ['users:getOrCreate', 'mutation', {}],
        ['workspaces:list', 'query', {}],
        ['workspaces:create', 'mutation', { name: 'x' }],
        ['members:list', 'query', { workspaceId: ws }],
        ['sync:pull', 'query', { workspaceId: ws, cursor: 0 }],
        ['sync:push', 'mutation', { workspaceId: ws, ops: [] }],
        ['storage:presignDownload', 'query', { workspaceId: ws, hash: `sha256:${'0'.repeat(64)}` }],
        ['rateLimits:consume', 'mutation', { key: 'k', windowMs: 1000, limit: 1 }],
        ['jobs:create', 'mutation', { userId: owner.id, threadId: 't', messageId: 'm' }],
        ['notifications:emit', 'mutation', { workspaceId: ws, userId: owner.id, type: 't', title: 'x' }],
      ]
      for (const [path, kind, args] of calls) {
        await expectRefusal(backend.anonymous[kind](path, args), 'UNAUTHENTICATED', `${path} without a token`)
      }
    },
  },
  {
    name: 'server-only functions refuse users: rate limits, jobs, notifications, settings, storage GC',
    async run(backend) {
      const user = await signUp(backend)
      const ws = user.personalWorkspaceId
      const calls: [string, 'query' | 'mutation', Record<string, unknown>][] = [
        ['rateLimits:consume', 'mutation', { key: `core:minute:${user.id}`, windowMs: 1000, limit: 1 }],
        ['jobs:create', 'mutation', { userId: user.id, threadId: 't', messageId: 'm' }],
        ['jobs:read', 'query', { jobId: 'x', offset: 0 }],
        ['notifications:emit', 'mutation', { workspaceId: ws, userId: user.id, type: 't', title: 'forged' }],
        ['admin:configure', 'mutation', { syncRetentionMs: 1, workspaceRetentionMs: 1, uploadGraceMs: 1, maxFileBytes: 1, allowedMimeTypes: [], jobRetentionMs: 1, jobTimeoutMs: 1 }],
        ['admin:status', 'query', {}],
        ['storage:gc', 'mutation', { workspaceId: ws, unreferenced: [] }],
      ]
      for (const [path, kind, args] of calls) {
        await expectRefusal(user[kind](path, args), 'FORBIDDEN', `${path} called by a user`)
      }
    },
  },
]
