import { afterEach, describe, expect, it } from 'vitest'
import { SETTINGS_KV, readDefaultModel, readUserLlmKey, saveDefaultModel, saveModelCache, saveUserLlmKey, readModelCache } from '../../../app/core/chat/settings-store'
import { closeChatDbs, openChatDb } from './support/chat-db'

afterEach(closeChatDbs)

const KEY = 'sk-or-v1-abcdefghijklmnopqrstuvwxyz0123456789'

describe('chat settings', () => {
  it('keeps the user API key on the device: readable here, never queued for sync', async () => {
    const { db, writer } = await openChatDb('ws-cloud')
    await saveUserLlmKey(writer, `  ${KEY}  `)
    expect(await readUserLlmKey(db)).toBe(KEY)
    const ops = await db.pending_ops.toArray()
    expect(ops.filter((op) => op.pk === SETTINGS_KV.userLlmKey)).toEqual([])
    expect(JSON.stringify(ops)).not.toContain(KEY)
  })

  it('removes the key without syncing the removal either', async () => {
    const { db, writer } = await openChatDb('ws-cloud')
    await saveUserLlmKey(writer, KEY)
    await saveUserLlmKey(writer, null)
    expect(await readUserLlmKey(db)).toBeNull()
    expect(await db.pending_ops.count()).toBe(0)
  })

  it('syncs the default model to the other devices', async () => {
    const { db, writer } = await openChatDb('ws-cloud')
    await saveDefaultModel(writer, 'openai/gpt-4o-mini')
    expect(await readDefaultModel(db)).toBe('openai/gpt-4o-mini')
    const ops = await db.pending_ops.toArray()
    expect(ops.map((op) => op.pk)).toEqual([SETTINGS_KV.defaultModel])
  })

  it('keeps the model list cache on this device and ignores a malformed one', async () => {
    const { db, writer } = await openChatDb('ws-cloud')
    await saveModelCache(writer, { models: [{ id: 'm', name: null, contextLength: null }], defaultModel: 'm' }, 42)
    expect(await readModelCache(db)).toEqual({ models: [{ id: 'm', name: null, contextLength: null }], defaultModel: 'm', fetchedAt: 42 })
    expect(await db.pending_ops.count()).toBe(0)
    await writer.put('kv', { name: SETTINGS_KV.modelCache, value: { models: 'nope' } })
    expect(await readModelCache(db)).toBeNull()
  })
})
