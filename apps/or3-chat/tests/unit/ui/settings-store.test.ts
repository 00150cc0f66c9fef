import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import {
  USER_SETTINGS,
  readDefaultModel,
  readModelCache,
  readUserLlmKey,
  saveDefaultModel,
  saveModelCache,
  saveUserLlmKey,
} from '../../../app/core/chat/settings-store'
import { LEGACY_WORKSPACE_KV, migrateWorkspaceSettings } from '../../../app/core/settings/migrate-workspace-settings'
import { openUserDeviceDatabase, userDatabaseName, type UserDeviceDatabase } from '../../../app/core/settings/user-device-store'
import { closeChatDbs, openChatDb } from './support/chat-db'

const KEY = 'sk-or-v1-abcdefghijklmnopqrstuvwxyz0123456789'
const users: UserDeviceDatabase[] = []
let counter = 0

async function userDb(userId: string | null = 'alice') {
  const db = await openUserDeviceDatabase(userId, { name: `user-test-${process.pid}-${++counter}` })
  users.push(db)
  return db
}

afterEach(async () => {
  await closeChatDbs()
  for (const db of users.splice(0)) {
    db.close()
    await db.delete()
  }
})

describe('settings of the user on this device', () => {
  it('live in a database of their own, named by the user id, so another account opens another', () => {
    expect(userDatabaseName('u-1')).toBe('or3-user-u-1')
    expect(userDatabaseName('u-2')).not.toBe(userDatabaseName('u-1'))
    expect(userDatabaseName(null)).toBe('or3-device-local')
  })

  it('keep the key, the default model and the model list, and forget them on removal', async () => {
    const db = await userDb()
    await saveUserLlmKey(db, `  ${KEY}  `)
    await saveDefaultModel(db, 'llama3.2:3b')
    await saveModelCache(db, { models: [{ id: 'm', name: null, contextLength: 8192 }], defaultModel: 'm' }, 42)
    expect(await readUserLlmKey(db)).toBe(KEY)
    expect(await readDefaultModel(db)).toBe('llama3.2:3b')
    expect(await readModelCache(db)).toEqual({ models: [{ id: 'm', name: null, contextLength: 8192 }], defaultModel: 'm', fetchedAt: 42 })
    await saveUserLlmKey(db, null)
    expect(await readUserLlmKey(db)).toBeNull()
    await db.settings.put({ name: USER_SETTINGS.modelCache, value: { models: 'nope' }, updated_at: 0 })
    expect(await readModelCache(db)).toBeNull()
  })
})

describe('moving settings out of a workspace (earlier versions kept them there)', () => {
  it("moves the key out of the workspace at once and copies the synced default model without touching it", async () => {
    const workspace = await openChatDb('ws-old')
    await workspace.writer.put('kv', { name: LEGACY_WORKSPACE_KV.userLlmKey, value: KEY })
    await workspace.writer.put('kv', { name: LEGACY_WORKSPACE_KV.defaultModel, value: 'openai/gpt-4o' })
    await workspace.writer.put('kv', { name: LEGACY_WORKSPACE_KV.modelCache, value: { models: [] } })
    const opsBefore = await workspace.db.pending_ops.count()

    const alice = await userDb('alice')
    await migrateWorkspaceSettings(workspace.db, workspace.writer, alice)
    expect(await readUserLlmKey(alice)).toBe(KEY)
    expect(await readDefaultModel(alice)).toBe('openai/gpt-4o')
    expect((await workspace.db.kv.get(LEGACY_WORKSPACE_KV.userLlmKey))?.deleted).toBe(true)
    expect((await workspace.db.kv.get(LEGACY_WORKSPACE_KV.defaultModel))?.deleted).toBe(false)
    // Nothing of this reaches the server: the key never syncs, and neither does its removal.
    expect(await workspace.db.pending_ops.count()).toBe(opsBefore)
    expect(JSON.stringify(await workspace.db.pending_ops.toArray())).not.toContain(KEY)

    // A second account opening the same workspace on this browser finds no key to take.
    const bob = await userDb('bob')
    await migrateWorkspaceSettings(workspace.db, workspace.writer, bob)
    expect(await readUserLlmKey(bob)).toBeNull()
  })

  it("never overwrites the user's own settings, and runs once per workspace", async () => {
    const workspace = await openChatDb('ws-old')
    await workspace.writer.put('kv', { name: LEGACY_WORKSPACE_KV.defaultModel, value: 'old/model' })
    const alice = await userDb('alice')
    await saveDefaultModel(alice, 'mine/model')
    await migrateWorkspaceSettings(workspace.db, workspace.writer, alice)
    expect(await readDefaultModel(alice)).toBe('mine/model')

    await saveDefaultModel(alice, null)
    await migrateWorkspaceSettings(workspace.db, workspace.writer, alice)
    expect(await readDefaultModel(alice)).toBeNull()
  })
})
