import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { buildMessageTree, nextMessageIndex, shownPath } from '../../../app/core/chat/message-branches'
import { addUserTurn, editUserMessage, showVersion } from '../../../app/core/chat/thread-writes'
import { listMessages } from '../../../app/core/db/queries'
import { ManualScheduler } from './support/manual-scheduler'
import { createMemorySyncServer } from './support/memory-sync-provider'
import { closeTestDatabases } from './support/test-db'
import { createTestDevice } from './support/test-device'

afterEach(closeTestDatabases)

type Device = Awaited<ReturnType<typeof createTestDevice>>

/** The chat-write context of a device, on its own clock. */
const chat = (device: Device) => ({ db: device.db, writer: device.writer, now: device.scheduler.now })

async function settle(...devices: Device[]) {
  for (let round = 0; round < 2; round++) {
    for (const device of devices) {
      device.scheduler.advance(10)
      await device.sync.whenIdle()
    }
  }
}

/** What a device shows of the thread: each message's text and, when it has versions, its place. */
async function shown(device: Device, threadId: string) {
  const path = shownPath(buildMessageTree(await listMessages(device.db, threadId)))
  return path.map(({ message, place }) => (place.count > 1 ? `${message.content} ${place.position}/${place.count}` : message.content))
}

async function twoDevicesWithThread() {
  const server = createMemorySyncServer()
  const a = await createTestDevice(server.providerFor(), { deviceId: 'dev-a', scheduler: new ManualScheduler() })
  const b = await createTestDevice(server.providerFor(), { deviceId: 'dev-b', scheduler: new ManualScheduler() })
  a.sync.start()
  b.sync.start()
  const turn = await addUserTurn(chat(a), { threadId: null, text: 'one', fileHashes: [], model: 'm' })
  await a.writer.patch('messages', turn.answerId, { content: 'answer one', status: 'complete' })
  await settle(a, b)
  return { a, b, turn }
}

describe('versions of a message across devices', () => {
  it('edits made on two devices at once both survive, and both devices show the same version', async () => {
    const { a, b, turn } = await twoDevicesWithThread()
    a.scheduler.advance(1_000)
    b.scheduler.advance(2_000)
    await editUserMessage(chat(a), { messageId: turn.userMessageId, text: 'ONE from a', model: 'm' })
    await editUserMessage(chat(b), { messageId: turn.userMessageId, text: 'ONE from b', model: 'm' })
    await settle(a, b)
    const onA = await shown(a, turn.threadId)
    // Both wrote index 2 (each after the rows it had): the newer switch is shown.
    expect(onA[0]).toMatch(/^ONE from b [23]\/3$/)
    expect(await shown(b, turn.threadId)).toEqual(onA)
    const versions = (await listMessages(b.db, turn.threadId)).filter((m) => m.role === 'user').map((m) => m.content)
    expect(versions.sort()).toEqual(['ONE from a', 'ONE from b', 'one'])

    // Two switches at once: each writes only its own row, and both devices settle on the one made later.
    a.scheduler.advance(5_000)
    await showVersion(chat(a), turn.userMessageId)
    await showVersion(chat(b), (await listMessages(b.db, turn.threadId)).find((m) => m.content === 'ONE from a')!.id)
    await settle(a, b)
    expect(await shown(a, turn.threadId)).toEqual(await shown(b, turn.threadId))
    expect(await shown(a, turn.threadId)).toEqual(['one 1/3', 'answer one'])
  })

  it('a device that does not know branches keeps them: its rewrites keep the fields, its new turns follow what it showed last', async () => {
    const { a, b, turn } = await twoDevicesWithThread()
    const edit = await editUserMessage(chat(a), { messageId: turn.userMessageId, text: 'ONE', model: 'm' })
    await a.writer.patch('messages', edit.answerId, { content: 'answer ONE', status: 'complete' })
    await showVersion(chat(a), turn.userMessageId)
    await settle(a, b)
    const before = await shown(a, turn.threadId)
    expect(before).toEqual(['one 1/2', 'answer one'])

    // Device b runs a build from before branches. Its regenerate rewrote the answer in place through
    // the same writer (a patch spreads the whole row, unknown fields included), and its new turn
    // is two rows without parent_id or shown_at, after every row it had.
    await b.writer.patch('messages', edit.answerId, { content: 'answer ONE, again', status: 'complete', job_id: null })
    const index = nextMessageIndex(await listMessages(b.db, turn.threadId))
    const question = { thread_id: turn.threadId, file_hashes: [], job_id: null, status: 'complete' as const, model: null, created_at: b.scheduler.now() }
    await b.writer.put('messages', { ...question, id: 'old-q', role: 'user', content: 'two', index })
    await b.writer.put('messages', { ...question, id: 'old-a', role: 'assistant', content: 'answer two', index: index + 1, model: 'm' })
    await settle(a, b)

    const rewritten = await a.db.messages.get(edit.answerId)
    expect(rewritten).toMatchObject({ content: 'answer ONE, again', parent_id: edit.userMessageId })
    expect(await shown(a, turn.threadId), 'the switch and the versions are intact').toEqual(['one 1/2', 'answer one'])
    await showVersion(chat(a), edit.userMessageId)
    expect(await shown(a, turn.threadId), 'its turn follows the last row it showed').toEqual(['ONE 2/2', 'answer ONE, again', 'two', 'answer two'])
  })
})
