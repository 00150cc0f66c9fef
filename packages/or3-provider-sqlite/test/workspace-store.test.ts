import { createTestClock, expectProviderError } from 'or3-provider-kit/testing'
import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createRemovedWorkspacePurge,
  createSqliteSyncGateway,
  createSqliteWorkspaceStore,
  openDatabase,
} from '../src/runtime/index'
import { USERS } from './support/instance-worker'
import { runTwoInstances } from './support/run-instances'
import { createTempDatabase, type TempDatabase } from './support/temp-database'

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

  it('ensurePersonalWorkspace repairs an owner membership an older release let a co-owner remove or demote', async () => {
    const db = openDatabase(':memory:')
    const store = createSqliteWorkspaceStore({ db })
    const { user } = await store.getOrCreateUser(identity('ada'))
    const personal = await store.ensurePersonalWorkspace(user.id)
    db.run('DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?', [personal.id, user.id])
    const restored = await store.ensurePersonalWorkspace(user.id)
    expect([restored.id, restored.role], 'the same workspace, owned again (no UNIQUE failure)').toEqual([personal.id, 'owner'])
    db.run("UPDATE memberships SET role = 'viewer' WHERE workspace_id = ? AND user_id = ?", [personal.id, user.id])
    expect((await store.ensurePersonalWorkspace(user.id)).role, 'a demoted owner is owner again').toBe('owner')
    const count = db.query('SELECT COUNT(*) AS n FROM workspaces WHERE owner_user_id = ? AND is_personal = 1').get(user.id) as { n: number }
    expect(count.n, 'still exactly one personal workspace').toBe(1)
  })

  it('resolves a known user, their personal and active workspace with reads only (a read-only file)', async () => {
    const temp = createTempDatabase()
    temps.push(temp)
    const writable = createSqliteWorkspaceStore({ db: temp.db })
    const ada = { ...identity('ada'), displayName: 'Ada' }
    const { user } = await writable.getOrCreateUser(ada)
    const personal = await writable.ensurePersonalWorkspace(user.id)
    await writable.setActiveWorkspaceId(user.id, personal.id)

    const readOnly = new Database(temp.path, { readonly: true, strict: true })
    try {
      const store = createSqliteWorkspaceStore({ db: readOnly })
      const known = await store.getOrCreateUser(ada)
      expect([known.user.id, known.created], 'the known user, found').toEqual([user.id, false])
      expect((await store.ensurePersonalWorkspace(user.id)).id, 'and their personal workspace').toBe(personal.id)
      expect(await store.getActiveWorkspaceId(user.id)).toBe(personal.id)
      expect(await store.getRole(user.id, personal.id)).toBe('owner')
      // Only first sight and a changed profile need to write.
      await expectProviderError(store.getOrCreateUser(identity('newcomer')), 'UNAVAILABLE', 'a new user on a read-only file')
      await expectProviderError(store.getOrCreateUser({ ...ada, displayName: 'Ada L.' }), 'UNAVAILABLE', 'a changed name')
    } finally {
      readOnly.close()
    }
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
