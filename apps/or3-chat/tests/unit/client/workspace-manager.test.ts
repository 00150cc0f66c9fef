import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { registerStorageProvider, registerSyncProvider, type WorkspaceApi, type WorkspaceSummary } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { hashBytes } from '../../../app/core/storage/hash-blob'
import { createSessionFollower, type FollowedSession } from '../../../app/core/workspace/follow-session'
import { createWorkspaceManager } from '../../../app/core/workspace/workspace-manager'
import { deleteWorkspaceDatabase, openWorkspaceSession, type WorkspaceSession } from '../../../app/core/workspace/workspace-session'
import { waitFor } from './support/flush'
import { createMemorySyncServer } from './support/memory-sync-provider'

let run = 0
let downloadsStarted = 0
const opened: WorkspaceSession[] = []

function summary(id: string, active: boolean): WorkspaceSummary {
  return { id, name: id, description: null, role: 'owner', isPersonal: id === 'personal', isActive: active, createdAt: 1, updatedAt: 1 }
}

function createFakeApi(ids: string[]) {
  let active = ids[0]!
  const workspaces = [...ids]
  const calls: string[] = []
  const api: WorkspaceApi = {
    async list() {
      return { workspaces: workspaces.map((id) => summary(id, id === active)), activeWorkspaceId: active }
    },
    async create({ name }) {
      workspaces.push(name)
      return summary(name, false)
    },
    async update(id, patch) {
      calls.push(`update ${id} ${patch.name}`)
      return { ...summary(id, id === active), name: patch.name ?? id }
    },
    async remove(id) {
      calls.push(`remove ${id}`)
      workspaces.splice(workspaces.indexOf(id), 1)
      if (active === id) active = 'personal'
    },
    async setActive(id) {
      calls.push(`setActive ${id}`)
      active = id
    },
  }
  return { api, calls }
}

async function setup(ids = ['personal', 'team', 'other']) {
  const prefix = `mgr-${process.pid}-${++run}`
  const server = createMemorySyncServer()
  registerSyncProvider('unit-memory', () => server.providerFor())
  registerStorageProvider('unit-memory', () => ({
    id: 'unit-memory',
    presignUpload: async () => ({ url: '/up', method: 'PUT', headers: {}, expiresAt: 0, alreadyExists: true }),
    // Never answers: a download stays in flight until switching cancels it.
    presignDownload: () => {
      downloadsStarted++
      return new Promise(() => {})
    },
    commit: async ({ hash }) => ({ hash, committed: true }),
  }))
  const databaseName = (workspaceId: string | null) => `${prefix}-${workspaceId ?? 'local'}`
  const { api, calls } = createFakeApi(ids)
  const manager = createWorkspaceManager({
    api,
    openSession: async (workspaceId) => {
      const session = await openWorkspaceSession(workspaceId, {
        syncEnabled: true,
        storageEnabled: true,
        sync: { providerId: 'unit-memory', mode: 'direct' },
        storage: { providerId: 'unit-memory', mode: 'direct' },
        databaseName,
      })
      opened.push(session)
      return session
    },
    deleteLocalData: (workspaceId) => deleteWorkspaceDatabase(workspaceId, { databaseName }),
  })
  return { manager, calls, databaseName }
}

afterEach(async () => {
  for (const session of opened.splice(0)) await session.close()
})

