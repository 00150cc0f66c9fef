import { createTestClock, expectProviderError } from 'or3-provider-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createRemovedWorkspacePurge,
  createSqliteSyncGateway,
  createSqliteWorkspaceStore,
  openDatabase,
} from '../src/runtime/index.js'
import { USERS } from './support/instance-worker.js'
import { runTwoInstances } from './support/run-instances.js'
import { createTempDatabase, type TempDatabase } from './support/temp-database.js'

const temps: TempDatabase[] = []
afterEach(() => {
  for (const temp of temps.splice(0)) temp.dispose()
})

interface ProvisionAnswer {
  userId: string
  created: boolean
  personalWorkspaceId: string
}

const identity = (name: string) => ({ provider: 'test', providerUserId: name, email: `${name}@example.test` })

describe('sqlite workspace store', () => {
  it('two processes provisioning the same users create each user and personal workspace once', async () => {
    const temp = createTempDatabase()
    temps.push(temp)
    const [a, b] = await runTwoInstances<ProvisionAnswer[]>('users', temp.path)
    for (let i = 0; i < USERS; i++) {
      expect(a[i]!.userId, `user-${i}: both instances map the identity to one user`).toBe(b[i]!.userId)
      expect([a[i]!.created, b[i]!.created].filter(Boolean), `user-${i}: created by exactly one`).toHaveLength(1)
      expect(a[i]!.personalWorkspaceId, `user-${i}: one personal workspace`).toBe(b[i]!.personalWorkspaceId)
    }
    const count = (sql: string) => (temp.db.query(sql).get() as { n: number }).n
    expect(count('SELECT COUNT(*) AS n FROM users')).toBe(USERS)
    expect(count('SELECT COUNT(*) AS n FROM users WHERE is_admin = 1'), 'one admin: the first user').toBe(1)
    expect(count('SELECT COUNT(*) AS n FROM workspaces WHERE is_personal = 1')).toBe(USERS)
  }, 30_000)

  it('the database itself refuses a second live personal workspace for a user', async () => {
    const db = openDatabase(':memory:')
    const store = createSqliteWorkspaceStore({ db })
    const { user } = await store.getOrCreateUser(identity('ada'))
    await store.ensurePersonalWorkspace(user.id)
    expect(() =>
      db.run(
        `INSERT INTO workspaces (id, name, owner_user_id, is_personal, created_at, updated_at)
         VALUES ('second', 'Personal', ?, 1, 0, 0)`,
        [user.id],
      ),
    ).toThrow(/UNIQUE/)
  })

  it('keeps the profile the sign-in provider reports now', async () => {
    const store = createSqliteWorkspaceStore({ db: openDatabase(':memory:') })
    const first = await store.getOrCreateUser({ ...identity('ada'), displayName: 'Ada' })
    const again = await store.getOrCreateUser({ ...identity('ada'), email: 'ada@new.test' })
    expect([again.user.id, again.user.email, again.user.displayName]).toEqual([first.user.id, 'ada@new.test', 'Ada'])
  })

  it('a workspace keeps at least one owner', async () => {
    const store = createSqliteWorkspaceStore({ db: openDatabase(':memory:') })
    const { user: owner } = await store.getOrCreateUser(identity('owner'))
    const { user: other } = await store.getOrCreateUser(identity('other'))
    const ws = await store.createWorkspace(owner.id, { name: 'Team' })
    await expectProviderError(store.setMemberRole(ws.id, owner.id, 'editor'), 'CONFLICT', 'demoting the last owner')
    await store.setMemberRole(ws.id, other.id, 'owner')
    await store.setMemberRole(ws.id, owner.id, null)
    expect(await store.getRole(owner.id, ws.id), 'with another owner, the first may leave').toBeNull()
  })

  it('the active workspace must be one the user belongs to, and is forgotten when it is removed', async () => {
    const store = createSqliteWorkspaceStore({ db: openDatabase(':memory:') })
    const { user: ada } = await store.getOrCreateUser(identity('ada'))
    const { user: bob } = await store.getOrCreateUser(identity('bob'))
    const adas = await store.createWorkspace(ada.id, { name: 'Ada' })
    await expectProviderError(store.setActiveWorkspaceId(bob.id, adas.id), 'NOT_FOUND', "choosing another's workspace")
    await store.setActiveWorkspaceId(ada.id, adas.id)
    await store.removeWorkspace(adas.id)
    expect(await store.getActiveWorkspaceId(ada.id)).toBeNull()
    await expectProviderError(store.removeWorkspace(adas.id), 'NOT_FOUND', 'removing it twice')
  })

  it('a removed workspace keeps its data until retention, then is purged with its sync data', async () => {
    const clock = createTestClock()
    const db = openDatabase(':memory:')
    const retentionMs = 1000
    const store = createSqliteWorkspaceStore({ db, now: clock.now })
    const sync = createSqliteSyncGateway({ db, now: clock.now, retentionMs })
    const purge = createRemovedWorkspacePurge({ db, now: clock.now, retentionMs })
    const { user } = await store.getOrCreateUser(identity('ada'))
    const [doomed, kept] = [await store.createWorkspace(user.id, { name: 'Doomed' }), await store.createWorkspace(user.id, { name: 'Kept' })]
    const op = (pk: string) => ({
      opId: pk,
      tableName: 'threads' as const,
      operation: 'put' as const,
      pk,
      payload: { id: pk },
      stamp: { deviceId: 'd', opId: pk, hlc: '1', clock: 1 },
    })
    await sync.push({ userId: user.id }, { scope: { workspaceId: doomed.id }, ops: [op('in-doomed')] })
    await sync.push({ userId: user.id }, { scope: { workspaceId: kept.id }, ops: [op('in-kept')] })
    await store.removeWorkspace(doomed.id)

    const rowsOf = (workspaceId: string) =>
      (db.query('SELECT COUNT(*) AS n FROM sync_rows WHERE workspace_id = ?').get(workspaceId) as { n: number }).n
    expect(purge(), 'nothing is purged within retention').toBe(0)
    expect(rowsOf(doomed.id), 'the data is still there').toBe(1)
    clock.advance(retentionMs + 1)
    expect(purge(), 'past retention the workspace is purged').toBe(1)
    expect([rowsOf(doomed.id), rowsOf(kept.id)], "only the removed workspace's data goes").toEqual([0, 1])
    expect(db.query('SELECT id FROM workspaces').all()).toEqual([{ id: kept.id }])
  })
})