describe('workspace manager', () => {
  it('opens the active workspace in its own database, syncing', async () => {
    const { manager, databaseName } = await setup()
    const session = await manager.openActive()
    expect(session.workspaceId).toBe('personal')
    expect(session.db.name).toBe(databaseName('personal'))
    await session.sync!.whenIdle()
    expect(session.sync!.status.get()).toEqual({ state: 'synced', pending: 0 })
  })

  it('switches: activates on the server, stops the old engine, cancels its transfers, closes its database', async () => {
    const { manager, calls, databaseName } = await setup()
    const seen: Array<string | null | undefined> = []
    manager.subscribe((session) => seen.push(session?.workspaceId))
    const old = await manager.openActive()
    const download = old.storage!.ensureBlob(await hashBytes(new Blob(['x']))).catch((error) => error)
    const started = downloadsStarted
    await waitFor(() => downloadsStarted === started + 1, 'the download to start')

    const next = await manager.switchTo('team')
    expect(calls).toContain('setActive team')
    expect(await download).toMatchObject({ name: 'AbortError' })
    expect(old.db.isOpen()).toBe(false)
    expect(next.db.name).toBe(databaseName('team'))
    expect(manager.current).toBe(next)
    expect(seen).toEqual([undefined, 'personal', undefined, 'team'])

    // A write in the new workspace lands in its database only.
    await next.writer.put('kv', { name: 'theme', value: 'dark' })
    expect(await next.db.kv.count()).toBe(1)
    const reopened = await new Dexie(databaseName('personal')).open()
    expect(await reopened.table('kv').count()).toBe(0)
    reopened.close()
  })

  it('runs switches one at a time, in call order', async () => {
    const { manager } = await setup()
    await manager.openActive()
    const [team, other] = await Promise.all([manager.switchTo('team'), manager.switchTo('other')])
    expect(team.db.isOpen()).toBe(false)
    expect(manager.current).toBe(other)
  })

  it('renames through the API, and deleting the open workspace falls back to the active one and drops local data', async () => {
    const { manager, calls, databaseName } = await setup()
    await manager.openActive()
    await manager.switchTo('team')
    expect((await manager.rename('team', 'Team X')).name).toBe('Team X')
    await manager.remove('team')
    expect(calls).toEqual(expect.arrayContaining(['update team Team X', 'remove team']))
    expect(manager.current?.workspaceId).toBe('personal')
    expect(await Dexie.exists(databaseName('team'))).toBe(false)
  })

  it('opens local-only mode without sync or storage, writing no pending ops', async () => {
    const { manager } = await setup()
    const session = await manager.openLocal()
    expect(session.sync).toBeNull()
    expect(session.storage).toBeNull()
    await session.writer.put('kv', { name: 'theme', value: 'light' })
    expect(await session.db.pending_ops.count()).toBe(0)
  })
})

describe('following the session', () => {
  const signedIn = (workspaceId: string): FollowedSession => ({
    cloudEnabled: true,
    authenticated: true,
    user: { id: 'user-1', isAdmin: false },
    workspace: { id: workspaceId, name: workspaceId, role: 'owner' },
  })
  const signedOut: FollowedSession = { cloudEnabled: true, authenticated: false, user: null, workspace: null }

  it('opens the workspace the session names, and closes on a signed-out answer', async () => {
    const { manager } = await setup()
    const follower = createSessionFollower(manager)
    await follower.follow(signedIn('team'))
    expect(manager.current?.workspaceId).toBe('team')
    await follower.follow(signedOut)
    expect(manager.current).toBeNull()
  })

  it('while an account signs out, a late answer still naming it does not reopen the database being removed', async () => {
    const { manager, databaseName } = await setup()
    const follower = createSessionFollower(manager)
    await follower.follow(signedIn('personal'))
    follower.holdClosedFor('user-1')
    await manager.close()
    await Dexie.delete(databaseName('personal'))

    // The provider's token outlives the sign-out by a moment: the server still says "user-1".
    await follower.follow(signedIn('personal'))
    expect(manager.current).toBeNull()
    expect(await Dexie.getDatabaseNames()).not.toContain(databaseName('personal'))

    // Once the server says signed out, the next sign-in (the same account too) opens again.
    await follower.follow(signedOut)
    await follower.follow(signedIn('personal'))
    expect(manager.current?.workspaceId).toBe('personal')
  })

  it('a sign-out that failed releases the hold: the account stays followed', async () => {
    const { manager } = await setup()
    const follower = createSessionFollower(manager)
    await follower.follow(signedIn('personal'))
    const release = follower.holdClosedFor('user-1')
    release()
    await follower.follow(signedIn('team'))
    expect(manager.current?.workspaceId).toBe('team')
  })
})
